"""Keras 3's own answer for every real-world script in tests/realworld/, as its author would run it.

    /tmp/kenv/bin/python tools/keras_oracle/realworld.py              # every entry
    /tmp/kenv/bin/python tools/keras_oracle/realworld.py --only 005   # entries whose folder starts so
    /tmp/kenv/bin/python tools/keras_oracle/realworld.py --corpus DIR # entries of another folder
    /tmp/k2env/bin/python tools/keras_oracle/realworld.py --keras 2 --fork --jobs 2 --corpus DIR
        # tf.keras 2 (tf_keras 2.21): keras2.json beside keras3.json
        (entries 114 on commit no file: run them from a folder that holds their files too, then
        copy each keras3.json back; see tests/realworld/README.md)

A one-off, run in a throwaway virtual environment with TensorFlow 2.21 and Keras 3.15.1 (plus
pandas, scikit-learn and matplotlib for the scripts that import them). lstmcalc never depends
on TensorFlow; this script only records fixtures. Each entry folder `NNN_slug/` holds one file
written by someone else (a `.py` script or an `.ipynb` notebook, never edited) and, written by
hand from reading that file, `recipe.json`:

    {"set":     {"EXPR": "PYTHON LITERAL", ...},   # the run-time values, exactly as lstmcalc's --set
     "prelude": "python code",                    # oracle-only stubs, run before the file
     "driver":  "python code",                    # optional: calls a builder the file never calls
     "unrunnable": "why",                         # optional: the file cannot be run honestly
     "notes":   "why each value and stub"}

The script writes `keras3.json` beside it:

    {"keras_version": "3.15.1", "file": NAME, "set": {...}, "driver": CODE or null,
     "summaries": [TEXT, ...],          # every model.summary() the file (or driver) printed, in order
     "models": [{"name", "class", "variable", "driver", "role", "summary", "summary_exception"}, ...],
     "exception": null or {"type", "message", "line", "cell"}}

or `{"keras_version", "file", "unrunnable": "why"}`.

`set` rewriting (the way `lstmcalc summary FILE --set EXPR=VALUE` reads the file): every key and
every expression of the file are compared by `ast.unparse`. Wherever an expression being read
(not an assignment target) equals a key, it is replaced by the value's literal, outermost match
first. So `x_train.shape[1]` = `60` replaces that subscript; `x_train.shape` = `(1000, 60, 1)`
replaces the attribute, and `x_train.shape[1:]` then slices the tuple; `n` = `5` replaces the
name (also a function's parameter read in its body). The file's own assignments still run.

How each entry is run: in its own subprocess (120 s limit), in a fresh temporary working
directory, with `COLUMNS=120`, TensorFlow's logs silenced and `keras.backend.clear_session()`
first, so automatic names (`sequential`, `lstm_1`) start fresh. The prelude, the rewritten file
(a notebook's code cells in order, IPython `!`/`%` lines blanked and `%%` cells skipped) and the
driver run in one namespace whose `__name__` is `"__main__"`. Whatever the author's code raises
under Keras 3 is the answer and is recorded with its line in the original file.

Global stubs (nothing heavy or external happens; each keeps Keras's own checks). Methods are
replaced on the class that defines them (Trainer.compile...), because Keras compares
`cls.compile != Trainer.compile` to detect user overrides:

- `Model.fit`, `train_on_batch`: arguments are bound against Keras's signature (an unknown
  keyword such as Keras 1's `nb_epoch` raises Python's own TypeError), `compile()` must have been
  called (Keras's ValueError otherwise), then `Model._symbolic_build` on the first batch of the
  data (arrays, a PyDataset, a generator or a tf.data.Dataset) with a `None` batch axis builds
  the model, metrics, loss and optimizer as a real first training step would (so a later
  `summary()` shows Keras's "Optimizer params" line); no training. fit returns a History with
  Keras 3's metric names (`accuracy`, `val_loss`, ...) and one 0.0 per epoch.
- `evaluate`, `predict`, `test_on_batch`, `predict_on_batch`: bound the same way; an unbuilt
  model is built from the data's shape as Keras does; evaluate returns 0.0 (or one per metric),
  predict returns outputs of the right shape holding equal probabilities along the last axis.
- `save`, `save_weights`: the real methods, writing into the temporary directory under the
  file's base name (Keras's file-extension checks stay). `load_weights`: the real method for a
  name Keras rejects, otherwise nothing is loaded. `keras.models.load_model`: the real one for
  a file this same run saved, else OracleStubError. `keras.utils.get_file`: the path the
  prelude registered with `oracle.fake_download(origin_or_name, path)`, else OracleStubError.
  `keras.utils.plot_model` draws nothing.
- `keras.datasets.*.load_data`: arguments bound against Keras's signature, then random data of
  the real dataset's shapes (IMDB/Reuters: lists of word ids below `num_words`).
- `open`/`io.open` for reading, `pandas.read_*`, `numpy.load`/`loadtxt`/`genfromtxt`: served
  from files the prelude registered with `oracle.fake_file(path, text_or_bytes)` or
  `oracle.fake_table(path, DataFrame_or_array)`; any other missing relative data file raises
  OracleStubError.
- matplotlib: the Agg backend; `plt.show`, `plt.savefig`, `Figure.savefig` do nothing.

An entry ends "built" (the file ran to its end), "raised" (the author's code raised under Keras
3: the recorded answer), "timed out" or "stub-failed" (an OracleStubError: a stub to fix, never
a recorded answer). A recipe's `unrunnable` is written as is. The prelude's `oracle` object
offers `fake_file`, `fake_table`, `fake_download`, `fake_module` (a stand-in for the author's own
local module, e.g. `config`), `inert_module` (a module whose attributes do nothing, only for
display/data helpers such as cairocffi or google.colab) and `np`/`pd`. The venv also has
pandas<3, scikit-learn<1.6 (the scripts' era: pandas 3 dropped `infer_datetime_format`, newer
scikit-learn rejects duplicate column names), matplotlib, ipython, ipywidgets and imageio.

Keras 2 (`--keras 2`, run with /tmp/k2env/bin/python: TensorFlow 2.21 + tf_keras 2.21, plus
pandas<3, scikit-learn<1.6, matplotlib, ipython, ipywidgets and imageio) writes keras2.json, the
same schema with "keras_version": "2.21.0" (tf_keras's), as each file's author ran it under
tf.keras 2: TF_USE_LEGACY_KERAS=1, so `tensorflow.keras`/`tf.keras` is tf_keras, and a meta-path
alias makes `import keras` / `from keras.X import ...` tf_keras and `tf_keras.X` (a path tf_keras
does not have, such as Keras 1's keras.layers.recurrent, raises ModuleNotFoundError naming the
`keras.X` path, as Keras 2 did; the Keras 3 installed in that venv is never reached). The same
stubs and rules, with Keras 2's own APIs (tf_keras.src.engine.training.Model and its
signatures): fit/evaluate/predict bind their arguments against tf_keras's signatures, fit and
evaluate require compile() (`_assert_compile_was_called`), then the first step is traced, not
run: the forward pass in a tf.function on the data's spec (batch axis None, or the stateful
model's fixed batch size; float64 arrays as float32, as tf_keras's data adapter casts them), so an
unbuilt Sequential is built as fit builds it, then the compiled loss and metrics on its outputs,
whose names (`loss`, `accuracy`, `acc`, `main_output_loss`...) are the History's keys (with
`val_` ones when validation data is given). train_on_batch, test_on_batch and predict_on_batch
are tf_keras's own (one batch the author gave). load_weights loads a file this same run saved and
otherwise nothing. tf_keras's Sequential keeps no internal Functional, so every Model/Sequential/
Functional constructed is recorded. Keras 2's summary() of an unbuilt model raises ValueError
(recorded as `summary_exception`); its tables have no "Optimizer params" line.

`--fork` imports TensorFlow and the Keras under test once and forks one worker per entry (the
child chdirs to its temporary directory and takes the same environment a subprocess would); the
answers are the same, only faster. `--jobs N` runs N entries at once.

`models` lists every Model the run constructed (not Sequential's internal Functional), in
construction order: `variable` is a top-level name holding it at the end, `driver` whether the
recipe's driver built it, `role` the methods called on it, `summary` what summary() printed at
the end of the run (after any stubbed fit, so with "Optimizer params" once an optimizer was
built), or `summary_exception` what it raised. `set_unused` lists set keys the file never reads.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import contextlib
import importlib
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "realworld"
TIME_LIMIT = 120
ROLE_METHODS = (
    "compile", "fit", "train_on_batch", "evaluate", "test_on_batch", "predict", "predict_on_batch",
    "save", "save_weights", "load_weights", "summary",
)


class OracleStubError(RuntimeError):
    """The oracle's stubs could not supply something the file needs (never a recorded answer)."""


# --- `set` rewriting --------------------------------------------------------------------------


def canonical(expr: str) -> str:
    return ast.unparse(ast.parse(expr.strip(), mode="eval").body)


class SetRewriter(ast.NodeTransformer):
    """Replace every read of an expression whose `ast.unparse` equals a `set` key by the value."""

    def __init__(self, settings: dict[str, str]) -> None:
        self.values = {canonical(key): value for key, value in settings.items()}
        self.hits: dict[str, int] = dict.fromkeys(self.values, 0)

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.expr) and not isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)):
            text = ast.unparse(node)
            if text in self.values:
                self.hits[text] += 1
                new = ast.parse(self.values[text].strip(), mode="eval").body
                for inner in ast.walk(new):
                    ast.copy_location(inner, node)
                    inner.end_lineno, inner.end_col_offset = node.end_lineno, node.end_col_offset
                return new
        return super().visit(node)


# --- the file's code ----------------------------------------------------------------------------


def entry_file(folder: Path) -> Path | None:
    found = sorted(p for p in folder.iterdir() if p.suffix in (".py", ".ipynb") and p.is_file())
    return found[0] if found else None


def code_units(path: Path) -> list[tuple[str, int | None]]:
    """(source, cell index) pairs: one for a script, one per code cell for a notebook."""
    if path.suffix == ".py":  # utf-8-sig: Python runs a script that starts with a byte-order mark
        return [(path.read_text(encoding="utf-8-sig"), None)]
    units = []
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if source.lstrip().startswith("%%"):
            continue  # a cell magic: not Python
        lines = ["" if line.lstrip().startswith(("!", "%")) else line for line in source.split("\n")]
        units.append(("\n".join(lines), index))
    return units


def unit_label(path: Path, cell: int | None) -> str:
    return str(path) if cell is None else f"{path}#cell{cell}"


# --- the worker: one entry, in its own process ----------------------------------------------------


class Oracle:
    """What a prelude may use: fake data files and modules, and numpy/pandas."""

    def __init__(self) -> None:
        import numpy as np

        self.np = np
        self.files: dict[str, Any] = {}
        self.tables: dict[str, Any] = {}
        self.downloads: dict[str, str] = {}

    @property
    def pd(self) -> Any:
        import pandas as pd

        return pd

    @staticmethod
    def key(path: Any) -> str:
        return os.path.normpath(os.fspath(path))

    def fake_file(self, path: str, content: str | bytes) -> None:
        self.files[self.key(path)] = content

    def fake_table(self, path: str, table: Any) -> None:
        self.tables[self.key(path)] = table

    def fake_download(self, name: str, path: str) -> None:
        """`keras.utils.get_file` called with this origin URL or file name returns `path`."""
        self.downloads[name] = path

    @staticmethod
    def fake_module(name: str, **attrs: Any) -> Any:
        """A stand-in for a module the file imports (the author's own, or one only for data/display)."""
        import types

        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module
        return module

    @staticmethod
    def inert_module(name: str) -> Any:
        """A module whose every attribute is an inert object (display/logging helpers: wandb,
        IPython.display, ipywidgets, cairocffi...). Never for anything that shapes a model."""
        module = Oracle.fake_module(name)
        module.__getattr__ = lambda attr: _Inert()  # type: ignore[attr-defined]
        return module


class Recorder:
    def __init__(self) -> None:
        self.models: list[Any] = []
        self.seen: set[int] = set()
        self.internal: set[int] = set()  # Sequential's own Functional of its layers
        self.roles: dict[int, list[str]] = {}
        self.driver_ids: set[int] = set()
        self.summaries: list[str] = []
        self.in_driver = False

    def built(self, model: Any) -> None:
        if id(model) not in self.seen:
            self.seen.add(id(model))
            self.models.append(model)
            self.roles[id(model)] = []
            if self.in_driver:
                self.driver_ids.add(id(model))

    def role(self, model: Any, name: str) -> None:
        roles = self.roles.setdefault(id(model), [])
        if name not in roles:
            roles.append(name)


def summary_text(model: Any, original: Any, *args: Any, **kwargs: Any) -> str:
    lines: list[str] = []
    kwargs["print_fn"] = lambda line, *_, **__: lines.append(line)
    original(model, *args, **kwargs)
    return "\n".join(lines)


def replace_everywhere(original: Any, replacement: Any) -> None:
    """Rebind every module attribute that is `original` (Keras re-exports one function under
    several public paths: keras.datasets.imdb, tf.keras.datasets.imdb, keras.src...)."""
    for module in list(sys.modules.values()):
        names = getattr(module, "__dict__", None)
        if not isinstance(names, dict):
            continue
        for name, value in list(names.items()):
            if value is original:
                setattr(module, name, replacement)


def bind_or_raise(function: Any, *args: Any, **kwargs: Any) -> Any:
    import inspect

    try:
        return inspect.signature(function).bind(*args, **kwargs)
    except TypeError:
        function(*args, **kwargs)  # fails while binding, so Python's own message is raised
        raise


def install_stubs(recorder: Recorder, oracle: Oracle) -> None:
    import keras
    import numpy as np
    import tensorflow as tf
    from keras.src import backend, tree
    from keras.src.models.functional import Functional
    from keras.src.models.model import Model
    from keras.src.models.sequential import Sequential

    _ = tf.keras.datasets, tf.keras.models, tf.keras.utils  # load the lazy tf.keras modules

    for cls in (Model, Sequential, Functional):
        def init(self: Any, *args: Any, _original: Any = cls.__dict__["__init__"], **kwargs: Any) -> None:
            # Sequential keeps a Functional of its layers, rebuilt on each add(): not a user's model
            caller = sys._getframe(1)
            while caller.f_back is not None and caller.f_code.co_filename == __file__:
                caller = caller.f_back  # our own wrappers of Model/Functional/Sequential.__init__
            if caller.f_code.co_filename.endswith(os.path.join("models", "sequential.py")):
                recorder.internal.add(id(self))
            elif id(self) not in recorder.internal:
                recorder.built(self)
            _original(self, *args, **kwargs)

        cls.__init__ = init

    real = {name: getattr(Model, name) for name in ROLE_METHODS}

    def patch(name: str, method: Any) -> None:
        """Replace a Model method where it is defined (Trainer.compile...): Keras compares
        `cls.compile != Trainer.compile` to detect user overrides."""
        owner = next(cls for cls in Model.__mro__ if name in cls.__dict__)
        setattr(owner, name, method)

    def noted(name: str) -> Any:
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            recorder.role(self, name)
            return real[name](self, *args, **kwargs)

        return method

    patch("compile", noted("compile"))

    def summary(self: Any, *args: Any, **kwargs: Any) -> None:
        recorder.role(self, "summary")
        text = summary_text(self, real["summary"], *args, **kwargs)
        recorder.summaries.append(text)
        print(text)

    patch("summary", summary)

    def to_array(value: Any) -> Any:
        if value is None or (hasattr(value, "shape") and hasattr(value, "dtype")):
            return value
        if hasattr(value, "to_numpy"):
            return value.to_numpy()
        if isinstance(value, dict):
            return {k: to_array(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)) and value and all(hasattr(v, "shape") for v in value):
            return [to_array(v) for v in value]
        return np.asarray(value)

    def first_batch(x: Any, y: Any) -> tuple[Any, Any]:
        if isinstance(x, tf.data.Dataset):
            batch = tree.map_structure(np.asarray, next(iter(x)))
        elif isinstance(x, keras.utils.PyDataset):
            batch = x[0]
        elif hasattr(x, "__next__"):
            batch = next(x)
        else:
            return to_array(x), to_array(y)
        if isinstance(batch, (tuple, list)):
            return to_array(batch[0]), to_array(batch[1]) if len(batch) > 1 else None
        return to_array(batch), None

    def symbolic(value: Any) -> Any:
        return tree.map_structure(
            lambda v: None if v is None else backend.KerasTensor(
                (None, *v.shape[1:]), backend.standardize_dtype(v.dtype)),
            value,
        )

    specs: dict[tuple[int, str], Any] = {}

    def build_from(model: Any, x: Any) -> Any:
        key = (id(model), repr(tree.map_structure(lambda v: (tuple(v.shape[1:]), str(v.dtype)), x)))
        if key not in specs:
            specs[key] = backend.compute_output_spec(model, symbolic(x), training=False)
        return specs[key]

    def samples(x: Any, batch: Any) -> int:
        if isinstance(x, keras.utils.PyDataset):
            return sum(len(tree.flatten(x[i][0])[0]) for i in range(len(x)))
        return len(tree.flatten(batch)[0])

    def uniform_like_spec(spec: Any, n: int) -> Any:
        """Outputs of the right shape: equal probabilities along the last axis (valid softmax output
        for the author's sampling code)."""
        def fill(t: Any) -> Any:
            shape = [n if i == 0 else (d or 1) for i, d in enumerate(t.shape)]
            return np.full(shape, 1.0 / shape[-1] if len(shape) > 1 else 0.0, dtype="float32")

        return tree.map_structure(fill, spec)

    def metric_count(model: Any) -> int:
        metrics = getattr(model, "_compile_config", None)
        found = (metrics.config.get("metrics") if metrics is not None else None) or []
        return len(tree.flatten(found))

    def loss_value(model: Any) -> Any:
        n = metric_count(model)
        return 0.0 if n == 0 else [0.0] * (n + 1)

    def training(name: str) -> Any:
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            bound = bind_or_raise(real[name], self, *args, **kwargs)
            recorder.role(self, name)
            self._assert_compile_called(name)
            x, y = first_batch(bound.arguments.get("x"), bound.arguments.get("y"))
            self._symbolic_build(data_batch=symbolic((x, y)))
            if name == "train_on_batch":
                return loss_value(self)
            # what fit() returns: a History with Keras 3's metric names ("accuracy", "val_loss")
            names = list(self.get_metrics_result())
            args = bound.arguments
            if args.get("validation_data") is not None or args.get("validation_split"):
                names += [f"val_{n}" for n in names]
            epochs = range(args.get("initial_epoch", 0), args.get("epochs", 1))
            history = keras.callbacks.History()
            history.set_model(self)
            history.epoch = list(epochs)
            history.history = {n: [0.0] * len(epochs) for n in names}
            return history

        return method

    def inference(name: str) -> Any:
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            bound = bind_or_raise(real[name], self, *args, **kwargs)
            recorder.role(self, name)
            if name in ("evaluate", "test_on_batch"):
                self._assert_compile_called(name)
            data = bound.arguments.get("x")
            x, _ = first_batch(data, None)
            spec = build_from(self, x)
            if name in ("evaluate", "test_on_batch"):
                return loss_value(self)
            return uniform_like_spec(spec, samples(data, x))

        return method

    patch("fit", training("fit"))
    patch("train_on_batch", training("train_on_batch"))
    for name in ("evaluate", "test_on_batch", "predict", "predict_on_batch"):
        patch(name, inference(name))

    def saving(name: str) -> Any:
        def method(self: Any, filepath: Any, *args: Any, **kwargs: Any) -> Any:
            recorder.role(self, name)
            return real[name](self, os.path.basename(os.fspath(filepath)) or "model", *args, **kwargs)

        return method

    patch("save", saving("save"))
    patch("save_weights", saving("save_weights"))

    def load_weights(self: Any, filepath: Any, *args: Any, **kwargs: Any) -> None:
        recorder.role(self, "load_weights")
        if not str(filepath).endswith((".keras", ".weights.h5", ".weights.json", ".h5", ".hdf5")):
            real["load_weights"](self, filepath, *args, **kwargs)  # Keras's own refusal

    patch("load_weights", load_weights)

    real_load_model = keras.src.saving.saving_api.load_model

    def load_model(filepath: Any, *args: Any, **kwargs: Any) -> Any:
        if os.path.exists(os.path.basename(os.fspath(filepath))):  # saved earlier by this same file
            return real_load_model(os.path.basename(os.fspath(filepath)), *args, **kwargs)
        raise OracleStubError(f"load_model needs the author's file {filepath!r}")

    real_get_file = keras.src.utils.file_utils.get_file

    def get_file(*args: Any, **kwargs: Any) -> str:
        bound = bind_or_raise(real_get_file, *args, **kwargs).arguments
        for key in (bound.get("origin"), bound.get("fname")):
            if key in oracle.downloads:
                return oracle.downloads[key]
        raise OracleStubError(f"get_file needs the network: {bound!r}; register it in the prelude")

    replace_everywhere(keras.src.utils.model_visualization.plot_model, lambda *args, **kwargs: None)  # an image
    replace_everywhere(real_load_model, load_model)
    replace_everywhere(real_get_file, get_file)
    install_dataset_stubs(np, keras_datasets())

    install_io_stubs(oracle, np)


def install_io_stubs(oracle: Oracle, np: Any) -> None:
    """`open`, pandas/numpy readers and matplotlib: the same for Keras 2 and Keras 3."""
    import builtins
    import io

    real_open = builtins.open

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, bytes, os.PathLike)) and not any(c in mode for c in "wax+"):
            key = oracle.key(os.fsdecode(file))
            if key in oracle.files:
                content = oracle.files[key]
                if "b" in mode:
                    return io.BytesIO(content.encode() if isinstance(content, str) else content)
                return io.StringIO(content if isinstance(content, str) else content.decode())
            if not os.path.exists(file) and not os.path.isabs(os.fsdecode(file)):
                raise OracleStubError(f"missing data file {os.fsdecode(file)!r}: register it in the prelude")
        return real_open(file, mode, *args, **kwargs)

    builtins.open = io.open = fake_open
    install_table_stubs(oracle, np)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.figure
    import matplotlib.pyplot as plt

    plt.show = plt.savefig = lambda *a, **k: None
    matplotlib.figure.Figure.savefig = lambda *a, **k: None


# --- Keras 2 (tf.keras 2 = tf_keras 2.21) ---------------------------------------------------------


class KerasAsTfKeras:
    """A meta-path finder that makes `keras` and every `keras.X` the tf_keras module `tf_keras.X`,
    as `import keras` was Keras 2 when these files were written. A path tf_keras does not have
    (Keras 1's `keras.layers.recurrent`) raises ModuleNotFoundError naming the `keras.X` path,
    as importing it under Keras 2 did; the installed Keras 3 is never reached."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "keras" and not fullname.startswith("keras."):
            return None
        real = "tf_keras" + fullname[len("keras"):]
        try:
            found = importlib.util.find_spec(real)
        except ModuleNotFoundError:
            found = None
        if found is None:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return importlib.machinery.ModuleSpec(fullname, self, is_package=found.submodule_search_locations is not None)

    def create_module(self, spec: Any) -> Any:
        module = importlib.import_module("tf_keras" + spec.name[len("keras"):])
        self._own_spec = module.__spec__
        return module

    def exec_module(self, module: Any) -> None:
        module.__spec__ = self._own_spec  # the import system set the alias's spec: put tf_keras's back


def install_stubs_keras2(recorder: Recorder, oracle: Oracle) -> None:
    """The same stubs and rules as install_stubs, with tf_keras 2.21's own classes and APIs."""
    import numpy as np
    import tensorflow as tf
    import tf_keras
    from tf_keras.src.engine.functional import Functional
    from tf_keras.src.engine.sequential import Sequential
    from tf_keras.src.engine.training import Model

    _ = tf.keras.datasets, tf.keras.models, tf.keras.utils  # load the lazy tf.keras modules

    for cls in (Model, Sequential, Functional):
        def init(self: Any, *args: Any, _original: Any = cls.__dict__["__init__"], **kwargs: Any) -> None:
            recorder.built(self)  # tf_keras's Sequential keeps no internal model of its layers
            _original(self, *args, **kwargs)

        cls.__init__ = init

    real = {name: getattr(Model, name) for name in ROLE_METHODS}

    def patch(name: str, method: Any) -> None:
        owner = next(cls for cls in Model.__mro__ if name in cls.__dict__)
        setattr(owner, name, method)

    def noted(name: str) -> Any:
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            recorder.role(self, name)
            return real[name](self, *args, **kwargs)

        return method

    patch("compile", noted("compile"))
    for name in ("train_on_batch", "test_on_batch", "predict_on_batch"):
        patch(name, noted(name))  # one batch the author gave: Keras 2's own step, as the author ran it

    def summary(self: Any, *args: Any, **kwargs: Any) -> None:
        recorder.role(self, "summary")
        text = summary_text(self, real["summary"], *args, **kwargs)
        recorder.summaries.append(text)
        print(text)

    patch("summary", summary)

    def to_array(value: Any) -> Any:
        if value is None or (hasattr(value, "shape") and hasattr(value, "dtype")):
            return value
        if hasattr(value, "to_numpy"):
            return value.to_numpy()
        if isinstance(value, dict):
            return {k: to_array(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)) and value and all(hasattr(v, "shape") for v in value):
            return tuple(to_array(v) for v in value)
        return np.asarray(value)

    def first_batch(x: Any, y: Any) -> tuple[Any, Any]:
        if isinstance(x, tf.data.Dataset):
            batch = tf.nest.map_structure(np.asarray, next(iter(x)))
        elif isinstance(x, tf_keras.utils.Sequence):
            batch = x[0]
        elif hasattr(x, "__next__"):
            batch = next(x)
        else:
            return to_array(x), to_array(y)
        if isinstance(batch, (tuple, list)):
            return to_array(batch[0]), to_array(batch[1]) if len(batch) > 1 else None
        return to_array(batch), None

    def fixed_batch(model: Any) -> int | None:
        """The batch size a stateful model was given (batch_input_shape / batch_size=)."""
        for tensor in getattr(model, "inputs", None) or []:
            if tensor.shape.rank and tensor.shape[0] is not None:
                return int(tensor.shape[0])
        return None

    def spec_of(model: Any, value: Any) -> Any:
        """The data as fit()/predict() trace it: batch axis None (the stateful model's fixed batch
        size when it has one), float64 arrays as floatx (tf_keras's data adapter casts them)."""
        batch = fixed_batch(model)

        def one(v: Any) -> Any:
            dtype = tf.as_dtype(v.dtype)
            if dtype == tf.float64:
                dtype = tf.as_dtype(tf_keras.backend.floatx())
            return tf.TensorSpec((batch, *v.shape[1:]), dtype)

        return tf.nest.map_structure(one, value)

    traced: dict[Any, Any] = {}

    def trace(model: Any, x: Any, y: Any, training: bool) -> Any:
        """What the first step of fit/evaluate/predict does to a model before any number moves:
        the forward pass traced in a tf.function on the data's spec (so an unbuilt Sequential is
        built for (None, ...) as fit builds it), then the compiled loss and metrics on its
        outputs. No gradients, no optimizer step: Keras 2's summary shows no optimizer state."""
        def step(data: Any) -> Any:
            inputs, targets = data
            y_pred = model(inputs, training=training)
            if targets is None or not model._is_compiled:
                return y_pred, {}
            model.compute_loss(inputs, targets, y_pred, None)
            return y_pred, model.compute_metrics(inputs, targets, y_pred, None)

        specs = (spec_of(model, x), spec_of(model, y) if y is not None else None)
        key = (id(model), id(getattr(model, "compiled_metrics", None)), training, repr(specs))
        if key not in traced:  # a loop of fit() calls traces once per data spec, as Keras does
            traced[key] = tf.function(step).get_concrete_function(specs).structured_outputs
        outputs, metrics = traced[key]
        return outputs, list(metrics)

    def samples(data: Any, batch: Any) -> int:
        if isinstance(data, tf_keras.utils.Sequence):
            return sum(len(tf.nest.flatten(data[i][0])[0]) for i in range(len(data)))
        return len(tf.nest.flatten(batch)[0])

    def training(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = bind_or_raise(real["fit"], self, *args, **kwargs)
        recorder.role(self, "fit")
        self._assert_compile_was_called()
        x, y = first_batch(bound.arguments.get("x"), bound.arguments.get("y"))
        _, names = trace(self, x, y, training=True)
        # what fit() returns: a History with Keras 2's metric names ("accuracy", "val_loss")
        names = names or ["loss"]
        args = bound.arguments
        if args.get("validation_data") is not None or args.get("validation_split"):
            names += [f"val_{n}" for n in names]
        epochs = range(args.get("initial_epoch", 0), args.get("epochs", 1))
        history = tf_keras.callbacks.History()
        history.set_model(self)
        history.epoch = list(epochs)
        history.history = {n: [0.0] * len(epochs) for n in names}
        self.history = history
        return history

    def inference(name: str) -> Any:
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            bound = bind_or_raise(real[name], self, *args, **kwargs)
            recorder.role(self, name)
            if name == "evaluate":
                self._assert_compile_was_called()
            data = bound.arguments.get("x")
            x, y = first_batch(data, bound.arguments.get("y"))
            outputs, names = trace(self, x, y if name == "evaluate" else None, training=False)
            if name == "evaluate":
                return 0.0 if len(names) <= 1 else [0.0] * len(names)
            n = samples(data, x)

            def fill(v: Any) -> Any:  # equal probabilities along the last axis, one row per sample
                shape = (n, *[d or 1 for d in v.shape[1:]])
                return np.full(shape, 1.0 / shape[-1] if len(shape) > 1 else 0.0, dtype="float32")

            return tf.nest.map_structure(fill, outputs)

        return method

    patch("fit", training)
    patch("evaluate", inference("evaluate"))
    patch("predict", inference("predict"))

    def saving(name: str) -> Any:
        def method(self: Any, filepath: Any, *args: Any, **kwargs: Any) -> Any:
            recorder.role(self, name)
            return real[name](self, os.path.basename(os.fspath(filepath)) or "model", *args, **kwargs)

        return method

    patch("save", saving("save"))
    patch("save_weights", saving("save_weights"))

    def load_weights(self: Any, filepath: Any, *args: Any, **kwargs: Any) -> Any:
        recorder.role(self, "load_weights")
        name = os.path.basename(os.fspath(filepath))
        if name and (os.path.exists(name) or os.path.exists(name + ".index")):  # saved by this same run
            return real["load_weights"](self, name, *args, **kwargs)
        return None  # the author's trained weights: not loaded, the shapes are what they are

    patch("load_weights", load_weights)

    saving_api = importlib.import_module("tf_keras.src.saving.saving_api")
    real_load_model = saving_api.load_model

    def load_model(filepath: Any, *args: Any, **kwargs: Any) -> Any:
        if os.path.exists(os.path.basename(os.fspath(filepath))):  # saved earlier by this same file
            return real_load_model(os.path.basename(os.fspath(filepath)), *args, **kwargs)
        raise OracleStubError(f"load_model needs the author's file {filepath!r}")

    real_get_file = importlib.import_module("tf_keras.src.utils.data_utils").get_file

    def get_file(*args: Any, **kwargs: Any) -> str:
        bound = bind_or_raise(real_get_file, *args, **kwargs).arguments
        for key in (bound.get("origin"), bound.get("fname")):
            if key in oracle.downloads:
                return oracle.downloads[key]
        raise OracleStubError(f"get_file needs the network: {bound!r}; register it in the prelude")

    plot = importlib.import_module("tf_keras.src.utils.vis_utils").plot_model
    replace_everywhere(plot, lambda *args, **kwargs: None)  # an image
    replace_everywhere(real_load_model, load_model)
    replace_everywhere(real_get_file, get_file)
    datasets = importlib.import_module("tf_keras.src.datasets")
    for name in ("imdb", "reuters", "mnist", "fashion_mnist", "cifar10", "cifar100", "boston_housing"):
        importlib.import_module(f"tf_keras.src.datasets.{name}")
    install_dataset_stubs(np, datasets)
    install_io_stubs(oracle, np)


class _Inert:
    """Accepts any call, attribute, item, iteration or context use and does nothing."""

    def __call__(self, *args: Any, **kwargs: Any) -> _Inert:
        return self

    def __getattr__(self, name: str) -> _Inert:
        return self

    def __getitem__(self, key: Any) -> _Inert:
        return self

    def __iter__(self) -> Any:
        return iter(())

    def __enter__(self) -> _Inert:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def keras_datasets() -> Any:
    from keras.src import datasets

    return datasets


def install_dataset_stubs(np: Any, datasets: Any) -> None:
    rng = np.random.default_rng(0)

    def word_ids(n: int, num_words: int | None, lo: int = 10, hi: int = 400) -> list[list[int]]:
        top = num_words or 88_587
        return [list(rng.integers(1, top, size=int(rng.integers(lo, hi)))) for _ in range(n)]

    def images(n: int, shape: tuple[int, ...]) -> Any:
        return np.zeros((n, *shape), dtype="uint8")

    def make(name: str, generate: Any) -> Any:
        original = getattr(datasets, name).load_data

        def load_data(*args: Any, **kwargs: Any) -> Any:
            bound = bind_or_raise(original, *args, **kwargs)
            return generate(bound.arguments)

        replace_everywhere(original, load_data)

    def labels(n: int, classes: int, column: bool = False) -> Any:
        y = rng.integers(0, classes, size=(n, 1) if column else n)
        return y.astype("uint8" if not column else "int64")

    make("imdb", lambda a: ((word_ids(25_000, a.get("num_words")), labels(25_000, 2)),
                            (word_ids(25_000, a.get("num_words")), labels(25_000, 2))))
    make("reuters", lambda a: ((word_ids(8_982, a.get("num_words")), labels(8_982, 46)),
                               (word_ids(2_246, a.get("num_words")), labels(2_246, 46))))
    make("mnist", lambda a: ((images(60_000, (28, 28)), labels(60_000, 10)),
                             (images(10_000, (28, 28)), labels(10_000, 10))))
    make("fashion_mnist", lambda a: ((images(60_000, (28, 28)), labels(60_000, 10)),
                                     (images(10_000, (28, 28)), labels(10_000, 10))))
    make("cifar10", lambda a: ((images(50_000, (32, 32, 3)), labels(50_000, 10, True)),
                               (images(10_000, (32, 32, 3)), labels(10_000, 10, True))))
    make("cifar100", lambda a: ((images(50_000, (32, 32, 3)), labels(50_000, 100, True)),
                                (images(10_000, (32, 32, 3)), labels(10_000, 100, True))))
    make("boston_housing", lambda a: ((np.zeros((404, 13)), np.zeros(404)), (np.zeros((102, 13)), np.zeros(102))))


def install_table_stubs(oracle: Oracle, np: Any) -> None:
    import pandas as pd

    def serve(original: Any) -> Any:
        def reader(path: Any, *args: Any, **kwargs: Any) -> Any:
            key = oracle.key(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else None
            if key in oracle.tables:
                table = oracle.tables[key]
                if hasattr(table, "copy"):
                    table = table.copy()
                usecols = kwargs.get("usecols")
                if usecols is not None and isinstance(table, pd.DataFrame):
                    table = table.iloc[:, list(usecols)] if all(isinstance(c, int) for c in usecols) \
                        else table[list(usecols)]
                return table
            if key is not None and os.path.exists(key):
                return original(path, *args, **kwargs)
            raise OracleStubError(f"missing data table {path!r}: register it in the prelude")

        return reader

    for name in ("read_csv", "read_excel", "read_table", "read_json", "read_pickle", "read_parquet"):
        setattr(pd, name, serve(getattr(pd, name)))
    for name in ("load", "loadtxt", "genfromtxt"):
        setattr(np, name, serve(getattr(np, name)))


def exception_record(exc: BaseException, labels: dict[str, int | None]) -> dict[str, Any]:
    line = cell = None
    if isinstance(exc, SyntaxError) and exc.filename in labels:
        line, cell = exc.lineno, labels[exc.filename]
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename in labels:
            line, cell = lineno, labels[frame.f_code.co_filename]
    record = {"type": type(exc).__name__, "message": str(exc), "line": line}
    if cell is not None:
        record["cell"] = cell
    return record


def run_worker(folder: Path, out: Path, major: int = 3) -> None:
    os.environ["COLUMNS"] = "120"
    if major == 2:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.keras / tensorflow.keras is tf_keras
        sys.meta_path.insert(0, KerasAsTfKeras())  # and so is `import keras`, before anything imports it
        import tf_keras as keras
        from tf_keras.src.engine.training import Model
    else:
        import keras
        from keras.src.models.model import Model

    recipe = json.loads((folder / "recipe.json").read_text(encoding="utf-8"))
    path = entry_file(folder)
    assert path is not None
    settings = recipe.get("set", {})
    recorder, oracle = Recorder(), Oracle()
    original_summary = Model.summary
    (install_stubs_keras2 if major == 2 else install_stubs)(recorder, oracle)
    keras.backend.clear_session()

    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(path), "__builtins__": __builtins__}
    labels: dict[str, int | None] = {}
    result: dict[str, Any] = {
        "keras_version": keras.__version__, "file": path.name, "set": settings,
        "driver": recipe.get("driver"), "summaries": recorder.summaries, "models": [], "exception": None,
    }
    rewriter = SetRewriter(settings)
    for source, _cell in code_units(path):  # which set keys the file uses, even past an exception
        with contextlib.suppress(SyntaxError):
            rewriter.visit(ast.parse(source))
    unused = [key for key, hits in rewriter.hits.items() if hits == 0]
    sys.argv = [str(path)]
    try:
        namespace["oracle"] = oracle
        exec(compile(recipe.get("prelude", ""), "<prelude>", "exec"), namespace)  # the oracle's own stubs
        del namespace["oracle"]
        for source, cell in code_units(path):
            label = unit_label(path, cell)
            labels[label] = cell
            tree = ast.fix_missing_locations(rewriter.visit(ast.parse(source, filename=label)))
            exec(compile(tree, label, "exec"), namespace)  # the author's file, in the throwaway venv
        if recipe.get("driver"):
            recorder.in_driver = True
            exec(compile(recipe["driver"], "<driver>", "exec"), namespace)  # the author's caller, per notes
    except BaseException as exc:  # noqa: BLE001 - the answer we record
        stub = exc if isinstance(exc, OracleStubError) else None
        cause: BaseException | None = exc
        while cause is not None and stub is None:
            stub = cause if isinstance(cause, OracleStubError) else None
            cause = cause.__cause__ or cause.__context__
        if stub is not None:
            result["stub_failed"] = str(stub)
        result["exception"] = exception_record(exc, labels)
        result["traceback"] = traceback.format_exc()[-3000:]
    if unused:
        result["set_unused"] = unused
    for model in recorder.models:
        variables = [k for k, v in namespace.items() if v is model and not k.startswith("_")]
        entry: dict[str, Any] = {
            "name": getattr(model, "name", None), "class": type(model).__name__,
            "variable": variables[0] if variables else None, "driver": id(model) in recorder.driver_ids,
            "role": recorder.roles.get(id(model), []), "summary": None, "summary_exception": None,
        }
        try:
            entry["summary"] = summary_text(model, original_summary)
        except Exception as exc:  # noqa: BLE001 - recorded: what summary() raises on this model
            entry["summary_exception"] = {"type": type(exc).__name__, "message": str(exc)}
        result["models"].append(entry)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


# --- the driver: every entry, one subprocess each ------------------------------------------------


FORK = {"on": False}  # --fork: each worker is a fork of this process, which imported TensorFlow once


def preload(major: int) -> None:
    """Import TensorFlow, the Keras under test and the data libraries once, before any fork; the
    worker's patches, the file and its driver then run only in the forked child."""
    os.environ.update(TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", MPLBACKEND="Agg")
    if major == 2:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        sys.meta_path.insert(0, KerasAsTfKeras())
        import tf_keras.src.engine.training  # noqa: F401
    else:
        import keras  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401
    import tensorflow  # noqa: F401


def forked_worker(folder: Path, out: Path, major: int, work: Path, env: dict[str, str]) -> Any:
    """run_worker in a fork of this process (cwd `work`, the same environment a subprocess gets),
    its output in work/stdout and work/stderr; killed after TIME_LIMIT seconds."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.chdir(work)
            os.environ.clear()
            os.environ.update(env)
            for fd, name in ((1, "stdout"), (2, "stderr")):
                handle = os.open(work / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(handle, fd)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            run_worker(folder.resolve(), out, major)
            code = 0
        except BaseException:  # noqa: BLE001 - reported through the exit code and stderr
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    deadline = time.monotonic() + TIME_LIMIT
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired("fork", TIME_LIMIT)
        time.sleep(0.2)

    def text(name: str) -> str:
        path = work / name
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    return subprocess.CompletedProcess([], os.waitstatus_to_exitcode(status), text("stdout"), text("stderr"))


def run_entry(folder: Path, major: int = 3) -> tuple[str, str]:
    path = entry_file(folder)
    recipe_path = folder / "recipe.json"
    if path is None:
        return "skipped", "no script or notebook"
    if not recipe_path.exists():
        return "skipped", "no recipe.json"
    recipe = json.loads(recipe_path.read_text(encoding="utf-8"))
    target = folder / f"keras{major}.json"
    if recipe.get("unrunnable"):
        from importlib.metadata import version

        record = {"keras_version": version("tf_keras" if major == 2 else "keras"), "file": path.name,
                  "unrunnable": recipe["unrunnable"]}
        target.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return "unrunnable", recipe["unrunnable"][:80]
    env = dict(os.environ, COLUMNS="120", TF_CPP_MIN_LOG_LEVEL="3", MPLBACKEND="Agg", CUDA_VISIBLE_DEVICES="",
               PYTHONHASHSEED="0", NO_COLOR="1")
    if major == 2:
        env["TF_USE_LEGACY_KERAS"] = "1"
    with tempfile.TemporaryDirectory(prefix="realworld-") as work:
        out = Path(work) / "result.json"
        start = time.monotonic()
        try:
            if FORK["on"]:
                proc = forked_worker(folder, out, major, Path(work), env)
            else:
                proc = subprocess.run(
                    [sys.executable, str(Path(__file__).resolve()), "--worker", str(folder.resolve()), str(out),
                     "--keras", str(major)],
                    cwd=work, env=env, capture_output=True, text=True, timeout=TIME_LIMIT, check=False,
                )
        except subprocess.TimeoutExpired:
            return "timed out", f"over {TIME_LIMIT} s"
        if not out.exists():
            return "stub-failed", f"worker died (rc={proc.returncode}): {proc.stderr.strip()[-300:]}"
        result = json.loads(out.read_text(encoding="utf-8"))
        if os.environ.get("REALWORLD_LOG"):  # the file's own output, for debugging a recipe
            Path(os.environ["REALWORLD_LOG"], folder.name + ".log").write_text(
                proc.stdout[-20000:] + "\n--- stderr ---\n" + proc.stderr[-20000:], encoding="utf-8")
    took = time.monotonic() - start
    if result.get("stub_failed"):
        return "stub-failed", result["stub_failed"][:200]
    detail = result.pop("traceback", None)
    result.pop("stub_failed", None)
    target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = f"{len(result['summaries'])} summaries, {len(result['models'])} models, {took:.0f} s"
    if result["exception"]:
        exc = result["exception"]
        status = "raised"
        counts += f"; {exc['type']} at line {exc['line']}: {exc['message'][:120]!r}"
        if os.environ.get("REALWORLD_TRACE"):
            print(detail)
    else:
        status = "built"
    if result.get("set_unused"):
        counts += f"; UNUSED set keys {result['set_unused']}"
    return status, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", default=[], help="entry folder prefix (repeatable)")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="folder of entries (default tests/realworld; e.g. a staging copy that holds the sources)")
    parser.add_argument("--keras", type=int, choices=(2, 3), default=3,
                        help="3: Keras 3 (keras3.json); 2: tf.keras 2 = tf_keras (keras2.json)")
    parser.add_argument("--jobs", type=int, default=1, help="entries run at once (one subprocess each)")
    parser.add_argument("--fork", action="store_true",
                        help="import TensorFlow once and fork a worker per entry (much faster; POSIX only)")
    parser.add_argument("--worker", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(Path(args.worker[0]), Path(args.worker[1]), args.keras)
        return
    if args.fork:
        FORK["on"] = True
        preload(args.keras)
    folders = sorted(p for p in args.corpus.iterdir() if p.is_dir() and p.name[:3].isdigit())
    if args.only:
        folders = [f for f in folders if any(f.name.startswith(prefix) for prefix in args.only)]
    tally: dict[str, int] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = pool.map(lambda folder: (folder, *run_entry(folder, args.keras)), folders)
        for folder, status, detail in results:
            tally[status] = tally.get(status, 0) + 1
            print(f"{folder.name:<52} {status:<12} {detail}", flush=True)
    print("tally: " + ", ".join(f"{n} {status}" for status, n in sorted(tally.items())))


if __name__ == "__main__":
    main()
