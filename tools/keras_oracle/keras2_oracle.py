"""Ask real Keras 2 (tf_keras 2.21) about lstmcalc specs: shapes, parameters, refusals, summary text.

Runs ONLY in a throwaway tf.keras 2 venv (never a dependency of lstmcalc, its tests or CI):

    python -m venv /tmp/k2env && /tmp/k2env/bin/pip install tensorflow-cpu==2.21.0 tf_keras==2.21.0 pyyaml
    TF_USE_LEGACY_KERAS=1 /tmp/k2env/bin/python tools/keras_oracle/keras2_oracle.py CORPUS [CORPUS ...]

For every CORPUS/cases/*.yaml it builds the model as a Keras 2 user wrote it (see "Keras 2
ground truth" in ../shared/conformance/README.md) in a fresh naming state, and writes
CORPUS/expected_keras2.jsonl and CORPUS/summaries_keras2/<case>.txt beside the corpus's
expected.jsonl:

- a spec that starts with `Input` is built with the functional API (`keras.Input`,
  `keras.Model`);
- any other spec is a `keras.Sequential` whose layers get every argument the spec writes,
  the Keras 2 input arguments (`input_shape`, `input_dim`, `input_length`,
  `batch_input_shape`, `batch_size`) included: Keras 2 takes them from the first layer;
- a layer type tf_keras does not export under `tf_keras.layers` but still ships (CuDNNLSTM,
  CuDNNGRU: `tf.compat.v1.keras.layers` in TensorFlow 2) is taken from `tf_keras.src.layers`;
  a type tf_keras does not have at all is refused where Keras 2 refuses it, at that layer
  (`AttributeError: module 'tf_keras.api._v2.keras.layers' has no attribute ...`);
- a spec wires layers by name; an unnamed Input may be referred to by its Keras 3 automatic
  name (`input_layer`, `input_layer_1`, ...) as well as by Keras 2's (`input_1`, ...);
- a `Lambda` gets a stand-in function whose output has the spec's output_shape (Keras 2
  takes the shape from the function; see stand_in);
- a construct that is not a Keras 2 layer call at all (a spec the oracle cannot express
  in Keras 2) is written as `{"case", "unsupported": "why"}`.

Each line of expected_keras2.jsonl is in the format of expected.jsonl: `{"case", "ok": true,
"layers": [...], "total_params", "trainable_params", "non_trainable_params"}` (the totals
are read from Keras 2's own footer; a Sequential model's rows have no InputLayer row, as
Keras 2 prints none) or `{"case", "ok": false, "error_layer", "keras_error"}` where
keras_error is "ExceptionClass: message". summaries_keras2/<case>.txt is `model.summary()`
as tf_keras prints it (COLUMNS=120; tf_keras's table does not depend on it).

`--verify CORPUS` rebuilds an existing corpus's expected_keras2.jsonl and summaries and
reports every difference (keras_error is compared without its class prefix and with
whitespace collapsed, the form ../shared/conformance/expected_keras2.jsonl was written in;
one may be a prefix of the other, as that file cuts long messages short).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ["COLUMNS"] = "120"
warnings.filterwarnings("ignore")

import tf_keras as keras  # noqa: E402
import yaml  # noqa: E402
from tf_keras.src import backend as keras_backend  # noqa: E402
from tf_keras.src import layers as src_layers  # noqa: E402

#: Call arguments a spec writes among the layer's arguments.
CALL_ARGS = ("return_attention_scores", "use_causal_mask")
MERGES = {"Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot",
          "Attention", "AdditiveAttention"}
#: Layers called on their inputs as separate arguments: mha(query, value, key).
SPREAD = {"MultiHeadAttention"}


class Refused(Exception):
    def __init__(self, layer: str, error: BaseException) -> None:
        super().__init__(str(error))
        self.layer = layer
        self.error = error


class Unsupported(Exception):
    """The spec uses something that is not a Keras 2 layer call."""


def layer_class(kind: str):  # type: ignore[no-untyped-def]
    """The tf_keras class for a spec type: tf_keras.layers, else a class tf_keras ships unexported."""
    if hasattr(keras.layers, kind):
        return getattr(keras.layers, kind)
    if kind in ("CuDNNLSTM", "CuDNNGRU"):
        return getattr(src_layers, kind)
    return getattr(keras.layers, kind)  # raises Keras 2's AttributeError


def construct(spec: dict) -> keras.layers.Layer:
    spec = dict(spec)
    if "type" not in spec:
        raise Unsupported(f"a layer entry without a type ({', '.join(sorted(spec))})")
    kind = spec.pop("type")
    name = spec.get("name")
    spec.pop("inputs", None)
    spec.pop("initial_state", None)
    for key in CALL_ARGS:  # passed to the layer's call
        spec.pop(key, None)
    if kind in ("Functional", "Sequential", "Model"):
        raise Unsupported(f"a nested {kind} model in a spec")
    outer = dict(_uids())
    for key in ("layer", "backward_layer"):
        if isinstance(spec.get(key), dict):
            try:
                spec[key] = construct(spec[key])
            except Refused as inner:  # the model's layer at this place is the wrapper
                raise Refused(name or _new_name(outer, kind), inner.error) from inner.error
    for key, value in list(spec.items()):
        if isinstance(value, list) and key != "layer":
            spec[key] = tuple(value) if key in ("target_shape", "noise_shape") else value
    before = dict(_uids())
    try:
        if kind == "RNN" and "cell" in spec:
            spec["cell"] = make_cell(spec["cell"])
        if kind == "Lambda":  # lstmcalc reads no function: a stand-in whose output has output_shape
            if isinstance(spec.get("output_shape"), list):
                spec["output_shape"] = tuple(spec["output_shape"])
            spec.setdefault("function", stand_in(spec.get("output_shape")))
        return layer_class(kind)(**spec)
    except Exception as exc:  # Keras 2's refusal of this layer, recorded
        raise Refused(name or _new_name(before, kind), exc) from exc


def stand_in(output_shape):  # type: ignore[no-untyped-def]
    """A function for Lambda(output_shape=...) whose output has that shape.

    Keras 2 takes a Lambda's output shape from calling its function on the symbolic input,
    not from output_shape (Keras 3 uses output_shape), so an identity stand-in would give
    the input's shape. This one returns zeros of shape (batch, *output_shape); a None in
    output_shape stays unknown. Without output_shape: the identity."""
    import tensorflow as tf

    if not isinstance(output_shape, tuple):
        return lambda x: x

    def function(x):  # type: ignore[no-untyped-def]
        first = x[0] if isinstance(x, (list, tuple)) else x
        dynamic = tf.shape(first)
        dims = [dynamic[0]] + [tf.reduce_max(dynamic) if d is None else d for d in output_shape]
        return tf.zeros(tf.stack(dims), dtype=first.dtype)

    return function


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
    return layer_class(kind)(**args)


def _uids() -> dict:
    return {key[1]: n for key, n in keras_backend.get_default_graph_uid_map().items()}


def _snake(name: str) -> str:
    from tf_keras.src.utils.generic_utils import to_snake_case

    return to_snake_case(name)


def _new_name(before: dict, kind: str) -> str:
    """The automatic name a refused constructor took, if its base __init__ ran."""
    try:
        cls = layer_class(kind)
    except AttributeError:
        cls = None
    prefix = _snake(cls.__name__ if isinstance(cls, type) else kind)  # an alias names as its class
    n = _uids().get(prefix, 0)
    if n == before.get(prefix, 0):
        # refused before Keras named it: the name it would take
        return prefix if n == 0 else f"{prefix}_{n}"
    return prefix if n == 1 else f"{prefix}_{n - 1}"


def _flatten(value) -> list:  # type: ignore[no-untyped-def]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _flatten(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flatten(v)]
    return [value]


def resolve(refs, produced: dict, default: list) -> list:  # type: ignore[no-untyped-def]
    """Spec references (`enc`, `enc[1]`) to the tensors they name."""
    if refs is None:
        return default
    refs = [refs] if isinstance(refs, str) else refs
    out = []
    for ref in refs:
        name, _, index = ref.partition("[")
        if "@" in name:
            raise Unsupported(f"a reference to a layer's n-th call ({ref})")
        tensors = produced[name.strip()]
        out.extend(tensors if not index else [tensors[int(index.rstrip("]"))]])
    return out


def build(spec: dict) -> keras.Model:
    keras.backend.clear_session()
    layers = spec["layers"]
    name = spec.get("name")
    if any("call" in entry for entry in layers):
        raise Unsupported("a `call:` entry (a layer called again) has no Keras 2 layer to build")
    if layers[0].get("type") == "Input":
        produced: dict[str, list] = {}
        consumed: set[str] = set()
        aliases: dict[str, list] = {}
        inputs = []
        last: list = []
        for layer_spec in layers:
            if layer_spec.get("type") == "Input":
                args = {k: (tuple(v) if isinstance(v, list) else v) for k, v in layer_spec.items() if k != "type"}
                before = dict(_uids())
                try:
                    tensor = keras.Input(**args)
                except Exception as exc:  # Keras 2's refusal of this Input, recorded
                    raise Refused(args.get("name") or _new_name(before, "InputLayer"), exc) from exc
                inputs.append(tensor)
                produced[tensor._keras_history[0].name] = last = [tensor]
                if "name" not in args:  # the spec may wire it by its Keras 3 name: input_layer, input_layer_1
                    unnamed = sum(1 for e in layers[:layers.index(layer_spec)] if e.get("type") == "Input"
                                  and "name" not in e)
                    aliases["input_layer" + (f"_{unnamed}" if unnamed else "")] = last
                continue
            layer = construct(layer_spec)
            sources = resolve(layer_spec.get("inputs"), {**aliases, **produced}, last)
            states = resolve(layer_spec.get("initial_state"), {**aliases, **produced}, [])
            consumed.update(t._keras_history[0].name for t in [*sources, *states])
            try:
                arg = sources if len(sources) != 1 or type(layer).__name__ in MERGES else sources[0]
                call = {k: layer_spec[k] for k in CALL_ARGS if k in layer_spec}
                if type(layer).__name__ in SPREAD:
                    out = layer(*sources, **call)
                else:
                    out = layer(arg, initial_state=states, **call) if states else layer(arg, **call)
            except Exception as exc:  # Keras 2's refusal of this call, recorded
                raise Refused(layer.name, exc) from exc
            produced[layer.name] = last = _flatten(out)  # stacked cells' states nest
        if spec.get("outputs"):
            outs = [t for ref in spec["outputs"] for t in resolve([ref], {**aliases, **produced}, [])]
        else:
            outs = [t for n, ts in produced.items() if n not in consumed for t in ts]
        try:
            return keras.Model(inputs if len(inputs) > 1 else inputs[0], outs if len(outs) > 1 else outs[0],
                               **({"name": name} if name else {}))
        except Exception as exc:  # Keras 2's refusal of the model, recorded
            raise Refused("<model>", exc) from exc
    if any(entry.get("type") == "Input" for entry in layers):
        raise Unsupported("an Input after the first layer of a Sequential spec")
    if spec.get("outputs") or any("inputs" in entry or "initial_state" in entry for entry in layers):
        raise Unsupported("graph wiring (inputs/outputs/initial_state) in a spec that does not start with Input")
    try:
        model = keras.Sequential(**({"name": name} if name else {}))
    except Exception as exc:  # Keras 2's refusal of the model's name, recorded
        raise Refused("<model>", exc) from exc
    for layer_spec in layers:
        layer = construct(layer_spec)
        try:
            model.add(layer)
        except Exception as exc:  # Keras 2's refusal of this layer in the stack, recorded
            raise Refused(layer.name, exc) from exc
    return model  # unbuilt when the first layer gives no input shape: summary() then raises, recorded


def count(weights: list) -> int:
    return int(sum(math.prod(int(d) for d in w.shape) for w in weights))


def shape_of(tensor) -> list:  # type: ignore[no-untyped-def]
    return [None if d is None else int(d) for d in tensor.shape]


def layer_output(layer):  # type: ignore[no-untyped-def]
    """The layer's output (its first call's, for a layer called more than once)."""
    try:
        return layer.output
    except AttributeError:
        return layer.get_output_at(0)


FOOTER = re.compile(r"^(Total|Trainable|Non-trainable) params: ([\d,]+)")


def record(case: str, spec: dict) -> tuple[dict, str | None]:
    try:
        model = build(spec)
    except Unsupported as why:
        return {"case": case, "unsupported": str(why)}, None
    except Refused as refused:
        return {"case": case, "ok": False, "error_layer": refused.layer,
                "keras_error": f"{type(refused.error).__name__}: {refused.error}"[:2000]}, None
    lines: list[str] = []
    try:
        model.summary(print_fn=lambda text, *args, **kwargs: lines.append(text))
    except Exception as exc:  # noqa: BLE001 - Keras 2's refusal to print it, recorded
        return {"case": case, "ok": False, "error_layer": "<model>",
                "keras_error": f"{type(exc).__name__}: {exc}"[:2000]}, None
    text = "\n".join(lines) + "\n"
    rows = []
    for layer in model.layers:
        out = layer_output(layer)
        rows.append({
            "name": layer.name, "type": type(layer).__name__,
            "output_shape": shape_of(out) if not isinstance(out, (list, tuple)) else [shape_of(t) for t in _flatten(out)],
            "params": layer.count_params() if layer.built else 0,
            "trainable_params": count(layer.trainable_weights),
            "non_trainable_params": count(layer.non_trainable_weights),
        })
    footer = {}
    for line in lines:
        m = FOOTER.match(line.strip())
        if m:
            footer[m.group(1)] = int(m.group(2).replace(",", ""))
    return {"case": case, "ok": True, "layers": rows,
            "total_params": footer.get("Total", model.count_params()),
            "trainable_params": footer.get("Trainable", count(model.trainable_weights)),
            "non_trainable_params": footer.get("Non-trainable", count(model.non_trainable_weights))}, text


def run(corpus: Path) -> dict:
    summaries = corpus / "summaries_keras2"
    summaries.mkdir(parents=True, exist_ok=True)
    for old in summaries.glob("*.txt"):
        old.unlink()
    tally = {"ok": 0, "refused": 0, "unsupported": 0}
    with (corpus / "expected_keras2.jsonl").open("w") as fh:
        for path in sorted((corpus / "cases").glob("*.yaml")):
            entry, text = record(path.stem, yaml.safe_load(path.read_text()))
            fh.write(json.dumps(entry) + "\n")
            tally["unsupported" if "unsupported" in entry else "ok" if entry["ok"] else "refused"] += 1
            if text is not None:
                (summaries / f"{path.stem}.txt").write_text(text)
    print(f"{corpus}: {tally['ok']} build, {tally['refused']} refused, {tally['unsupported']} unsupported")
    return tally


def _plain(error: str) -> str:
    """keras_error without its class prefix, whitespace collapsed."""
    error = re.sub(r"^[A-Za-z_.]*(Error|Exception|Warning): ", "", error)
    return " ".join(error.split())


def verify(corpus: Path) -> int:
    expected = [json.loads(line) for line in (corpus / "expected_keras2.jsonl").read_text().splitlines() if line]
    bad = 0
    for exp in expected:
        spec = yaml.safe_load((corpus / "cases" / f"{exp['case']}.yaml").read_text())
        got, text = record(exp["case"], spec)
        want_text = corpus / "summaries_keras2" / f"{exp['case']}.txt"
        a, b = _plain(got.get("keras_error", "")), _plain(exp.get("keras_error", ""))
        same_error = a.startswith(b) or b.startswith(a)  # one of them may be cut short
        same = same_error and {k: v for k, v in got.items() if k != "keras_error"} == {
            k: v for k, v in exp.items() if k != "keras_error"}
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
    ap.add_argument("corpora", nargs="*", type=Path, help="corpus folders holding cases/*.yaml")
    ap.add_argument("--verify", type=Path, metavar="CORPUS")
    a = ap.parse_args()
    if a.verify:
        return verify(a.verify)
    if not a.corpora:
        ap.error("give CORPUS folders, or --verify CORPUS")
    for corpus in a.corpora:
        run(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
