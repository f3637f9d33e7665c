"""The test notebooks run in IPython with Keras 3, and what `model.summary()` printed.

    PYTHONPATH=/tmp/ipy /tmp/kenv/bin/python tools/keras_oracle/notebooks.py \
        > tests/fixtures/keras3_notebooks.json

(IPython is not in the Keras venv: `/tmp/kenv/bin/python -m pip install --target /tmp/ipy
ipython`.) Each notebook in tests/fixtures/notebooks/ (and each .py export there) runs
cell by cell in a real IPython shell, so `%%time`, `%time`, `%%capture`, `%%bash`,
`x = !cmd` and `obj?` mean what IPython makes of them, not what lstmcalc does. Only the
side effects are stubbed: shell commands, `%%bash` and `%pip`/`%matplotlib`/`%env` do
nothing (no network, no subprocess, no plotting backend); what the cells print is
dropped. The fixture records the `model` each notebook leaves behind (COLUMNS=120, no
colour); tests/test_notebook.py reads each notebook with lstmcalc and compares. A
one-off, in a throwaway venv: lstmcalc never depends on Keras or IPython.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"

HERE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "notebooks"


def code_cells(path: Path) -> list[str]:
    """The code cells' sources, joined as Jupyter joins them; a .py export is one cell."""
    if path.suffix == ".py":
        return [path.read_text()]
    notebook = json.loads(path.read_text())
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in notebook["cells"] if c["cell_type"] == "code"]


def shell():  # type: ignore[no-untyped-def]
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance(colors="nocolor")
    ip.system = lambda cmd: None  # `!cmd` and %%bash's siblings run nothing
    ip.getoutput = lambda cmd, split=True, depth=0: []  # `x = !cmd` gets an empty list
    for name in ("pip", "matplotlib", "env"):
        ip.register_magic_function(lambda line: None, "line", name)
    ip.register_magic_function(lambda line, cell: None, "cell", "bash")
    return ip


def main() -> None:
    import keras
    from IPython.core.interactiveshell import InteractiveShell

    out = []
    for path in sorted(HERE.iterdir()):
        if path.suffix not in (".ipynb", ".py"):
            continue
        keras.backend.clear_session()
        InteractiveShell.clear_instance()
        ip = shell()
        for number, source in enumerate(code_cells(path), 1):
            with contextlib.redirect_stdout(io.StringIO()):  # the notebook's own prints and timings
                result = ip.run_cell(source, store_history=False)
            if not result.success:
                sys.exit(f"{path.name}: code cell {number} failed: {result.error_before_exec or result.error_in_exec!r}")
        lines: list[str] = []
        ip.user_ns["model"].summary(print_fn=lambda line, _lines=lines, **_: _lines.append(line))
        out.append({"name": path.name, "summary": "\n".join(lines)})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
