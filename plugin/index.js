// Run by the Node.js language host's run-plugin (PulumiPlugin.yaml, runtime nodejs): loading
// the plugin entry starts the server and prints its port, as the executable
// `pulumi-resource-roma` does. The provider is the repository around this folder, loaded by
// path: a `file:..` dependency would make `npm install` here build the repository before its
// dependencies exist (prepare-repository.js installs and builds it instead).
require("../dist/plugin/cli.js");
