// Run by the Node.js language host's run-plugin (PulumiPlugin.yaml, runtime nodejs): loading
// the plugin entry starts the server and prints its port, as the executable
// `pulumi-resource-roma` does.
require("pulumi-roma-tasks/plugin");
