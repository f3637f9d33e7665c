"""TensorFlow's profiler on the cost corpus: the float ops of the BACKWARD pass, layer by layer.

Runs ONLY in a throwaway Keras 3 venv (TensorFlow is never a dependency of lstmcalc):

    /tmp/kenv/bin/python tools/keras_oracle/profiler_backward.py [SPEC.yaml ...]

The backward companion of profiler_flops.py (whose build, unroll and profile it imports): for
every tests/cost/specs/*.yaml it builds the spec as a real Keras 3 model with every recurrent
layer unroll=True, traces at batch 1 a tf.function computing, under tf.GradientTape, the
gradients of loss = the sum of every output's values with respect to
model.trainable_variables, freezes it (convert_variables_to_constants_v2), keeps only the ops
the gradients depend on (tf.compat.v1.graph_util.extract_sub_graph: what TF's executor runs;
an op whose result nothing reads is pruned), and runs tf.compat.v1.profiler's
float_operation() on that graph. The gradient ops are the ones TF names under the tape's
scope, `gradient_tape/<forward op's name>`; each is attributed to the top-level layer whose
(renamed, unique) scope its name holds. It writes tests/fixtures/cost_profiler_backward.json:

- per spec: Keras and TF versions, the top-level layers in model order, and per layer
  `flops` {op type: float ops of its gradient ops} and `products`: every matrix-product op of
  its gradient (MatMul, BatchMatMul*, Conv*, Conv*Backprop{Input,Filter}*,
  DepthwiseConv2dNativeBackprop*, Einsum), registered for flops or not, with shapes and the
  attributes that fix its count; `calls`: XLA function calls, profiled inside;
- `pruned`: the gradient's product ops that the tape built but no gradient reads (removed by
  the pruning above, listed so a reader sees them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import keras
import profiler_flops as pf
import tensorflow as tf
import yaml
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

OUT = pf.ROOT / "tests" / "fixtures" / "cost_profiler_backward.json"
#: the products of a gradient: the forward ones and the convolutions' backprops
PRODUCTS = pf.PRODUCTS | {"Conv2DBackpropFilter", "Conv3DBackpropFilter", "Conv3DBackpropFilterV2",
                          "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"}
GRADIENT = "gradient_tape/"


def gradient_graph(model: keras.Model) -> tuple[tf.Graph, list[str]]:
    """The frozen, pruned graph of d(sum of outputs)/d(trainable variables) at batch 1, and the
    names of the gradient product ops the pruning removed. (Keras's XLA-compiled convolutions,
    groups > 1: freezing cannot rewrite the gradient function's variable reads; their graph
    is profiled unfrozen, its variable reads have full shapes as well.)"""
    specs = [tf.TensorSpec([1, *t.shape[1:]], t.dtype) for t in model.inputs]
    variables = list(model.trainable_variables)

    def step(*xs):  # type: ignore[no-untyped-def]
        with tf.GradientTape() as tape:
            out = model(list(xs) if len(xs) > 1 else xs[0], training=False)
            loss = tf.add_n([tf.reduce_sum(o) for o in tf.nest.flatten(out)])
        grads = tape.gradient(loss, variables)
        return [g.values if isinstance(g, tf.IndexedSlices) else g for g in grads if g is not None]

    concrete = tf.function(step).get_concrete_function(*specs)
    try:
        frozen = convert_variables_to_constants_v2(concrete)
    except ValueError:  # the gradient of an XLA call reads the variable inside a function
        frozen = concrete  # profiled as traced: the variables' reads have their shapes too
    whole = frozen.graph.as_graph_def()
    keep = [t.op.name for t in frozen.outputs]
    pruned_def = tf.compat.v1.graph_util.extract_sub_graph(whole, keep)
    kept = {n.name for n in pruned_def.node}
    dropped = [f"{n.op} {n.name}" for n in whole.node
               if n.name not in kept and n.op in PRODUCTS and n.name.startswith(GRADIENT)]
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(pruned_def, name="")
    return graph, dropped


def profile(graph: tf.Graph) -> list[tuple[tf.Operation, int]]:
    """profiler_flops.profile, plus the gradient products TF registers no flops for."""
    seen = pf.profile(graph)
    names = {op.name for op, _ in seen}
    return seen + [(op, 0) for op in graph.get_operations() if op.type in PRODUCTS and op.name not in names]


def backward_call(op: tf.Operation) -> tf.Operation | None:
    """For the call of an XLA function's gradient (Keras's grouped and channels_first 3D
    convolutions: tf.function(jit_compile=True) gives its gradient as a function
    `__inference___backward_...`, called from the graph's top, outside the tape's scope): the
    forward call whose outputs it reads, whose name says the layer. None for any other op."""
    if op.type not in pf.CALLS or "___backward_" not in op.get_attr("f").name:
        return None
    forward = [t.op for t in op.inputs if t.op.type in pf.CALLS]
    assert forward, op.name
    return forward[0]


def record(name: str, spec: dict) -> dict:
    model = pf.build(pf.unrolled(spec))  # type: ignore[arg-type]
    layers = list(model.layers)
    tokens = {f"L{i:03d}x": layer.name for i, layer in enumerate(layers)}
    real_names = [layer.name for layer in layers]
    for token, layer in zip(tokens, layers, strict=True):
        layer.name = token
    try:
        graph, dropped = gradient_graph(model)
    finally:
        for real, layer in zip(real_names, layers, strict=True):
            layer.name = real
    library = {f.signature.name: f for f in graph.as_graph_def().library.function}
    per_layer: dict[str, dict] = {n: {"flops": {}, "products": [], "calls": []} for n in [*real_names, "<outside>"]}
    forward_products = 0
    for op, flops in profile(graph):
        named = backward_call(op)
        if not op.name.startswith(GRADIENT) and named is None:
            forward_products += op.type in PRODUCTS
            continue
        slot = per_layer[pf.owner((named or op).name, tokens)]
        if flops:
            slot["flops"][op.type] = slot["flops"].get(op.type, 0) + flops
        if op.type in PRODUCTS:
            slot["products"].append(pf.describe(op, flops))
        if op.type in pf.CALLS:
            slot["calls"].append(pf.called(op, library))
    rows = [{"name": n, "type": type(layer).__name__, **per_layer[n]} for n, layer in zip(real_names, layers, strict=True)]
    return {"spec": name, "layers": rows, "outside": per_layer["<outside>"], "pruned": dropped,
            "forward_products": forward_products}


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(pf.SPECS.glob("*.yaml"))
    old = json.loads(OUT.read_text()) if argv and OUT.exists() else {"records": []}
    records = {r["spec"]: r for r in old["records"]}
    for path in paths:
        spec = yaml.safe_load(path.read_text())
        try:
            records[path.stem] = record(path.stem, spec)
        except Exception as error:  # noqa: BLE001 - reported, never hidden: the test lists the corpus
            print(f"FAILED {path.stem}: {type(error).__name__}: {error}"[:400], file=sys.stderr)
            continue
        print(path.stem, file=sys.stderr)
    data = {"keras": keras.__version__, "tensorflow": tf.__version__,
            "how": "tools/keras_oracle/profiler_backward.py: TF profiler float_operation() on the frozen, pruned "
                   "batch-1 graph of tf.GradientTape's gradients of sum(outputs) w.r.t. trainable_variables, "
                   "recurrent layers unroll=True; ops named gradient_tape/...",
            "records": [records[k] for k in sorted(records)]}
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
