#!/usr/bin/env bash
# `bash scripts/on-node.sh <line>... -- <command>...`: runs the command once on each Node.js
# release line, stopping at the first failure; a line is 22 or 24 (the lines the package supports,
# scripts/node-versions.json), or `any`: the Node.js running this when it is of a supported line,
# else the newest pinned one. A line the running Node.js belongs to runs on it; another runs on the
# version scripts/node-versions.json pins, installed by scripts/node-where.sh, first on PATH (so
# `node`, `#!/usr/bin/env node` scripts, `process.execPath` and the Pulumi CLI's Node.js hosts
# all run it). This is how `npm test` and `npm run test:e2e` run on 22 and 24 on any machine.
# ROMA_NODE_LINES="<line> ..." replaces the lines (e.g. ROMA_NODE_LINES=24 for one e2e pass).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lines=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    lines+=("$1")
    shift
done
if [ $# -lt 2 ]; then
    echo "usage: on-node.sh <line>... -- <command>..." >&2
    exit 2
fi
shift
if [ -n "${ROMA_NODE_LINES:-}" ]; then
    read -r -a lines <<<"$ROMA_NODE_LINES"
fi
pinned=$(node -p "Object.keys(require(process.argv[1])).join(' ')" "$here/scripts/node-versions.json")
running=$(node -p 'process.versions.node.split(".")[0]')
for line in "${lines[@]}"; do
    if [ "$line" = any ]; then
        line=${pinned##* }
        for p in $pinned; do [ "$p" = "$running" ] && line=$running; done
    fi
    if [ "$line" = "$running" ]; then
        bin=$(dirname "$(node -p process.execPath)")
    else
        bin=$(bash "$here/scripts/node-where.sh" "$line" | tail -n 1)
    fi
    echo "on-node: Node.js $("$bin/node" --version): $*" >&2
    # npm run-script names the Node.js that runs npm in these; a tool that reads them gets this one.
    PATH="$bin:$PATH" NODE="$bin/node" npm_node_execpath="$bin/node" "$@"
done
