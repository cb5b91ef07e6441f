// The TypeScript declarations' doc comments are what an editor shows, and they cannot be made
// from the zod schemas at run time: `npm run resources:gen` writes them (scripts/doc-comments.ts),
// and each property's comment is held to its zod description here, each class's to its resource's: its first paragraph must be the description, word for word (whitespace aside). Later
// paragraphs may add what only TypeScript programs need (enum constants, a `Date` input,
// ranges the types cannot say). Every property of each declaration must be commented, and the
// declaration must have exactly the schema's properties. The enum constants' comments, and each
// member's, are held to the texts each resource declares (declaration.ts), which the SDKs' enums carry.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { DECLARATIONS as RESOURCE_DECLARATIONS, type EnumDoc } from "../../provider/resources/declarations";
import { declarationOf, descriptions, DOCUMENTED, jsDocOf, normalize, propertiesOf } from "../../scripts/doc-comments";
import { REPO } from "../support/package-fixture";

const DECLARATIONS = DOCUMENTED;

const parse = (file: string) => ts.createSourceFile(file, readFileSync(path.join(REPO, file), "utf8"), ts.ScriptTarget.Latest, true);
const textOf = (doc: ts.JSDoc | undefined) => (doc ? ts.getTextOfJSDocComment(doc.comment) : undefined);

/** Each property's doc comment (undefined: none) in the named interface or class. */
function comments(file: string, name: string): Map<string, string | undefined> {
    const source = parse(file);
    return new Map(propertiesOf(declarationOf(source, name)).map((m) => [m.name.getText(source), textOf(jsDocOf(m))]));
}

describe("TypeScript doc comments and the zod descriptions", () => {
    for (const d of DECLARATIONS) {
        it(`${d.name} (${d.file}): every property documented with its zod description`, () => {
            const described = descriptions(d.schema, d.io);
            const commented = comments(d.file, d.name);
            assert.deepEqual([...commented.keys()].sort(), [...described.keys()].sort(), `${d.name}: the schema's properties`);
            const problems = [...described].flatMap(([k, description]) => {
                if (!description) return [`${k}: the zod schema has no description`];
                const comment = commented.get(k);
                if (!comment) return [`${k}: no doc comment`];
                const first = comment.split(/\n\s*\n/)[0];
                return normalize(first) === normalize(description)
                    ? []
                    : [`${k}: the comment's first paragraph is\n  ${normalize(first)}\nnot\n  ${description}`];
            });
            assert.deepEqual(problems, []);
        });
    }

    for (const d of DECLARATIONS.filter((d) => d.classDoc !== undefined))
        it(`${d.name} (${d.file}): the class's comment opens with the resource's description`, () => {
            const first = (textOf(jsDocOf(declarationOf(parse(d.file), d.name))) ?? "").split(/\n\s*\n/)[0];
            assert.equal(normalize(first), normalize(d.classDoc ?? ""));
        });
});

/** The doc comment of the enum constant `name` in `file`, and of each of its members by value. */
function enumComments(file: string, name: string): { doc?: string; members: Map<string, string | undefined> } {
    const source = ts.createSourceFile(file, readFileSync(path.join(REPO, file), "utf8"), ts.ScriptTarget.Latest, true);
    const statement = source.statements.find(
        (s): s is ts.VariableStatement => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => d.name.getText(source) === name),
    );
    const init = statement?.declarationList.declarations[0].initializer;
    const object = init && ts.isAsExpression(init) ? init.expression : init;
    if (!statement || !object || !ts.isObjectLiteralExpression(object)) throw new Error(`${file} declares no constant ${name} = { ... } as const`);
    const docOf = (node: ts.Node) => {
        const doc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
        return doc ? ts.getTextOfJSDocComment(doc.comment) : undefined;
    };
    const members = new Map(
        object.properties
            .filter(ts.isPropertyAssignment)
            .map((p) => [ts.isStringLiteral(p.initializer) ? p.initializer.text : p.initializer.getText(source), docOf(p)]),
    );
    return { doc: docOf(statement), members };
}

describe("TypeScript enum constants and the declared enum docs", () => {
    for (const d of RESOURCE_DECLARATIONS)
        for (const [token, docs] of Object.entries<EnumDoc>(d.enums ?? {})) {
            const name = token.slice(token.lastIndexOf(":") + 1);
            const file = `provider/resources/${d.folder}/types.ts`;
            it(`${name} (${file}): the enum and each member documented with ${d.folder}/declaration.ts's text`, () => {
                const { doc, members } = enumComments(file, name);
                assert.deepEqual([...members.keys()].sort(), Object.keys(docs.values).sort(), `${name}: the declared values`);
                const problems = [
                    ...(normalize(doc ?? "") === normalize(docs.description) ? [] : [`${name}: the comment is\n  ${doc}\nnot\n  ${docs.description}`]),
                    ...Object.entries(docs.values).flatMap(([value, text]) =>
                        normalize(members.get(value) ?? "") === normalize(text) ? [] : [`${value}: the comment is\n  ${members.get(value)}\nnot\n  ${text}`],
                    ),
                ];
                assert.deepEqual(problems, []);
            });
        }
});
