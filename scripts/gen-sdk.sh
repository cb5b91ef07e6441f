#!/usr/bin/env bash
# `npm run sdk:gen`: regenerates the package schema (sdk/schema.json) and the SDKs for Node.js,
# Python, Go and Java (sdk/nodejs, sdk/python, sdk/go, sdk/java) from the plugin as built in dist/:
# the schema as the plugin serves it (`pulumi-resource-roma --schema`, what GetSchema answers), the
# SDKs as `pulumi package gen-sdk` would write them (roma-gen-sdk and roma-gen-sdk-java call the
# same generators; see tools/pulumi/roma-gen-sdk and tools/pulumi-java/roma-gen-sdk-java, which
# also writes sdk/java/pom.xml).
# `scripts/gen-sdk.sh <dir>` writes into <dir> instead, which is how the end-to-end suite checks
# that the committed SDKs are what the generators make of today's schema.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$here/sdk}" && cd "${1:-$here/sdk}" && pwd)
tools=$(bash "$here/scripts/pulumi-where.sh" | tail -n 1)
[ -f "$here/dist/plugin/cli.js" ] || (cd "$here" && npm run build >&2)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The plugin as the engine starts it: an executable named pulumi-resource-roma.
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$here/dist/plugin/cli.js" >"$work/pulumi-resource-roma"
chmod +x "$work/pulumi-resource-roma"
export PATH="$tools:$PATH" PULUMI_HOME="$work/home" PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_DISABLE_REGISTRY_RESOLVE=true
"$work/pulumi-resource-roma" --schema >"$out/schema.json"
for language in nodejs python go; do
    roma-gen-sdk "$out/schema.json" "$language" "$out/$language" >&2
done
roma-gen-sdk-java "$out/schema.json" "$out/java" >&2
echo "sdk: schema and SDKs written to $out" >&2
