// Runs one `pulumi` command on a Node.js program without the Node.js language host
// (`pulumi-language-nodejs`), whose Go module the module proxy does not serve (docs/architecture.md, "Running
// the real Pulumi engine"). The program runs in this process under the Node SDK's own language
// server, the one the Automation API uses for inline programs
// (`@pulumi/pulumi/automation/server.js`, started as in `automation/stack.js`), and the real CLI
// is pointed at it with `--client`, as the Automation API does (the CLI takes it for preview, up,
// refresh and destroy since v3.181). Everything else is the real engine: the CLI, the deployment,
// the dynamic-provider host it starts, the state it writes, the text it prints.
//
//   node -r ts-node/register/transpile-only scripts/run-node-program.ts <program> -- pulumi <args...>
//
// <program> is a module path: its exports become the stack's outputs, as with `main:` in
// Pulumi.yaml. The CLI runs in the current directory (the project's) with this process's
// environment; this process exits with the CLI's exit code. A new process per command, as
// `pulumi` itself is: the program module is loaded afresh each time.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpc from "@grpc/grpc-js";

// Only these commands run the program (or accept --client); the rest go to the CLI as they are.
const PROGRAM_COMMANDS = new Set(["preview", "up", "update", "refresh", "destroy"]);

interface LanguageServer {
    onPulumiExit(hasError: boolean): void;
}

async function main(argv: string[]): Promise<number> {
    const sep = argv.indexOf("--");
    if (sep !== 1 || argv.length < 3) {
        console.error("usage: run-node-program <program> -- <pulumi> <args...>");
        return 2;
    }
    const program = path.resolve(argv[0]);
    const [cli, ...args] = argv.slice(2);
    if (!PROGRAM_COMMANDS.has(args[0] ?? "")) return spawnCli(cli, args);

    // The project's own copy of @pulumi/pulumi, the one the program loads: its runtime settings
    // are module state, so the server must be that copy's. Deep imports of the SDK's
    // inline-program server: not part of its typed surface, but the modules its Automation API
    // loads (automation/stack.js).
    const projectRequire = createRequire(path.join(process.cwd(), "package.json"));
    const grpcJs = projectRequire(projectRequire.resolve("@grpc/grpc-js", { paths: [projectRequire.resolve("@pulumi/pulumi")] })) as typeof grpc;
    const { LanguageServer } = projectRequire("@pulumi/pulumi/automation/server") as {
        LanguageServer: new (program: () => Promise<Record<string, unknown>>) => LanguageServer;
    };
    const langrpc = projectRequire("@pulumi/pulumi/proto/language_grpc_pb") as { LanguageRuntimeService: grpc.ServiceDefinition };
    const { grpcChannelOptions } = projectRequire("@pulumi/pulumi/runtime") as { grpcChannelOptions: grpc.ChannelOptions };

    const server = new grpcJs.Server(grpcChannelOptions);
    // `pulumi up` runs the program twice through one server (its preview, then the update), and
    // each run must register every resource again, as a new process would: the program's own
    // modules (not its dependencies, whose state the SDK keeps) are loaded afresh each time.
    const languageServer = new LanguageServer(async () => {
        for (const file of Object.keys(projectRequire.cache)) if (!file.split(path.sep).includes("node_modules")) delete projectRequire.cache[file];
        return projectRequire(program) as Record<string, unknown>;
    });
    server.addService(langrpc.LanguageRuntimeService, languageServer as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpcJs.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    try {
        const code = await spawnCli(cli, [...args, `--client=127.0.0.1:${port}`]);
        languageServer.onPulumiExit(code !== 0);
        return code;
    } finally {
        server.forceShutdown();
    }
}

function spawnCli(cli: string, args: string[]): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(cli, args, { stdio: "inherit" });
        child.on("error", reject);
        child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
        process.exit(1);
    },
);
