#!/usr/bin/env bash
# `npm run actionlint [-- <actionlint flags>]`: checks .github/workflows/*.yml with actionlint
# (github.com/rhysd/actionlint, the version tools/actionlint/go.mod pins and its go.sum checks),
# built once through the ordinary `go` command into the cache `npm run pulumi:where` uses, in a
# subfolder keyed by the module files, and reused. `--where` prints the binary's path instead.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tools="$here/tools/actionlint"
if ! command -v go >/dev/null 2>&1; then
    echo "actionlint: Go (1.25 or newer) is needed to build actionlint" >&2
    exit 1
fi
version=$(awk '$1 == "github.com/rhysd/actionlint" { print $2 }' "$tools/go.mod")
key=$(cat "$tools/go.mod" "$tools/go.sum" "$0" | sha256sum | cut -c1-12)
cache="${ROMA_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-roma-tasks}"
bin="$cache/actionlint-$version-$key/actionlint"
if [ ! -x "$bin" ]; then
    echo "actionlint: building $version into $(dirname "$bin")" >&2
    mkdir -p "$(dirname "$bin")"
    (cd "$tools" && CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" go build -trimpath -o "$bin.tmp" \
        -ldflags "-X github.com/rhysd/actionlint.version=$version" github.com/rhysd/actionlint/cmd/actionlint >&2)
    mv "$bin.tmp" "$bin"
fi
if [ "${1:-}" = "--where" ]; then
    echo "$bin"
    exit 0
fi
cd "$here"
exec "$bin" "$@"
