#!/bin/sh
# Maeul quick start: `./quickstart.sh demo [--port N]` or `./quickstart.sh test [pytest args]`.
#
# Both create (or reuse) the virtual environment in .venv, install the locked dependencies
# (`demo` only what the running product needs, requirements/runtime.txt; `test` adds the
# development lock, requirements/dev.txt) and Maeul itself, and compile the Korean and
# English catalogues. `demo` then migrates an SQLite database under ./var, loads the demo
# data and serves http://127.0.0.1:8000;
# `test` runs the whole test suite (on SQLite unless MAEUL_DATABASE_URL says otherwise).
# Running either again reuses what is already installed.
set -eu
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

need_python() {
    if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        echo "Maeul needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
        exit 1
    fi
}

# setup LOCK: install requirements/LOCK.txt (runtime: what the product imports; dev: runtime
# plus tests, oracles, linters and the browser driver), both locked with hashes.
setup() {
    need_python
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Creating the virtual environment in $VENV ..."
        "$PYTHON" -m venv "$VENV" || {
            echo "Could not create a virtual environment: on Debian/Ubuntu run 'sudo apt install python3-venv'." >&2
            exit 1
        }
    fi
    lock="requirements/$1.txt"
    stamp="$VENV/.maeul-installed-$1"
    # setup.py and the C kernel's source are in the stamp: the editable install below builds
    # the kernel in place (maeul/engine/budgeting/_kernel.*.so), so a change to either
    # builds it again.
    wanted="$(cat "$lock" pyproject.toml setup.py maeul/engine/budgeting/_kernel.c | cksum)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        echo "Installing the locked dependencies ($lock) ..."
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --require-hashes -r "$lock"
        "$VENV/bin/python" -m pip install --quiet --no-deps --config-settings editable_mode=compat -e .
        echo "$wanted" > "$stamp"
    fi
    # Imported, not only looked for: a kernel built for another Python would not load.
    if ! "$VENV/bin/python" -c 'import maeul.engine.budgeting._kernel' 2>/dev/null; then
        echo "Note: the budgeting engine's C kernel is not built (no C compiler or Python headers?);" \
            "Equal Shares with add1 runs on its slower numpy path (same results). Once they are" \
            "installed: rm $stamp and run this again." >&2
    fi
    # Byte-compile Maeul itself, as pip does for an installed wheel but not for an editable
    # install: a one-shot engine command (`maeul pb solve FILE`) otherwise compiles every
    # module it imports on each run wherever bytecode is not written back
    # (PYTHONDONTWRITEBYTECODE, a read-only checkout), about a fifth of a small file's run.
    # Only changed files are compiled again; a stale .pyc is never used (Python checks the
    # source's time stamp), so this changes nothing but the start-up.
    "$VENV/bin/python" -m compileall -q maeul >/dev/null
    mkdir -p var
    "$VENV/bin/maeul" compilecatalogs >/dev/null
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
    demo)
        setup runtime
        MAEUL_DEMO=1 exec "$VENV/bin/maeul" demo "$@"
        ;;
    test)
        setup dev
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: ./quickstart.sh demo [--port N] [--no-serve]   |   ./quickstart.sh test [pytest options]" >&2
        exit 2
        ;;
esac
