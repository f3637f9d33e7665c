"""lstmcalc's training-memory estimate against the measured peak of Keras `train_on_batch` (issue 15).

Modes (the last one compares, side by side on the same grid of batch sizes and timesteps):

    /tmp/kenv/bin/python bench/train_memory.py --record        # needs TensorFlow/Keras (~30 min);
                                                               # writes bench/results/train_memory_measured.json
    /tmp/kenv/bin/python bench/train_memory.py --record-terms  # single RNN layers at three sizes
    /tmp/kenv/bin/python bench/train_memory.py --kept          # the tensors each RNN keeps per step
    python bench/train_memory.py                               # no TensorFlow: measured slopes beside
                                                               # TRAIN_MEMORY.md's table and `lstmcalc cost`

Measurement (bench/TRAIN_MEMORY.md says why this method): each model (a spec in
bench/train_memory_specs/) and optimizer runs in RUNS fresh processes with TensorFlow's BFC
allocator on the CPU (TF_CPU_ALLOCATOR_USE_BFC=true), so `tf.config.experimental.get_memory_info`
reports the bytes the allocator has handed out. For every (batch, timesteps) point the model is
built (shape T), compiled, fed tf tensors made before the step, warmed up by one
`train_on_batch` (tracing, optimizer slots); then, REPEATS times, the allocator's peak is reset
and one more `train_on_batch` runs. A point's value is the peak minus the bytes in use just
before the step plus the batch's bytes (step_bytes), the median over repeats, then over
processes. Peak RSS is useless here: freed memory stays in the process (malloc keeps it).

Slopes cancel everything that does not grow with the batch (weights, gradients, optimizer
slots, framework overhead): `per_sample` is the least-squares slope over the batch sizes at T0
timesteps, `per_timestep_per_sample` the slope over timesteps at batch B0 divided by B0. The
comparison prints estimate_slope / measured_slope per model and the medians.
The issue's target is a ratio within 25% of 1.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPECS = HERE / "train_memory_specs"
RESULTS = HERE / "results" / "train_memory_measured.json"

T0, BATCHES = 100, (64, 128, 256, 512)  # the batch line: peak against batch at T0 timesteps
B0, TIMESTEPS = 128, (50, 100, 200, 300)  # the time line: peak against timesteps at batch B0
REPEATS = 3
RUNS = 3
OPTIMIZERS = ("adam", "sgd")
SGD_SPECS = ("lstm_seq", "two_lstm_classifier", "dense_only")  # sgd too: slopes must not move
LOSS = "mse"


def grid() -> list[tuple[int, int]]:
    """The (batch, timesteps) points both sides evaluate: the batch line then the time line."""
    points = [(b, T0) for b in BATCHES] + [(B0, t) for t in TIMESTEPS]
    return list(dict.fromkeys(points))


def with_timesteps(spec: dict[str, Any], timesteps: int) -> dict[str, Any]:
    """The spec with its Input's first (time) axis set to `timesteps`."""
    layers = [dict(layer) for layer in spec["layers"]]
    first = layers[0]
    if first["type"] != "Input":
        raise ValueError(f"{spec.get('name')}: the bench specs start with an Input layer")
    first["shape"] = [timesteps, *first["shape"][1:]]
    return {**spec, "layers": layers}


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of ys over xs."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def worst_residual(xs: list[float], ys: list[float]) -> float:
    """Largest distance of a point from the least-squares line, as a fraction of the range of ys."""
    k = slope(xs, ys)
    c = statistics.fmean(ys) - k * statistics.fmean(xs)
    spread = max(ys) - min(ys) or 1.0
    return max(abs(y - (k * x + c)) for x, y in zip(xs, ys, strict=True)) / spread


def slopes(points: dict[tuple[int, int], float]) -> dict[str, float]:
    """Bytes per extra sample at T0 and bytes per extra timestep per sample at B0."""
    bx = [float(b) for b in BATCHES]
    by = [points[(b, T0)] for b in BATCHES]
    tx = [float(t) for t in TIMESTEPS]
    ty = [points[(B0, t)] for t in TIMESTEPS]
    return {"per_sample": slope(bx, by), "per_timestep_per_sample": slope(tx, ty) / B0,
            "batch_line_worst_residual": worst_residual(bx, by),
            "time_line_worst_residual": worst_residual(tx, ty)}


# --------------------------------------------------------------------------------------------
# The measured side (TensorFlow; runs in /tmp/kenv/bin/python)

WORKER = r'''
import gc, json, os, statistics, sys, warnings
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["TF_CPU_ALLOCATOR_USE_BFC"] = "true"
warnings.filterwarnings("ignore")
sys.path.insert(0, sys.argv[1])
import numpy as np, tensorflow as tf, keras
import oracle
spec, optimizer, loss, repeats = json.loads(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
points = json.loads(sys.argv[6])
rng = np.random.default_rng(0)

def data(model, batch):
    def one(shape, dtype):
        shape = (batch, *shape[1:])
        if "int" in str(dtype):
            return tf.constant(rng.integers(0, 10, size=shape).astype(str(dtype)))
        return tf.constant(rng.normal(size=shape).astype("float32"))
    return one(model.inputs[0].shape, model.inputs[0].dtype), one(model.outputs[0].shape, "float32")

out = []
for batch, timesteps in points:
    s = dict(spec); layers = [dict(l) for l in s["layers"]]
    layers[0]["shape"] = [timesteps, *layers[0]["shape"][1:]]; s["layers"] = layers
    model = oracle.build(s)
    model.compile(optimizer=optimizer, loss=loss)
    x, y = data(model, batch)
    model.train_on_batch(x, y)  # warm-up: tracing, optimizer slots
    peaks, before = [], []
    for _ in range(repeats):
        gc.collect()
        tf.config.experimental.reset_memory_stats("CPU:0")
        before.append(tf.config.experimental.get_memory_info("CPU:0")["current"])
        model.train_on_batch(x, y)
        peaks.append(tf.config.experimental.get_memory_info("CPU:0")["peak"])
    out.append({"batch": batch, "timesteps": timesteps, "peaks": peaks, "in_use_before": before,
                "peak": statistics.median(peaks), "data_bytes": int(x.numpy().nbytes + y.numpy().nbytes),
                "params": int(model.count_params())})
    del model, x, y
    keras.backend.clear_session(); gc.collect()
print(json.dumps({"points": out, "tensorflow": tf.__version__, "keras": keras.__version__}))
'''


KEPT = r"""
import os, sys, warnings
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
warnings.filterwarnings("ignore")
import numpy as np, tensorflow as tf, keras
for kind in ("LSTM", "GRU", "SimpleRNN"):
    keras.backend.clear_session()
    inputs = keras.Input((5, 3))
    model = keras.Model(inputs, getattr(keras.layers, kind)(16, return_sequences=True)(inputs))
    model.compile("sgd", "mse")
    x, y = tf.zeros((8, 5, 3)), tf.zeros((8, 5, 16))
    model.train_on_batch(x, y)
    graph = tf.function(model.train_step).get_concrete_function((x, y, None)).graph
    for fn in graph.as_graph_def().library.function:
        nodes = {n.name: n for n in fn.node_def}
        pushed = [n.input[1] for n in fn.node_def if n.op == "TensorListPushBack"]
        if not pushed:
            continue
        print(f"{kind}: {len(pushed)} tensors pushed per step by the forward while body {fn.signature.name}")
        for name in pushed:
            node = nodes.get(name.split(":")[0])
            if node is None:  # a loop variable: (time, output_ta, *states) in keras's rnn()
                index = int(name.rsplit("placeholder", 1)[1].lstrip("_") or 0)
                source = "loop variable " + (["time (int32 scalar)", "output TensorArray"][index] if index < 2
                                             else f"state {index - 2} of the previous step")
                name = "placeholder" + name.rsplit("placeholder", 1)[1]
            else:
                source = f"{node.op}({', '.join(i.split('/')[-1] for i in node.input[:1])})"
            print(f"    {name.split('/')[-1]:26} <- {source}")
"""


def kept() -> None:
    """Print, for LSTM, GRU and SimpleRNN, what the forward while loop of Keras's train step pushes
    onto TensorList accumulators every timestep: the tensors the gradient keeps (needs TF)."""
    subprocess.run([sys.executable, "-c", KEPT], check=True)


def measure(spec: dict[str, Any], optimizer: str, repeats: int) -> dict[str, Any]:
    """Run WORKER for one model and optimizer in a fresh process; its JSON answer."""
    proc = subprocess.run([sys.executable, "-c", WORKER, str(ROOT / "tools" / "keras_oracle"),
                           json.dumps(spec), optimizer, LOSS, str(repeats), json.dumps(grid())],
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(f"{spec['name']}/{optimizer}: worker failed\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def step_bytes(point: dict[str, Any]) -> float:
    """What one point contributes to the slopes: the step's peak above what was in use just before
    it, plus the batch (inputs and targets). Leftovers of earlier points in the same process, the
    weights and the optimizer slots are in `in_use_before` and drop out; the batch is added back
    because it is memory the step needs and it grows with B and T."""
    return float(point["peak"] - min(point["in_use_before"]) + point["data_bytes"])


def record(names: list[str], repeats: int, runs: int, out: Path) -> None:
    """Measure every spec (adam; sgd for SGD_SPECS) `runs` times and write the JSON with the slopes
    of the per-point medians over runs."""
    import platform

    import yaml  # the Keras venv has it (tools/keras_oracle needs it)

    records, env = [], {}
    for path in sorted(SPECS.glob("*.yaml")):
        if names and path.stem not in names:
            continue
        spec = yaml.safe_load(path.read_text())
        for optimizer in OPTIMIZERS:
            if optimizer != "adam" and path.stem not in SGD_SPECS:
                continue
            answers = [measure(spec, optimizer, repeats) for _ in range(runs)]
            env = {"tensorflow": answers[0]["tensorflow"], "keras": answers[0]["keras"]}
            per_run = [{(p["batch"], p["timesteps"]): step_bytes(p) for p in a["points"]} for a in answers]
            points = {k: statistics.median(run[k] for run in per_run) for k in per_run[0]}
            records.append({"spec": f"bench/train_memory_specs/{path.name}", "optimizer": optimizer,
                            "loss": LOSS,
                            "points": [{"batch": b, "timesteps": t, "step_bytes": v,
                                        "data_bytes": answers[0]["points"][i]["data_bytes"],
                                        "params": answers[0]["points"][i]["params"],
                                        "runs": [{k: a["points"][i][k] for k in ("peaks", "in_use_before")}
                                                 for a in answers]}
                                       for i, ((b, t), v) in enumerate(points.items())],
                            "slopes": slopes(points),
                            "slopes_per_run": [slopes(run) for run in per_run],
                            "data_slopes": slopes({(p["batch"], p["timesteps"]): float(p["data_bytes"])
                                                   for p in answers[0]["points"]})})
            s = records[-1]["slopes"]
            print(f"{path.stem:22} {optimizer:5} per sample {s['per_sample'] / 1e3:10.1f} kB   "
                  f"per timestep per sample {s['per_timestep_per_sample']:9.1f} B   runs: "
                  + ", ".join(f"{r['per_timestep_per_sample']:.0f}" for r in records[-1]["slopes_per_run"]),
                  flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "method": ("TF BFC CPU allocator (TF_CPU_ALLOCATOR_USE_BFC=true): reset_memory_stats('CPU:0'), one "
                   "train_on_batch after a warm-up step, get_memory_info('CPU:0') 'peak' minus 'current' "
                   "just before the step, plus the batch's bytes (inputs and targets, tf tensors made before "
                   f"the step); median of {repeats} steps per point, then median over {runs} fresh processes "
                   "per model and optimizer"),
        "environment": {**env, "python": platform.python_version(), "machine": platform.machine(),
                        "jit_compile": "auto (False on a CPU-only machine)", "loss": LOSS},
        "grid": {"T0": T0, "batches": list(BATCHES), "B0": B0, "timesteps": list(TIMESTEPS)},
        "records": records}, indent=1) + "\n")
    print(f"wrote {out}")


TERMS = ((32, 256), (256, 256), (32, 512))  # (features, units): separates the f and u coefficients
TERMS_OUT = HERE / "results" / "train_memory_terms.json"


def record_terms(out: Path) -> None:
    """The per-timestep slope of one RNN layer (return_sequences=False, sgd) for LSTM, GRU and
    SimpleRNN at three (features, units), on a smaller grid (one process each, 2 repeats), to
    check the per-step coefficients of the kept-tensor table: k*u + 2f."""
    global BATCHES, TIMESTEPS
    BATCHES, TIMESTEPS = (64, 128), (50, 250)
    rows = []
    for kind, buffers in STEP_BUFFERS.items():
        for f, u in TERMS:
            spec = {"name": "terms", "layers": [{"type": "Input", "shape": [T0, f]},
                                                {"type": kind, "units": u, "return_sequences": False}]}
            got = measure(spec, "sgd", 2)
            per_step = slopes({(p["batch"], p["timesteps"]): step_bytes(p) for p in got["points"]})
            table = buffers * u + 2 * f
            rows.append({"layer": kind, "features": f, "units": u, "points": got["points"],
                         "per_timestep_per_sample_bytes": per_step["per_timestep_per_sample"],
                         "table_elements": table})
            print(f"{kind:9} f={f:3} u={u:3}  measured {per_step['per_timestep_per_sample'] / 4:7.1f} elements  "
                  f"table {table:5}  ratio {4 * table / per_step['per_timestep_per_sample']:.3f}", flush=True)
    out.write_text(json.dumps({"grid": {"batches": BATCHES, "T0": T0, "B0": B0, "timesteps": TIMESTEPS},
                               "tensorflow_keras": [got["tensorflow"], got["keras"]], "rows": rows},
                              indent=1) + "\n")
    print(f"wrote {out}")


# --------------------------------------------------------------------------------------------
# The estimate side (no TensorFlow)

def estimate(spec: dict[str, Any], batch: int, timesteps: int, optimizer: str) -> float | None:
    """lstmcalc's training peak in bytes for one grid point, or None if `cost` cannot answer.

    The one place that knows the `cost` JSON: an array of objects, each with
    totals.train_peak_bytes (else the sum of memory.training's parts)."""
    import yaml

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"{spec['name']}.yaml")
        path.write_text(yaml.safe_dump(with_timesteps(spec, timesteps), sort_keys=False))
        # the spec's timesteps are set to T already (cost refuses --timesteps on fixed lengths)
        proc = subprocess.run([sys.executable, "-m", "lstmcalc", "cost", str(path), "--training",
                               "--batch", str(batch), "--optimizer", optimizer, "--format", "json"],
                              capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode:
        return None
    try:
        answer = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return None
    item = answer[0] if isinstance(answer, list) and answer else answer
    if not isinstance(item, dict):
        return None
    peak = (item.get("totals") or {}).get("train_peak_bytes")
    if peak is None:
        parts = ((item.get("memory") or {}).get("training") or {})
        keys = ("weights", "gradients", "optimizer", "activations")
        if not all(isinstance(parts.get(k), (int, float)) for k in keys):
            return None
        peak = sum(parts[k] for k in keys)
    return float(peak)


STEP_BUFFERS = {"LSTM": 7, "GRU": 6, "SimpleRNN": 1}  # new (B, units) buffers kept per timestep
KEEPS_INPUT = {"Dense", "Bidirectional", *STEP_BUFFERS}  # their gradient needs their (batch-major) input
KEEPS_OUTPUT = {"relu", "sigmoid", "tanh", "softmax", "elu", "selu"}  # activation gradients from the output


def table_per_timestep(spec: dict[str, Any]) -> float:
    """Elements kept per sample per timestep by Keras 3's TF train step, from TRAIN_MEMORY.md's
    table (bytes = 4 x elements); shapes from `lstmcalc summary`. Sequential specs only.

    Tensors with a time axis, each counted once (a buffer is kept if some gradient needs it):
      the batch: the time-axis input (int ids: 1 element) and, for a time-axis output, the target;
      RNN f -> u: its batch-major input f, its time-major copy f (per direction) and k*u buffers
        per step (LSTM 7, GRU 6, SimpleRNN 1);
      Dense: its input; its output if the activation's gradient needs it (relu, sigmoid, ...);
      Dropout: the boolean keep mask (1/4 element); Embedding: nothing of its own;
      loss on a time-axis output of width w: y_pred - y (w);
      backward: max(4 w, 2 x the widest Dense output after the last recurrent layer): the first
        gradient buffers, made while every forward tensor is still kept.
    """
    proc = subprocess.run([sys.executable, "-m", "lstmcalc", "summary", "-", "--format", "json"],
                          input=json.dumps(spec), capture_output=True, text=True, cwd=ROOT, check=True)
    rows = json.loads(proc.stdout)[0]["layers"]
    kept: dict[int, float] = {}  # producing layer index -> elements per sample per timestep
    total, widest = 0.0, 0
    for i, (layer, row) in enumerate(zip(spec["layers"], rows, strict=True)):
        out = row["output_shape"]
        kind = layer["type"]
        inner = layer.get("layer") or {}
        if kind == "Input":
            kept[i] = out[-1] if len(out) == 3 else 1  # the batch: the caller holds it
            continue
        f = row["nodes"][0]["input_shape"][-1]
        timed_in = len(row["nodes"][0]["input_shape"]) == 3
        if kind in KEEPS_INPUT and timed_in:
            kept[i - 1] = f
        rnn = inner.get("type", kind)
        if rnn in STEP_BUFFERS:
            u = int(inner.get("units", layer.get("units", 0)))
            total += (2 if kind == "Bidirectional" else 1) * (f + STEP_BUFFERS[rnn] * u)
            widest = 0
        elif kind == "Dense" and len(out) == 3:
            if layer.get("activation", "linear") in KEEPS_OUTPUT:
                kept[i] = out[-1]
            widest = max(widest, out[-1])
        elif kind == "Dropout" and len(out) == 3:
            total += out[-1] / 4
    total += sum(kept.values())
    last = rows[-1]["output_shape"]
    if len(last) == 3:
        total += 2 * last[-1] + max(4 * last[-1], 2 * widest)  # target, y_pred - y; first gradients
    return total


def compare(measured: Path) -> int:
    """Print, per recorded model, the measured slopes, TRAIN_MEMORY.md's table prediction of the
    per-timestep slope and lstmcalc's estimate, with estimate/measured ratios and their medians."""
    import yaml

    data = json.loads(measured.read_text())
    print(f"measured: {data['method']}")
    print(f"environment: {data['environment']}")
    print(f"batch line: T={data['grid']['T0']}, B={data['grid']['batches']}; "
          f"time line: B={data['grid']['B0']}, T={data['grid']['timesteps']}\n")
    head = (f"{'model':20} {'opt':4} | {'per sample, kB':>15} {'table':>7} {'ratio':>5} {'est.':>8} {'ratio':>5} | "
            f"{'per timestep per sample, B':>26} {'table':>7} {'ratio':>5} {'est.':>7} {'ratio':>5}")
    print(head + "\n" + "-" * len(head))
    ratios: dict[str, list[float]] = {"sample": [], "step": [], "table": [], "table_sample": []}
    missing = 0
    for rec in data["records"]:
        spec = yaml.safe_load((ROOT / rec["spec"]).read_text())
        m = rec["slopes"]
        table = 4 * table_per_timestep(spec)
        ratios["table"].append(table / m["per_timestep_per_sample"])
        table_sample = table * data["grid"]["T0"]  # the table has no per-sample terms without a time axis
        ratios["table_sample"].append(table_sample / m["per_sample"])
        points = {}
        for b, t in grid():
            value = estimate(spec, b, t, rec["optimizer"])
            if value is None:
                missing += 1
                break
            points[(b, t)] = value
        est = ("", "", "", "")
        if len(points) == len(grid()):
            e = slopes(points)
            rs = e["per_sample"] / m["per_sample"]
            rt = e["per_timestep_per_sample"] / m["per_timestep_per_sample"]
            ratios["sample"].append(rs)
            ratios["step"].append(rt)
            est = (f"{e['per_sample'] / 1e3:.1f}", f"{rs:.2f}", f"{e['per_timestep_per_sample']:.0f}", f"{rt:.2f}")
        print(f"{Path(rec['spec']).stem:20} {rec['optimizer']:4} | {m['per_sample'] / 1e3:15.1f} "
              f"{table_sample / 1e3:7.1f} {table_sample / m['per_sample']:5.2f} {est[0]:>8} "
              f"{est[1]:>5} | {m['per_timestep_per_sample']:26.0f} {table:7.0f} "
              f"{table / m['per_timestep_per_sample']:5.2f} {est[2]:>7} {est[3]:>5}")
    for key, what in (("table", "per timestep per sample"), ("table_sample", "per sample (T0 x table)")):
        print(f"{'' if key == 'table_sample' else chr(10)}TRAIN_MEMORY.md table / measured, {what}: median "
              f"{statistics.median(ratios[key]):.3f}, range {min(ratios[key]):.3f}..{max(ratios[key]):.3f}")
    if missing:
        print("lstmcalc estimate: unavailable for some models (`lstmcalc cost --training` failed or is missing)")
    if not ratios["sample"]:
        return 1
    print(f"lstmcalc estimate / measured: median per sample {statistics.median(ratios['sample']):.3f}, "
          f"per timestep per sample {statistics.median(ratios['step']):.3f} (target: within 25%, 0.75..1.25)")
    worst = max([*ratios["sample"], *ratios["step"]], key=lambda r: abs(r - 1))
    print(f"worst single ratio: {worst:.3f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--record", action="store_true", help="measure with Keras (run with a TensorFlow Python)")
    ap.add_argument("--record-terms", action="store_true",
                    help=f"measure single RNN layers at three sizes into {TERMS_OUT.name} (needs TF)")
    ap.add_argument("--kept", action="store_true", help="print the tensors each RNN keeps per timestep (needs TF)")
    ap.add_argument("--only", nargs="*", default=[], help="with --record: only these spec names")
    ap.add_argument("--repeats", type=int, default=REPEATS, help="measured steps per point and process")
    ap.add_argument("--runs", type=int, default=RUNS, help="fresh processes per model and optimizer")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    if args.record_terms:
        record_terms(TERMS_OUT)
        return 0
    if args.kept:
        kept()
        return 0
    if args.record:
        record(args.only, args.repeats, args.runs, args.out)
        return 0
    return compare(args.out)


if __name__ == "__main__":
    sys.exit(main())
