"""TensorFlow's profiler on the cost corpus: the float ops of every layer's forward pass.

Runs ONLY in a throwaway Keras 3 venv (TensorFlow is never a dependency of lstmcalc):

    /tmp/kenv/bin/python tools/keras_oracle/profiler_flops.py [SPEC.yaml ...]

For every tests/cost/specs/*.yaml (written by gen_cost_specs.py) it builds the spec as a real
Keras 3 model with the builders the other oracle scripts use (oracle.build; shared_nested.build
for specs with `call:` entries or nested models), sets unroll=True on every recurrent layer
(LSTM, GRU, SimpleRNN, RNN, ConvLSTM*; also inside Bidirectional, TimeDistributed and nested
models; TF's profiler counts the body of a tf.while_loop once, not once per step), traces the
forward pass at batch 1 as a tf.function concrete function, freezes it
(convert_variables_to_constants_v2) and runs tf.compat.v1.profiler.profile with
ProfileOptionBuilder.float_operation() on the frozen graph. Each op the profiler reports is
attributed to the top-level layer whose name scope holds it (the layers are renamed to unique
tokens before tracing, so `dense` and `dense_1` cannot be confused; a nested model's ops go to
its row). It writes tests/fixtures/cost_profiler.json:

- per spec: the Keras and TF versions, the top-level layers in model order, and per layer
  `flops` {op type: float ops the profiler counted} and `products`: every matrix-product op
  (MatMul, BatchMatMul*, Conv*, DepthwiseConv2dNative, Conv*BackpropInput*, Einsum), whether or
  not TF registers flops for it, with its input and output shapes and the attributes that fix
  its count (equation, strides), so a test can recompute what it multiplies;
- `not_unrolled`: one LSTM spec profiled without unroll, the tf.while_loop form Keras builds
  by default, to document that the profiler counts its loop body once.
"""

from __future__ import annotations

import json
import os
import re
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).parent))

import keras  # noqa: E402
import oracle  # noqa: E402
import shared_nested  # noqa: E402
import tensorflow as tf  # noqa: E402
import yaml  # noqa: E402
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "cost" / "specs"
OUT = ROOT / "tests" / "fixtures" / "cost_profiler.json"
RECURRENT = {"LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"}
#: ops that multiply matrices or convolve, registered for flops or not
PRODUCTS = {"MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Conv2D", "Conv3D",
            "DepthwiseConv2dNative", "Conv2DBackpropInput", "Conv2DBackpropInputV2",
            "Conv3DBackpropInput", "Conv3DBackpropInputV2", "Einsum"}
NOT_UNROLLED = "lstm_sequences"


def unrolled(entry: object, unroll: bool = True) -> object:
    """The spec with unroll=True on every recurrent layer, however deep."""
    if isinstance(entry, list):
        return [unrolled(e, unroll) for e in entry]
    if not isinstance(entry, dict):
        return entry
    out = {k: unrolled(v, unroll) if k in ("layer", "backward_layer", "layers") else v for k, v in entry.items()}
    if out.get("type") in RECURRENT and unroll:
        out["unroll"] = True
    return out


def build(spec: dict) -> keras.Model:
    keras.backend.clear_session()
    text = json.dumps(spec)
    graph = '"call"' in text or '"Sequential"' in text or '"Functional"' in text
    return shared_nested.build(spec) if graph else oracle.build(spec)


def frozen_graph(model: keras.Model) -> tf.Graph:
    specs = [tf.TensorSpec([1, *t.shape[1:]], t.dtype) for t in model.inputs]

    def forward(*xs):  # type: ignore[no-untyped-def]
        return model(list(xs) if len(xs) > 1 else xs[0], training=False)

    concrete = tf.function(forward).get_concrete_function(*specs)
    return convert_variables_to_constants_v2(concrete).graph


CALLS = {"PartitionedCall", "StatefulPartitionedCall"}


def profile(graph: tf.Graph) -> list[tuple[tf.Operation, int]]:
    """(op, float ops) for every op the profiler gives float ops or that is a product."""
    options = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()
    options["output"] = "none"
    root = tf.compat.v1.profiler.profile(graph, options=options, cmd="scope")
    counted: dict[str, int] = {}

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        if node.float_ops:
            counted[node.name] = int(node.float_ops)
        for child in node.children:
            walk(child)

    walk(root)
    return [(op, counted.get(op.name, 0)) for op in graph.get_operations()
            if op.name in counted or op.type in PRODUCTS or op.type in CALLS]


def called(op: tf.Operation, library: dict) -> dict:
    """The profiler on the body of the function OP calls (Keras compiles some convolutions
    with XLA, tf.function(jit_compile=True): a call the freeze leaves in place, whose body
    the profiler of the calling graph does not see), given the call's input shapes."""
    from tensorflow.python.framework.function_def_to_graph import function_def_to_graph

    fname = op.get_attr("f").name
    body = function_def_to_graph(library[fname], input_shapes=[t.shape for t in op.inputs])
    flops: dict[str, int] = {}
    products = []
    for inner, count in profile(body):
        if count:
            flops[inner.type] = flops.get(inner.type, 0) + count
        if inner.type in PRODUCTS:
            products.append(describe(inner, count))
    return {"call": op.name, "function": fname, "flops": flops, "products": products}


def shape(tensor: tf.Tensor) -> list | None:
    return tensor.shape.as_list() if tensor.shape.rank is not None else None


def describe(op: tf.Operation, flops: int) -> dict:
    row = {"op": op.type, "name": op.name, "flops": flops,
           "inputs": [shape(t) for t in op.inputs], "output": shape(op.outputs[0])}
    for attr in ("equation", "strides", "dilations", "transpose_a", "transpose_b", "adj_x", "adj_y", "data_format"):
        try:
            value = op.get_attr(attr)
        except ValueError:
            continue
        row[attr] = value.decode() if isinstance(value, bytes) else value
    return row


#: a layer's renamed scope in an op's name (`L003x`, or `L003x_1` when Keras entered it twice)
OWNER = re.compile(r"^(L\d{3}x)(?:_\d+)?$")


def owner(op_name: str, tokens: dict[str, str]) -> str:
    """The layer whose scope OP_NAME is in, by its token; "<outside>" for none."""
    for part in op_name.split("/"):
        match = OWNER.match(part)
        if match:
            return tokens[match.group(1)]
    return "<outside>"


def record(name: str, spec: dict, unroll: bool = True) -> dict:
    model = build(unrolled(spec, unroll))  # type: ignore[arg-type]
    layers = list(model.layers)
    tokens = {}
    for i, layer in enumerate(layers):
        tokens[f"L{i:03d}x"] = layer.name
    real_names = [layer.name for layer in layers]
    for token, layer in zip(tokens, layers, strict=True):
        layer.name = token
    try:
        graph = frozen_graph(model)
    finally:
        for real, layer in zip(real_names, layers, strict=True):
            layer.name = real
    library = {f.signature.name: f for f in graph.as_graph_def().library.function}
    per_layer: dict[str, dict] = {n: {"flops": {}, "products": [], "calls": []} for n in [*real_names, "<outside>"]}
    for op, flops in profile(graph):
        slot = per_layer[owner(op.name, tokens)]
        if flops:
            slot["flops"][op.type] = slot["flops"].get(op.type, 0) + flops
        if op.type in PRODUCTS:
            slot["products"].append(describe(op, flops))
        if op.type in CALLS:
            slot["calls"].append(called(op, library))
    rows = [{"name": n, "type": type(layer).__name__, **per_layer[n]} for n, layer in zip(real_names, layers, strict=True)]
    return {"spec": name, "unroll": unroll, "layers": rows,
            "outside": per_layer["<outside>"]}


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(SPECS.glob("*.yaml"))
    old = json.loads(OUT.read_text()) if argv and OUT.exists() else {"records": []}
    records = {r["spec"]: r for r in old["records"]}
    for path in paths:
        spec = yaml.safe_load(path.read_text())
        records[path.stem] = record(path.stem, spec)
        print(path.stem, file=sys.stderr)
    loop = record(NOT_UNROLLED, yaml.safe_load((SPECS / f"{NOT_UNROLLED}.yaml").read_text()), unroll=False)
    data = {"keras": keras.__version__, "tensorflow": tf.__version__,
            "how": "tools/keras_oracle/profiler_flops.py: TF profiler float_operation() on the frozen batch-1 "
                   "forward graph, recurrent layers unroll=True",
            "records": [records[k] for k in sorted(records)], "not_unrolled": loop}
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
