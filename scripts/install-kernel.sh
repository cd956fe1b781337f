#!/usr/bin/env bash
# Install the notebooks' Jupyter kernel into .jupyter/ (no system change): tslab, started from the
# project root so that cells import the library as './src/analysis/...' and read 'data/raw/...'
# wherever the notebook file sits (tslab compiles with rootDir = its working directory).
# Use: JUPYTER_PATH=$PWD/.jupyter/share/jupyter jupyter notebook notebooks/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/ensure-node-deps.sh"
dir="$root/.jupyter/share/jupyter/kernels/netbench"
mkdir -p "$dir"
# written beside and renamed into place, here and below: tests that run side by side install it
# at once, and a Jupyter starting then reads the old file or the new, never half of one
cat > "$dir/kernel.json.$$" <<JSON
{
  "argv": ["/bin/sh", "-c", "cd \"\$1\" && exec ./node_modules/.bin/tslab kernel --config-path \"\$0\"", "{connection_file}", "$root"],
  "display_name": "TypeScript (runtime-netbench)",
  "language": "typescript"
}
JSON
mv -f "$dir/kernel.json.$$" "$dir/kernel.json"
# plotly.js where the classic notebook serves it (/nbextensions/runtime-netbench/plotly.min.js): a
# page that did not see the kernel send it inline (a reload, a second tab) loads it from there
ext="$root/.jupyter/share/jupyter/nbextensions/runtime-netbench"
mkdir -p "$ext"
cp "$root/node_modules/plotly.js-dist-min/plotly.min.js" "$ext/plotly.min.js.$$"
mv -f "$ext/plotly.min.js.$$" "$ext/plotly.min.js"
echo "kernel 'netbench' installed in $dir; run Jupyter with JUPYTER_PATH=$root/.jupyter/share/jupyter" >&2
