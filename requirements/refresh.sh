#!/bin/sh
# Refresh Maeul's two locks from pyproject.toml, with hashes, keeping today's versions where
# they still satisfy it (pass --upgrade to move everything to the newest allowed versions):
#   requirements/runtime.txt  what the running product imports (pyproject's dependencies)
#   requirements/dev.txt      runtime plus the `test` extra (tests, oracles, linters, browser
#                             driver), constrained to runtime.txt's versions
# pip-tools runs from a throw-away virtual environment, so nothing is added to .venv.
set -eu
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/pip" install --quiet pip-tools
compile() {
    "$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
        --no-emit-index-url --resolver=backtracking "$@"
}
compile "$@" --output-file requirements/runtime.txt pyproject.toml
compile "$@" --extra test --constraint requirements/runtime.txt \
    --output-file requirements/dev.txt pyproject.toml
echo "refreshed requirements/runtime.txt and requirements/dev.txt"
