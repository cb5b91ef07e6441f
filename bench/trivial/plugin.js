// The trivial provider as a plugin: a gRPC server on the same generated classes as the roma
// plugin, whose check and diff return at once (bench/index.ts, trivialBeside). It is copied into
// the fixture project, whose @pulumi/pulumi it loads.
const { createRequire } = require("node:module");
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));
const grpc = fromPulumi("@grpc/grpc-js");
const pb = fromPulumi("./provider_pb");
const server = new grpc.Server();
const unary = (f) => (call, callback) => callback(null, f(call.request));
server.addService(fromPulumi("./provider_grpc_pb").ResourceProviderService, {
    getPluginInfo: unary(() => new (fromPulumi("./plugin_pb").PluginInfo)().setVersion("0.0.0")),
    configure: unary(() => new pb.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true)),
    check: unary((req) => new pb.CheckResponse().setInputs(req.getNews())),
    diff: unary(() => new pb.DiffResponse().setChanges(pb.DiffResponse.DiffChanges.DIFF_NONE)),
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => process.stdout.write(port + "\n"));
