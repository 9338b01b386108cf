"""Build of the one C extension, the float MES kernel (maeul/engine/budgeting/_kernel.c);
everything else is in pyproject.toml.

The extension is optional: a machine without a C compiler or the Python headers installs
Maeul without it, and the engine runs its numpy path instead (same outcomes, slower add1;
see docs/subsystems/budgeting-engine.md). An editable install (``pip install -e .``, as
./quickstart.sh does) builds it next to its source.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "maeul.engine.budgeting._kernel",
            ["maeul/engine/budgeting/_kernel.c"],
            optional=True,
            # Plain IEEE arithmetic: no -ffast-math, which would let the compiler reorder
            # the sums beyond what the error argument in _kernel.c allows for.
            extra_compile_args=["-O2", "-fno-fast-math", "-std=c99", "-Wall", "-Wextra"],
        )
    ]
)
