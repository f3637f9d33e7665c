"""lstmcalc run (numpy) against Keras model.predict on the same model and input, side by side.

    python bench/bench_run.py --keras-python /tmp/kenv/bin/python [--repeats 7]

Model: batch 256 x 50 timesteps x 10 features -> LSTM(128, return_sequences=True) ->
LSTM(64) -> Dense(1). Both sides get the same weights and input (Keras writes them, numpy
reads them), warm up once, then time the forward pass several times in their own process;
the script reports each median, the ratio (target: numpy no slower than Keras), that the
outputs agree, and each process's peak resident memory. Keras is only ever used from the
throwaway environment given with --keras-python; it is not a dependency of lstmcalc.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SPEC = """name: bench
layers:
  - {type: Input, shape: [50, 10]}
  - {type: LSTM, units: 128, return_sequences: true}
  - {type: LSTM, units: 64}
  - {type: Dense, units: 1}
"""

KERAS_SIDE = r'''
import json, os, resource, statistics, sys, time, warnings
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"; warnings.filterwarnings("ignore")
import numpy as np, keras
folder, repeats = sys.argv[1], int(sys.argv[2])
x = np.random.default_rng(0).normal(size=(256, 50, 10)).astype("float32")
inputs = keras.Input(shape=(50, 10))
h = keras.layers.LSTM(128, return_sequences=True)(inputs)
h = keras.layers.LSTM(64)(h)
model = keras.Model(inputs, keras.layers.Dense(1)(h))
np.save(f"{folder}/x.npy", x)
np.savez(f"{folder}/w.npz", **{f"{l.name}/{i}": w for l in model.layers for i, w in enumerate(l.get_weights())})
y = model.predict(x, batch_size=256, verbose=0)
times = []
for _ in range(repeats):
    start = time.perf_counter(); y = model.predict(x, batch_size=256, verbose=0); times.append(time.perf_counter() - start)
np.save(f"{folder}/y.npy", y)
print(json.dumps({"median": statistics.median(times), "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "names": [l.name for l in model.layers]}))
'''

NUMPY_SIDE = r'''
import json, resource, statistics, sys, time
import numpy as np
from lstmcalc.engine import summarize
from lstmcalc.numeric.forward import prepare_weights, run
folder, repeats, names = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
summary = summarize(open(f"{folder}/spec.yaml", "rb").read(), "spec.yaml")
ours = [r.name for r in summary.layers]
given = {k.replace(k.split("/")[0], ours[names.index(k.split("/")[0])], 1): v for k, v in np.load(f"{folder}/w.npz").items()}
weights = prepare_weights(summary, given, 0)
x = np.load(f"{folder}/x.npy")
out, _ = run(summary, weights, [x])
times = []
for _ in range(repeats):
    start = time.perf_counter(); out, _ = run(summary, weights, [x]); times.append(time.perf_counter() - start)
y = out[ours[-1]][0]
diff = float(np.max(np.abs(y - np.load(f"{folder}/y.npy"))))
print(json.dumps({"median": statistics.median(times), "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "max_abs_diff": diff}))
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keras-python", required=True, help="a Python with tensorflow/keras installed")
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "spec.yaml").write_text(SPEC)
        keras = json.loads(subprocess.run([args.keras_python, "-c", KERAS_SIDE, folder, str(args.repeats)],
                                          capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
        ours = json.loads(subprocess.run([sys.executable, "-c", NUMPY_SIDE, folder, str(args.repeats),
                                          json.dumps(keras["names"])],
                                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
    ratio = ours["median"] / keras["median"]
    print(f"batch 256 x 50 x 10 -> LSTM 128 (sequences) -> LSTM 64 -> Dense 1, {args.repeats} timed runs each")
    print(f"Keras model.predict    median {keras['median'] * 1000:8.1f} ms   peak RSS {keras['peak_rss_mib']:7.0f} MiB")
    print(f"lstmcalc run (numpy)   median {ours['median'] * 1000:8.1f} ms   peak RSS {ours['peak_rss_mib']:7.0f} MiB")
    print(f"ratio numpy/Keras {ratio:.2f} (target <= 1.0); outputs agree to {ours['max_abs_diff']:.1e}")
    return 0 if ratio <= 1.0 and ours["max_abs_diff"] < 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main())
