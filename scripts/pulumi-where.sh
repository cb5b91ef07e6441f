#!/usr/bin/env bash
# `npm run pulumi:where`: builds, or reuses when already built, the Pulumi CLI and the tools the
# end-to-end suite and `npm run example` run, and prints the folder that holds them as the last
# line of its output (progress goes to stderr).
#
# Everything comes from Go modules through the ordinary `go` command and its module proxy
# (tools/pulumi/go.mod, tools/pulumi-yaml/go.mod and tools/pulumi-java/go.mod pin them, their go.sum
# check them; YAML and Java have modules of their own because pulumi-yaml v1.25.0 builds against
# pkg/v3 v3.206 and pulumi-java v1.34.0 against v3.254, not v3.274); nothing else is downloaded:
#   pulumi                         github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
#   pulumi-language-yaml           github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
#   pulumi-language-java           github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java
#   roma-gen-sdk                   tools/pulumi/roma-gen-sdk: Pulumi's SDK generators (pkg/v3/codegen)
#   roma-gen-sdk-java              tools/pulumi-java/roma-gen-sdk-java: Pulumi's Java SDK generator
# (the two generator commands share tools/sdkout, a module of the standard library only)
#   pulumi-resource-pulumi-nodejs  script shipped in the sdk/v3 module (runs dynamic providers)
#   pulumi-language-python-exec    script shipped in the sdk/v3 module
# The Node.js, Python and Go language hosts are Go modules of their own that the proxy does not
# serve (see README, "Running the real Pulumi engine"); programs in those languages run through
# their SDK's Automation API language server instead (`pulumi ... --client`).
#
# ROMA_PULUMI_DIR=<folder with an installed `pulumi`> skips the build and uses that folder.
# ROMA_PULUMI_CACHE=<folder> moves the cache (default: $XDG_CACHE_HOME or ~/.cache, then
# pulumi-roma-tasks/); each build has its own subfolder, keyed by the versions and a hash of
# tools/ and this script, so an older checkout keeps finding its own.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tools="$here/tools/pulumi"
yaml_tools="$here/tools/pulumi-yaml"
java_tools="$here/tools/pulumi-java"

if [ -n "${ROMA_PULUMI_DIR:-}" ]; then
    if ! "$ROMA_PULUMI_DIR/pulumi" version >/dev/null 2>&1; then
        echo "pulumi:where: ROMA_PULUMI_DIR=$ROMA_PULUMI_DIR has no working \`pulumi\`" >&2
        exit 1
    fi
    echo "$ROMA_PULUMI_DIR"
    exit 0
fi

if ! command -v go >/dev/null 2>&1; then
    echo "pulumi:where: Go (1.24 or newer) is needed to build the Pulumi CLI; install Go, or set ROMA_PULUMI_DIR to the folder of an installed \`pulumi\`" >&2
    exit 1
fi

version_of() { awk -v m="$1" '{ for (i = 1; i < NF; i++) if ($i == m) { print substr($(i + 1), 2); exit } }' "$2"; }
pulumi_version=$(version_of github.com/pulumi/pulumi/pkg/v3 "$tools/go.mod")
yaml_version=$(version_of github.com/pulumi/pulumi-yaml "$yaml_tools/go.mod")
java_version=$(version_of github.com/pulumi/pulumi-java "$java_tools/go.mod")
key=$(cat "$tools/go.mod" "$tools/go.sum" "$tools"/roma-gen-sdk/*.go "$yaml_tools/go.mod" "$yaml_tools/go.sum" \
    "$java_tools/go.mod" "$java_tools/go.sum" "$java_tools"/roma-gen-sdk-java/*.go "$here"/tools/sdkout/go.mod "$here"/tools/sdkout/*.go \
    "$0" | sha256sum | cut -c1-12)
cache="${ROMA_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-roma-tasks}"
dir="$cache/pulumi-v$pulumi_version-yaml-v$yaml_version-java-v$java_version-$key"

if [ -f "$dir/.complete" ]; then
    echo "pulumi:where: using $dir" >&2
    echo "$dir"
    exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.build-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
echo "pulumi:where: building Pulumi v$pulumi_version, pulumi-yaml v$yaml_version and pulumi-java v$java_version into $dir (a cold build takes 15-30 minutes on 2 cores)" >&2
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly"
# The release build's flags (pulumi/pulumi's .goreleaser.yml): static, trimmed, the version stamped in.
cd "$tools"
go build -trimpath -tags osusergo,grpcnotrace -o "$tmp/" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$pulumi_version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./roma-gen-sdk >&2
sdk=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
cd "$yaml_tools"
go build -trimpath -tags osusergo,grpcnotrace -o "$tmp/" \
    -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$yaml_version" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml >&2
cd "$java_tools"
go build -trimpath -tags osusergo,grpcnotrace -o "$tmp/" \
    -ldflags "-X github.com/pulumi/pulumi-java/pkg/version.Version=v$java_version" \
    github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java ./roma-gen-sdk-java >&2
install -m 0755 "$sdk/nodejs/dist/pulumi-resource-pulumi-nodejs" "$tmp/"
install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$tmp/"
"$tmp/pulumi" version >&2
printf 'pulumi v%s\npulumi-yaml v%s\npulumi-java v%s\nbuilt in %ss\n' "$pulumi_version" "$yaml_version" "$java_version" "$(($(date +%s) - start))" >"$tmp/.complete"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
echo "pulumi:where: built in $(($(date +%s) - start)) s" >&2
echo "$dir"
