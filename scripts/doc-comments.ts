// The TypeScript declarations' doc comments, written from the zod descriptions by
// `npm run resources:gen` (scripts/gen-resources.ts): an editor shows these comments, and they
// cannot be computed at run time, so each property's comment opens with its schema field's
// description, and each resource class's with its inputs schema's. Later paragraphs (and tags
// such as `@example`) are the comment's own: what only TypeScript programs need (enum
// constants, a `Date` input, ranges the types cannot say). test/unit/jsdoc.test.ts checks them.
import * as path from "node:path";
import * as ts from "typescript";
import type { z } from "zod";
import { jsonSchemaOf } from "../provider/plugin/schema";
import { DECLARATIONS } from "../provider/resources/declarations";
import { GetTasksArgs, GetTasksResult, TaskData } from "../provider/resources/get-tasks/schema";
import { JobResult } from "../provider/resources/drs-job-retry/schema";
import { TaskSelector, TaskView } from "../provider/resources/task-run-state/schema";

export interface Documented {
    /** From the repository root. */
    file: string;
    /** The interface or class whose properties are documented. */
    name: string;
    schema: z.ZodType;
    /** Inputs are documented as a program gives them, outputs as state holds them (defaults applied). */
    io: "input" | "output";
    /** A class: its own comment opens with this text too (the resource's description). */
    classDoc?: string;
}

/** Every documented declaration: each resource's args and class, from the declarations, then the object types' and the function's interfaces. */
export const DOCUMENTED: readonly Documented[] = [
    ...DECLARATIONS.flatMap((d): Documented[] => {
        const file = `provider/resources/${d.folder}/resource.ts`;
        return [
            { file, name: `${d.definition.type}Args`, schema: d.definition.inputs, io: "input" },
            { file, name: d.definition.type, schema: d.definition.state, io: "output", classDoc: d.definition.inputs.description },
        ];
    }),
    { file: "provider/resources/task-run-state/resource.ts", name: "TaskSelectorArgs", schema: TaskSelector, io: "input" },
    { file: "provider/resources/task-run-state/types.ts", name: "TaskSelector", schema: TaskSelector, io: "input" },
    { file: "provider/resources/task-run-state/types.ts", name: "ObservedTaskState", schema: TaskView, io: "output" },
    { file: "provider/resources/drs-job-retry/types.ts", name: "DrsJobRetryResult", schema: JobResult, io: "output" },
    { file: "provider/resources/get-tasks/types.ts", name: "GetTasksArgs", schema: GetTasksArgs, io: "input" },
    { file: "provider/resources/get-tasks/function.ts", name: "GetTasksOutputArgs", schema: GetTasksArgs, io: "input" },
    { file: "provider/resources/get-tasks/types.ts", name: "TaskData", schema: TaskData, io: "output" },
    { file: "provider/resources/get-tasks/types.ts", name: "GetTasksResult", schema: GetTasksResult, io: "output" },
];

export const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

/** Each property's description, as the plugin's package schema reads it. */
export function descriptions(schema: z.ZodType, io: "input" | "output"): Map<string, string | undefined> {
    const json = jsonSchemaOf(schema, io);
    return new Map(Object.entries(json.properties ?? {}).map(([k, v]) => [k, v.description]));
}

/** The declaration named `name` (an interface or a class) in a parsed file. */
export function declarationOf(source: ts.SourceFile, name: string): ts.InterfaceDeclaration | ts.ClassDeclaration {
    const found = source.statements.find(
        (s): s is ts.InterfaceDeclaration | ts.ClassDeclaration => (ts.isInterfaceDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name,
    );
    if (!found) throw new Error(`${source.fileName} declares no ${name}`);
    return found;
}

/** The properties of an interface or a class. */
export const propertiesOf = (found: ts.InterfaceDeclaration | ts.ClassDeclaration) =>
    (found.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>).filter(
        (m): m is ts.PropertySignature | ts.PropertyDeclaration => ts.isPropertySignature(m) || ts.isPropertyDeclaration(m),
    );

/** A node's last doc comment. */
export const jsDocOf = (node: ts.Node): ts.JSDoc | undefined => ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of normalize(text).split(" ")) {
        if (line !== "" && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else line = line === "" ? word : `${line} ${word}`;
    }
    return line === "" ? lines : [...lines, line];
}

/** The comment's lines without its `/**`, `*\/` and leading `*`. */
function bodyLines(raw: string): string[] {
    const inner = raw.replace(/^\/\*\*/, "").replace(/\*\/$/, "");
    const lines = inner.split("\n").map((l) => l.replace(/^\s*\* ?/, "").replace(/\s+$/, ""));
    while (lines.length > 0 && lines[0].trim() === "") lines.shift();
    while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
    return lines;
}

/** The comment `raw` (or a new one) opening with `first` instead of its first paragraph; undefined when it already does. */
function rewritten(raw: string | undefined, first: string, indent: string): string | undefined {
    const lines = raw === undefined ? [] : bodyLines(raw);
    const end = lines.findIndex((l) => l.trim() === "" || l.trimStart().startsWith("@"));
    const own = end < 0 ? [] : lines.slice(end);
    const head = end < 0 ? lines : lines.slice(0, end);
    if (raw !== undefined && normalize(head.join(" ")) === normalize(first)) return undefined;
    const oneLine = `${indent}/** ${normalize(first)} */`;
    if (own.length === 0 && oneLine.length <= 160) return oneLine.trimStart();
    // Wrapped as the hand-written comments are, at about 100 columns.
    const body = [...wrap(first, 100 - indent.length - 3), ...(own.length > 0 && own[0].trim() !== "" ? [""] : []), ...own];
    return ["/**", ...body.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`].join("\n");
}

/** The text of `file` with every documented declaration's comments opening with their schema's descriptions. */
export function withDocComments(file: string, text: string): string {
    const source = ts.createSourceFile(path.basename(file), text, ts.ScriptTarget.Latest, true);
    const edits: { start: number; end: number; text: string }[] = [];
    const edit = (node: ts.Node, first: string) => {
        const doc = jsDocOf(node);
        const start = doc ? doc.getStart(source) : node.getStart(source);
        const indent = " ".repeat(source.getLineAndCharacterOfPosition(start).character);
        const next = rewritten(doc?.getText(source), first, indent);
        if (next !== undefined) edits.push({ start, end: doc ? doc.end : start, text: doc ? next : `${next}\n${indent}` });
    };
    for (const d of DOCUMENTED.filter((d) => d.file === file)) {
        const found = declarationOf(source, d.name);
        if (d.classDoc) edit(found, d.classDoc);
        const described = descriptions(d.schema, d.io);
        for (const m of propertiesOf(found)) {
            const description = described.get(m.name.getText(source));
            if (description) edit(m, description);
        }
    }
    return edits.sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** The files that hold documented declarations. */
export const documentedFiles = (): string[] => [...new Set(DOCUMENTED.map((d) => d.file))];
