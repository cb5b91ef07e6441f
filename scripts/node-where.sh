#!/usr/bin/env bash
# `bash scripts/node-where.sh <line>`: the folder that holds `node` of the version
# scripts/node-versions.json pins for that release line (22, 24), printed as the last line of
# output; installed once, when missing, from the npm registry's official-binary package
# `node-<os>-<arch>@<version>` (the `node` executable of the nodejs.org release, published by the
# `node` package's maintainers: https://www.npmjs.com/package/node) through the ordinary `npm pack`,
# which checks the registry's integrity hash, into the cache `npm run pulumi:where` uses
# (~/.cache/pulumi-roma-tasks/node-v<version>-<os>-<arch>). The tests run their suites on these
# (scripts/on-node.sh) and the plugin embeds the 24 line (scripts/plugin-bundle.ts).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
line=${1:?usage: node-where.sh <line, e.g. 24>}
version=$(node -p "require(process.argv[1])[process.argv[2]] ?? ''" "$here/scripts/node-versions.json" "$line")
if [ -z "$version" ]; then
    echo "node-where: scripts/node-versions.json pins no Node.js $line (it pins $(node -p "Object.keys(require(process.argv[1])).join(', ')" "$here/scripts/node-versions.json"))" >&2
    exit 1
fi
case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    MINGW* | MSYS* | CYGWIN*) os=win ;;
    *) os=$(uname -s) ;;
esac
case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
esac
exe=node
[ "$os" = win ] && exe=node.exe
cache="${ROMA_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-roma-tasks}"
dir="$cache/node-v$version-$os-$arch"
if [ ! -f "$dir/.complete" ]; then
    echo "node-where: installing Node.js v$version from the npm package node-$os-$arch@$version into $dir" >&2
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/.node-XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    if ! tarball=$(cd "$tmp" && npm pack "node-$os-$arch@$version" --silent --loglevel=error); then
        echo "node-where: the npm registry has no node-$os-$arch@$version; install Node.js v$version yourself and run with it first on PATH" >&2
        exit 1
    fi
    # Only the executable and its licence: the headers and docs are not needed to run it.
    tar xzf "$tmp/$tarball" -C "$tmp" package/LICENSE "package/bin/$exe" 2>/dev/null || tar xzf "$tmp/$tarball" -C "$tmp" package/LICENSE "package/$exe"
    mkdir -p "$tmp/out"
    mv "$tmp/package/LICENSE" "$tmp/out/"
    mv "$tmp/package/bin/$exe" "$tmp/out/" 2>/dev/null || mv "$tmp/package/$exe" "$tmp/out/"
    got=$("$tmp/out/$exe" --version)
    if [ "$got" != "v$version" ]; then
        echo "node-where: node-$os-$arch@$version holds Node.js $got" >&2
        exit 1
    fi
    touch "$tmp/out/.complete"
    rm -rf "$dir"
    mv "$tmp/out" "$dir" || [ -f "$dir/.complete" ] # another process installed it meanwhile
    rm -rf "$tmp"
    trap - EXIT
fi
echo "$dir"
