"""Ask real Keras about lstmcalc specs: shapes, parameters, refusals and summary text.

Runs ONLY in a throwaway environment with TensorFlow/Keras installed (never a dependency of
lstmcalc, its tests or CI):

    python -m venv /tmp/kenv && /tmp/kenv/bin/pip install tensorflow-cpu==2.21.0 pyyaml
    /tmp/kenv/bin/python tools/keras_oracle/oracle.py CASES_DIR OUT_DIR

For every CASES_DIR/*.yaml it builds the model the way the conformance corpus was built
(a spec starting with Input -> keras.Model; otherwise keras.Sequential with the Keras 2
input arguments turned into an Input) in a fresh naming state, and writes
OUT_DIR/expected.jsonl and OUT_DIR/summaries/<case>.txt in the format of
../shared/conformance (see its README). `--verify CORPUS` instead rebuilds an existing
corpus and reports every difference, which is how this script was checked.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import yaml  # noqa: E402

RNN_TYPES = {"LSTM", "GRU", "SimpleRNN"}
INPUT_KEYS = ("input_shape", "batch_input_shape", "input_dim", "input_length", "batch_size")


class Refused(Exception):
    def __init__(self, layer: str, error: BaseException) -> None:
        super().__init__(str(error))
        self.layer = layer
        self.error = error


def construct(spec: dict, keep_input_keys: bool = False) -> keras.layers.Layer:
    spec = dict(spec)
    kind = spec.pop("type")
    name = spec.get("name")
    for key in INPUT_KEYS:
        if key in spec and not (kind == "Embedding" and key == "input_dim"):
            spec.pop(key)
    spec.pop("inputs", None)
    spec.pop("initial_state", None)
    for key in CALL_ARGS:  # passed to the layer's call (build)
        spec.pop(key, None)
    outer = dict(_uids())
    for key in ("layer", "backward_layer"):
        if isinstance(spec.get(key), dict):
            try:
                spec[key] = construct(spec[key])
            except Refused as inner:  # the model's layer at this place is the wrapper
                raise Refused(name or _new_name(outer, kind), inner.error) from inner.error
    for key, value in list(spec.items()):
        if isinstance(value, list) and key not in ("layer",):
            spec[key] = tuple(value) if key in ("target_shape", "noise_shape") else value
    before = dict(_uids())
    try:
        if kind == "RNN" and "cell" in spec:
            spec["cell"] = make_cell(spec["cell"])
        if kind == "Lambda":  # lstmcalc reads no function: any function, the shape comes from output_shape
            spec.setdefault("function", lambda x: x)
            if isinstance(spec.get("output_shape"), list):
                spec["output_shape"] = tuple(spec["output_shape"])
        return getattr(keras.layers, kind)(**spec)
    except Exception as exc:
        raise Refused(name or _new_name(before, kind), exc) from exc


def make_cell(value):  # type: ignore[no-untyped-def]
    """A Keras RNN cell (or list of cells) from the spec's `cell:` form {type: LSTMCell, ...}."""
    if isinstance(value, list):
        return [make_cell(v) for v in value]
    if not isinstance(value, dict):
        return value
    args = dict(value)
    kind = args.pop("type")
    if kind == "StackedRNNCells":
        args["cells"] = make_cell(args.get("cells", []))
    return getattr(keras.layers, kind)(**args)


def _uids() -> dict:
    from keras.src.backend.common import global_state

    return global_state.get_global_attribute("object_name_uids", default={}) or {}


def _new_name(before: dict, kind: str) -> str:
    """The automatic name a refused constructor took, if its base __init__ ran."""
    from keras.src.utils.naming import to_snake_case

    cls = getattr(keras.layers, kind, None)
    prefix = to_snake_case(cls.__name__ if isinstance(cls, type) else kind)  # an alias names as its class
    n = _uids().get(prefix, 0)
    if n == before.get(prefix, 0):
        # refused (a bad argument, a bad cell or wrapped layer) before Keras named it: the name
        # it would take
        return prefix if n == 0 else f"{prefix}_{n}"
    return prefix if n == 1 else f"{prefix}_{n - 1}"


MERGES = {"Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot",
          "Attention", "AdditiveAttention"}
#: Call arguments a spec writes among the layer's arguments.
CALL_ARGS = ("return_attention_scores", "use_causal_mask")
#: Layers called on their inputs as separate arguments: mha(query, value, key).
SPREAD = {"MultiHeadAttention"}


def resolve(refs, produced: dict, default: list) -> list:  # type: ignore[no-untyped-def]
    """Spec references (`enc`, `enc[1]`) to the tensors they name."""
    if refs is None:
        return default
    refs = [refs] if isinstance(refs, str) else refs
    out = []
    for ref in refs:
        name, _, index = ref.partition("[")
        tensors = produced[name.strip()]
        out.extend(tensors if not index else [tensors[int(index.rstrip("]"))]])
    return out


def legacy_input(first: dict) -> tuple:
    batch = first.get("batch_size")
    if first.get("batch_input_shape") is not None:
        return tuple(first["batch_input_shape"])
    if first.get("input_shape") is not None:
        return (batch, *first["input_shape"])
    if first.get("input_dim") is not None and first["type"] != "Embedding":
        if first["type"] in RNN_TYPES:
            return (batch, first.get("input_length"), first["input_dim"])
        return (batch, first["input_dim"])
    if first["type"] == "Embedding" and first.get("input_length") is not None:
        return (batch, first["input_length"])
    raise ValueError("no input shape")


def build(spec: dict) -> keras.Model:
    keras.backend.clear_session()
    layers = spec["layers"]
    name = spec.get("name")
    if layers[0]["type"] == "Input":
        produced: dict[str, list] = {}
        consumed: set[str] = set()
        inputs = []
        last: list = []
        for layer_spec in layers:
            if layer_spec["type"] == "Input":
                args = {k: (tuple(v) if isinstance(v, list) else v) for k, v in layer_spec.items() if k != "type"}
                tensor = keras.Input(**args)
                inputs.append(tensor)
                produced[tensor._keras_history[0].name] = last = [tensor]
                continue
            layer = construct(layer_spec)
            sources = resolve(layer_spec.get("inputs"), produced, last)
            states = resolve(layer_spec.get("initial_state"), produced, [])
            consumed.update(t._keras_history[0].name for t in [*sources, *states])
            try:
                arg = sources if len(sources) != 1 or type(layer).__name__ in MERGES else sources[0]
                call = {k: layer_spec[k] for k in CALL_ARGS if k in layer_spec}
                if type(layer).__name__ in SPREAD:
                    out = layer(*sources, **call)
                else:
                    out = layer(arg, initial_state=states, **call) if states else layer(arg, **call)
            except Exception as exc:
                raise Refused(layer.name, exc) from exc
            produced[layer.name] = last = keras.tree.flatten(out)  # stacked cells' states nest
        if spec.get("outputs"):
            outs = [t for ref in spec["outputs"] for t in resolve([ref], produced, [])]
        else:
            outs = [t for n, ts in produced.items() if n not in consumed for t in ts]
        try:
            return keras.Model(inputs if len(inputs) > 1 else inputs[0], outs if len(outs) > 1 else outs[0],
                               **({"name": name} if name else {}))
        except Exception as exc:
            raise Refused("<model>", exc) from exc
    model = keras.Sequential(**({"name": name} if name else {}))
    model.add(keras.Input(batch_shape=legacy_input(layers[0])))
    for layer_spec in layers:
        layer = construct(layer_spec)
        try:
            model.add(layer)
        except Exception as exc:
            raise Refused(layer.name, exc) from exc
    return model


def count(weights: list) -> int:
    return int(sum(math.prod(w.shape) for w in weights))


def shape_of(tensor) -> list:  # type: ignore[no-untyped-def]
    return list(tensor.shape)


def no_input(spec: dict) -> dict:
    """A Sequential spec whose first layer gives no input shape (an Embedding without
    input_length, an RNN with input_length alone, input_shape on a wrapped layer): Keras 3
    builds no model from it. Record the refusal Keras 3 gives for the arguments as written
    (input_length on an RNN, ...), else the spec as unsupported (the model stays unbuilt)."""
    keras.backend.clear_session()
    model = keras.Sequential()
    for layer_spec in spec["layers"]:
        args = dict(layer_spec)
        kind = args.pop("type")
        before = dict(_uids())
        try:
            for key in ("layer", "backward_layer"):
                if isinstance(args.get(key), dict):
                    inner = dict(args[key])
                    args[key] = getattr(keras.layers, inner.pop("type"))(**inner)
            layer = getattr(keras.layers, kind)(**args)
            model.add(layer)
        except Exception as exc:  # noqa: BLE001 - Keras 3's refusal, recorded
            return {"case": spec.get("name", ""), "ok": False, "error_layer": layer_spec.get("name") or _new_name(before, kind),
                    "keras_error": f"{type(exc).__name__}: {exc}"[:2000]}
    return {"unsupported": "Keras 3 builds no model: the first layer gives no input shape (the Sequential stays unbuilt)"}


def record(case: str, spec: dict) -> tuple[dict, str | None]:
    try:
        model = build(spec)
    except ValueError as exc:
        if str(exc) != "no input shape":
            raise
        return {"case": case, **{k: v for k, v in no_input(spec).items() if k != "case"}}, None
    except Refused as refused:
        return {"case": case, "ok": False, "error_layer": refused.layer,
                "keras_error": f"{type(refused.error).__name__}: {refused.error}"[:2000]}, None
    rows = []
    if isinstance(model, keras.Sequential):
        rows.append({"name": model._layers[0].name, "type": "InputLayer",
                     "output_shape": shape_of(model.inputs[0]), "params": 0,
                     "trainable_params": 0, "non_trainable_params": 0})
    for layer in model.layers:
        outputs = layer.output if not isinstance(layer.output, (list, tuple)) else None
        rows.append({
            "name": layer.name, "type": type(layer).__name__,
            "output_shape": shape_of(outputs) if outputs is not None else [shape_of(t) for t in layer.output],
            "params": layer.count_params(), "trainable_params": count(layer.trainable_weights),
            "non_trainable_params": count(layer.non_trainable_weights),
        })
    buf = io.StringIO()
    model.summary(print_fn=lambda text, line_break=True: buf.write(text))
    return {"case": case, "ok": True, "layers": rows, "total_params": model.count_params(),
            "trainable_params": count(model.trainable_weights),
            "non_trainable_params": count(model.non_trainable_weights)}, buf.getvalue()


def run(cases: Path, out: Path) -> None:
    (out / "summaries").mkdir(parents=True, exist_ok=True)
    with (out / "expected.jsonl").open("w") as fh:
        for path in sorted(cases.glob("*.yaml")):
            entry, text = record(path.stem, yaml.safe_load(path.read_text()))
            fh.write(json.dumps(entry) + "\n")
            if text is not None:
                (out / "summaries" / f"{path.stem}.txt").write_text(text)


def verify(corpus: Path) -> int:
    expected = [json.loads(line) for line in (corpus / "expected.jsonl").read_text().splitlines() if line]
    bad = 0
    for exp in expected:
        spec = yaml.safe_load((corpus / "cases" / f"{exp['case']}.yaml").read_text())
        got, text = record(exp["case"], spec)
        want_text = corpus / "summaries" / f"{exp['case']}.txt"
        same = {k: v for k, v in got.items() if k != "keras_error"} == {k: v for k, v in exp.items() if k != "keras_error"}
        same_text = text is None or not want_text.exists() or want_text.read_text().rstrip("\n") == text.rstrip("\n")
        if not (same and same_text):
            bad += 1
            print(f"{exp['case']}: json {'ok' if same else 'DIFFERS'}, text {'ok' if same_text else 'DIFFERS'}")
            if not same:
                print("  keras now:", json.dumps(got)[:400])
                print("  corpus:   ", json.dumps(exp)[:400])
    print(f"verify: {len(expected) - bad}/{len(expected)} cases reproduced")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="?", type=Path)
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--verify", type=Path, metavar="CORPUS")
    a = ap.parse_args()
    if a.verify:
        return verify(a.verify)
    if not (a.cases and a.out):
        ap.error("give CASES_DIR and OUT_DIR, or --verify CORPUS")
    run(a.cases, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
