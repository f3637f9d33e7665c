"""What each Keras 3 optimizer holds once built, and the summary Keras then prints.

    /tmp/kenv/bin/python tools/keras_oracle/optimizer_params.py

For every optimizer lstmcalc offers by name (lstmcalc/engine/optimizers.py: its CLI spelling,
built here as Keras builds it: `sgd-momentum` is SGD(momentum=0.9)) and every spec in
tests/fixtures/optimizer_specs/, this builds the model with oracle.build (how the conformance
corpus was built), compiles it, calls `model.optimizer.build(model.trainable_variables)`
(the optimizer is then built, as after the first fit()), and records:

- `count` and `bytes`: Keras's own count_params and weight_memory_size of
  model.optimizer.variables, the numbers its summary prints as `Optimizer params: N (size)`;
- every optimizer variable's shape and dtype, in Keras's order;
- `loss_scale`: whether compile() wrapped the optimizer in a LossScaleOptimizer;
- the exact model.summary() text (COLUMNS=120, no colour, print_fn capture), written to
  tests/fixtures/optimizer_summaries/<spec>.<optimizer>.txt.

An unbuilt model (no input shape) has no trainable variables: the optimizer holds its scalars.

Then the same under the global policy mixed_float16, where compile() wraps every optimizer in
a LossScaleOptimizer (four scalars of its own, plus the inner optimizer's tracked variables), for
the specs whose layers do not set a dtype: keys `<spec>.<optimizer>.mixed_float16`.
Last, the Python programs in PROGRAMS (summary() after fit(), the way lstmcalc's Python
reader meets a built optimizer) are written to tests/fixtures/optimizer_programs/ and run,
their printed summaries going to optimizer_summaries/<program>.txt.
Output: tests/fixtures/keras3_optimizer_params.json. A one-off, in a throwaway Keras venv:
lstmcalc never depends on TensorFlow.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ["COLUMNS"] = "120"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import yaml  # noqa: E402
from keras.src.utils.summary_utils import count_params, weight_memory_size  # noqa: E402
from oracle import build, construct  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "fixtures" / "optimizer_specs"
SUMMARIES = ROOT / "tests" / "fixtures" / "optimizer_summaries"
OUT = ROOT / "tests" / "fixtures" / "keras3_optimizer_params.json"

#: CLI name -> (Keras class, constructor arguments): the optimizers offered, as Keras makes them.
OPTIMIZERS: dict[str, tuple[str, dict[str, object]]] = {
    "adam": ("Adam", {}), "adam-amsgrad": ("Adam", {"amsgrad": True}),
    "adamw": ("AdamW", {}), "adamw-amsgrad": ("AdamW", {"amsgrad": True}),
    "adamax": ("Adamax", {}), "nadam": ("Nadam", {}),
    "sgd": ("SGD", {}), "sgd-momentum": ("SGD", {"momentum": 0.9}),
    "sgd-nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}),
    "rmsprop": ("RMSprop", {}), "rmsprop-momentum": ("RMSprop", {"momentum": 0.9}),
    "rmsprop-centered": ("RMSprop", {"centered": True}),
    "adagrad": ("Adagrad", {}), "adadelta": ("Adadelta", {}), "ftrl": ("Ftrl", {}),
    "lion": ("Lion", {}), "lamb": ("Lamb", {}), "adafactor": ("Adafactor", {}),
    "muon": ("Muon", {}), "schedule-free-adamw": ("ScheduleFreeAdamW", {}),
}
#: Python code that prints its summary after fit() (the optimizer compile() was given, built by
#: the fit): lstmcalc reads these; their printed text is recorded beside the spec cases.
PROGRAMS = {
    "nadam_float16_after_fit": (
        "import keras\nimport numpy as np\n\n"
        "model = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4, dtype=\"float16\"), "
        "keras.layers.Dense(1)])\n"
        "model.compile(optimizer=\"nadam\", loss=\"mse\")\n"
        "model.fit(np.zeros((2, 5, 3)), np.zeros((2, 1)), epochs=1, verbose=0)\n"
        "model.summary()\n"),
    "adam_float16_after_fit": (
        "import keras\nimport numpy as np\n\n"
        "model = keras.Sequential([keras.Input((5, 3)), keras.layers.GRU(4, dtype=\"float16\"), "
        "keras.layers.Dense(2, dtype=\"float16\")])\n"
        "model.compile(optimizer=keras.optimizers.Adam(amsgrad=True), loss=\"mse\")\n"
        "model.fit(np.zeros((2, 5, 3)), np.zeros((2, 2)), epochs=1, verbose=0)\n"
        "model.summary()\n"),
}
PROGRAM_DIR = ROOT / "tests" / "fixtures" / "optimizer_programs"
#: What the loss-scale cases run on (specs without per-layer dtypes).
LOSS_SCALE_SPECS = ("two_lstm_classifier", "embedding", "conv1d")


def record(spec: dict, name: str, policy: str) -> tuple[dict, str]:
    cls, options = OPTIMIZERS[name]
    clear = keras.backend.clear_session

    def clear_then_policy() -> None:  # oracle.build clears the session, which resets the policy
        clear()
        keras.mixed_precision.set_global_policy(policy)

    keras.backend.clear_session = clear_then_policy
    try:
        model = build(spec)
    except ValueError as exc:  # no input shape: Keras leaves the model unbuilt (no weights)
        if str(exc) != "no input shape":
            raise
        model = keras.Sequential([construct(layer) for layer in spec["layers"]], name=spec["name"])
    finally:
        keras.backend.clear_session = clear
    assert model.dtype_policy.name == policy
    model.compile(optimizer=getattr(keras.optimizers, cls)(**options), loss="mse")
    model.optimizer.build(model.trainable_variables)
    variables = model.optimizer.variables
    lines: list[str] = []
    model.summary(print_fn=lambda text, line_break=True, _lines=lines: _lines.append(text))
    entry = {
        "optimizer": name, "keras_class": cls, "options": options,
        "loss_scale": isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer),
        "count": int(count_params(variables)), "bytes": float(weight_memory_size(variables)),
        "trainable_weights": [[w.path, list(w.shape), str(w.dtype)] for w in model.trainable_variables],
        "variables": [[list(v.shape), str(v.dtype)] for v in variables],
    }
    assert entry["count"] == sum(math.prod(v.shape) for v in variables)
    return entry, "".join(lines)


def main() -> None:
    SUMMARIES.mkdir(parents=True, exist_ok=True)
    cases: dict[str, dict] = {}
    runs = [(path, name, None) for path in sorted(SPECS.glob("*.yaml")) for name in OPTIMIZERS]
    runs += [(SPECS / f"{stem}.yaml", name, "mixed_float16") for stem in LOSS_SCALE_SPECS for name in OPTIMIZERS]
    for path, name, policy in runs:
        key = f"{path.stem}.{name}" + (f".{policy}" if policy else "")
        entry, text = record(yaml.safe_load(path.read_text()), name, policy or "float32")
        cases[key] = {"spec": path.stem, "policy": policy or "float32", **entry}
        (SUMMARIES / f"{key}.txt").write_text(text)
        print(key, entry["count"], entry["bytes"], entry["loss_scale"], file=sys.stderr)
    PROGRAM_DIR.mkdir(exist_ok=True)
    for name, code in PROGRAMS.items():  # each run as its own program would: in a fresh session
        keras.backend.clear_session()
        (PROGRAM_DIR / f"{name}.py").write_text(code)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, name, "exec"), {})  # our own fixed programs, in the throwaway venv
        (SUMMARIES / f"{name}.txt").write_text(out.getvalue())
    rows = ",\n".join(f"  {json.dumps(key)}: {json.dumps(case)}" for key, case in cases.items())  # a case a line
    OUT.write_text(f'{{\n "keras_version": {json.dumps(keras.__version__)},\n "cases": {{\n{rows}\n }}\n}}\n')


if __name__ == "__main__":
    main()
