"""Generate specs of what Keras 2 users write and Keras 3 treats differently, for both oracles.

    python tools/keras_oracle/gen_keras2_legacy.py tests/keras2_legacy/cases [--count 300] [--seed 2]
    /tmp/kenv/bin/python tools/keras_oracle/oracle.py tests/keras2_legacy/cases tests/keras2_legacy
    TF_USE_LEGACY_KERAS=1 /tmp/k2env/bin/python tools/keras_oracle/keras2_oracle.py tests/keras2_legacy

Pure Python + PyYAML (no Keras); deterministic for a given --seed. Every spec is a
Sequential stack (no Input layer) whose first layer carries the Keras 2 input arguments,
in these families (the case name's prefix):

  bis    `batch_input_shape` on a first layer of any type (LSTM, GRU, SimpleRNN, Dense, Conv1D,
         Embedding, Bidirectional, TimeDistributed, Dropout, Masking, ...), a batch size or None
  dim    `input_dim` (with or without `input_length`) on any first layer, `input_length` alone
  bsz    `input_shape` with `batch_size`; stateful RNNs with and without a known batch size
  emb    `Embedding(input_length=...)` first (Flatten/Dense after it, the Keras 2 classic),
         Embedding first with neither input_length nor input_shape, Embedding with input_shape
  cudnn  `CuDNNLSTM` / `CuDNNGRU` (Keras 2 only), first, stacked, inside Bidirectional
  stack  stacked recurrent layers that fail (a 2D output into an RNN), with legacy inputs
  misc   Keras 2 argument forms: input arguments on a later layer or on the wrapped layer of a
         Bidirectional/TimeDistributed, both input_dim and input_shape, `time_major`,
         `implementation`, Keras-2-only layers (ThresholdedReLU, LocallyConnected1D)
         and Keras-3-only arguments (`seed` on an RNN)

The tail of each stack (zero to three layers) is random and usually fits the shape.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

RNNS = ["LSTM", "GRU", "SimpleRNN"]
UNITS = [1, 2, 4, 8, 16, 32, 64]
FIRST_TYPES = ["LSTM", "GRU", "SimpleRNN", "Dense", "Conv1D", "Embedding", "Bidirectional", "TimeDistributed",
               "Dropout", "Masking", "Flatten", "Activation", "BatchNormalization", "LayerNormalization",
               "GaussianNoise", "MaxPooling1D", "GlobalAveragePooling1D", "RepeatVector", "Reshape",
               "SpatialDropout1D", "Conv2D", "ConvLSTM1D"]


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.n = 0

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def units(self) -> int:
        return self.r.choice(UNITS)

    def name(self, kind: str) -> dict:
        if self.chance(0.3):
            self.n += 1
            return {"name": f"{kind.lower()[:6]}_{self.n}"}
        return {}

    def rnn(self, seq: bool | None = None, kind: str | None = None) -> dict:
        spec: dict[str, Any] = {"type": kind or self.r.choice(RNNS), "units": self.units()}
        if seq if seq is not None else self.chance(0.4):
            spec["return_sequences"] = True
        return spec

    # --- a first layer of a given type, for a given input rank (without the input arguments)
    def first(self, kind: str, rank: int) -> dict:
        """A first layer of KIND for inputs of RANK (batch included)."""
        r = self.r
        if kind in RNNS:
            return {**self.rnn(kind=kind), **self.name(kind)}
        if kind == "Dense":
            return {"type": "Dense", "units": self.units(), **self.name(kind)}
        if kind == "Conv1D":
            return {"type": "Conv1D", "filters": self.units(), "kernel_size": r.choice([1, 2, 3]),
                    **({"padding": "same"} if self.chance(0.3) else {})}
        if kind == "Embedding":
            return {"type": "Embedding", "input_dim": r.choice([50, 100, 1000]), "output_dim": r.choice([4, 8, 16]),
                    **({"mask_zero": True} if self.chance(0.2) else {})}
        if kind == "Bidirectional":
            return {"type": "Bidirectional", "layer": self.rnn(), **({"merge_mode": "sum"} if self.chance(0.2) else {})}
        if kind == "TimeDistributed":
            return {"type": "TimeDistributed", "layer": {"type": "Dense", "units": self.units()}}
        if kind == "Dropout":
            return {"type": "Dropout", "rate": 0.2}
        if kind == "Masking":
            return {"type": "Masking", "mask_value": 0.0}
        if kind == "Flatten":
            return {"type": "Flatten"}
        if kind == "Activation":
            return {"type": "Activation", "activation": r.choice(["relu", "tanh"])}
        if kind in ("BatchNormalization", "LayerNormalization", "GlobalAveragePooling1D", "SpatialDropout1D"):
            return {"type": kind, **({"rate": 0.1} if kind == "SpatialDropout1D" else {})}
        if kind == "GaussianNoise":
            return {"type": "GaussianNoise", "stddev": 0.1}
        if kind == "MaxPooling1D":
            return {"type": "MaxPooling1D", "pool_size": 2}
        if kind == "RepeatVector":
            return {"type": "RepeatVector", "n": r.choice([2, 3])}
        if kind == "Reshape":
            return {"type": "Reshape", "target_shape": [-1, 1]}
        if kind == "Conv2D":
            return {"type": "Conv2D", "filters": 4, "kernel_size": 2}
        if kind == "ConvLSTM1D":
            return {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 2}
        raise ValueError(kind)

    @staticmethod
    def rank_for(kind: str) -> int:
        """The input rank (batch included) a first layer of KIND usually takes."""
        return {"Dense": 2, "Embedding": 2, "RepeatVector": 2, "Conv2D": 4, "ConvLSTM1D": 4}.get(kind, 3)

    def dims(self, rank: int, kind: str) -> list:
        if kind == "Embedding":
            return [self.r.choice([5, 10, 20, None])]
        if kind == "Reshape":
            return [self.r.choice([4, 6]), 2][: rank - 1]
        shape: list = [self.r.choice([3, 5, 10, 20]) for _ in range(rank - 1)]
        if rank >= 3 and self.chance(0.15):
            shape[0] = None
        return shape

    # --- the rest of the stack
    def tail(self, rank: int, out: list[dict], depth: int) -> None:
        for _ in range(depth):
            options = []
            if rank == 3:
                options += ["rnn", "rnn", "dense", "flatten", "bidi", "td", "gap", "dropout", "conv"]
            elif rank == 2:
                options += ["dense", "dense", "repeat", "dropout", "rnn_bad"]
            else:
                options += ["flatten", "dense"]
            pick = self.r.choice(options)
            if pick == "rnn":
                spec = self.rnn()
                out.append({**spec, **self.name(spec["type"])})
                rank = 3 if spec.get("return_sequences") else 2
            elif pick == "rnn_bad":  # a 2D output into an RNN: the classic stacked-LSTM error
                out.append({**self.rnn(), **self.name("lstm")})
                rank = 2
            elif pick == "bidi":
                spec = self.rnn()
                out.append({"type": "Bidirectional", "layer": spec})
                rank = 3 if spec.get("return_sequences") else 2
            elif pick == "dense":
                out.append({"type": "Dense", "units": self.units(), **self.name("dense")})
            elif pick == "flatten":
                out.append({"type": "Flatten"})
                rank = 2
            elif pick == "td":
                out.append({"type": "TimeDistributed", "layer": {"type": "Dense", "units": self.units()}})
            elif pick == "gap":
                out.append({"type": "GlobalMaxPooling1D"})
                rank = 2
            elif pick == "dropout":
                out.append({"type": "Dropout", "rate": 0.5})
            elif pick == "conv":
                out.append({"type": "Conv1D", "filters": 8, "kernel_size": 2, "padding": "same"})
            elif pick == "repeat":
                out.append({"type": "RepeatVector", "n": 3})
                rank = 3

    def out_rank(self, first: dict, rank: int) -> int:
        kind = first["type"]
        if kind in RNNS:
            return 3 if first.get("return_sequences") else 2
        if kind == "Bidirectional":
            return 3 if first["layer"].get("return_sequences") else 2
        if kind == "Embedding":
            return rank + 1
        if kind in ("Flatten", "GlobalAveragePooling1D"):
            return 2
        if kind == "RepeatVector":
            return 3
        if kind == "Reshape":
            return 3
        return rank

    def stack(self, first: dict, rank: int) -> list[dict]:
        out = [first]
        self.tail(self.out_rank(first, rank), out, self.r.choice([0, 1, 1, 2, 2, 3]))
        return out

    # --- families
    def bis(self) -> list[dict]:
        kind = self.r.choice(FIRST_TYPES)
        rank = self.rank_for(kind)
        first = self.first(kind, rank)
        first["batch_input_shape"] = [self.r.choice([None, 1, 2, 32]), *self.dims(rank, kind)]
        if kind in RNNS and first["batch_input_shape"][0] and self.chance(0.3):
            first["stateful"] = True
        return self.stack(first, rank)

    def dim(self) -> list[dict]:
        kind = self.r.choice(FIRST_TYPES + RNNS * 2 + ["Dense"] * 2)
        rank = self.rank_for(kind)
        first = self.first(kind, rank)
        if kind == "Embedding":  # input_dim is the vocabulary: only input_length gives the shape
            if self.chance(0.7):
                first["input_length"] = self.r.choice([5, 10, 20])
        else:
            how = self.r.choice(["dim", "dim_len", "dim_len", "len"] if kind in RNNS else ["dim", "dim", "dim_len"])
            if how in ("dim", "dim_len"):
                first["input_dim"] = self.r.choice([3, 8, 16])
            if how in ("dim_len", "len"):
                first["input_length"] = self.r.choice([5, 10])
        return self.stack(first, 2 if "input_length" not in first and kind != "Embedding" else rank)

    def bsz(self) -> list[dict]:
        kind = self.r.choice(["LSTM", "GRU", "SimpleRNN", "Dense", "Conv1D", "Bidirectional", "Embedding", "Dropout"])
        rank = self.rank_for(kind)
        first = self.first(kind, rank)
        first["input_shape"] = self.dims(rank, kind)
        if self.chance(0.8):
            first["batch_size"] = self.r.choice([1, 4, 16])
        if kind in RNNS and self.chance(0.5):
            first["stateful"] = True
        return self.stack(first, rank)

    def emb(self) -> list[dict]:
        first = self.first("Embedding", 2)
        how = self.r.choice(["length", "length", "none", "shape", "length_shape", "batch"])
        if how in ("length", "length_shape"):
            first["input_length"] = self.r.choice([5, 10, 50])
        if how in ("shape", "length_shape"):
            first["input_shape"] = [self.r.choice([5, 10])]
        if how == "batch":
            first["batch_input_shape"] = [self.r.choice([None, 8]), self.r.choice([5, 10])]
        out = [first]
        if self.chance(0.35):
            out += [{"type": "Flatten"}, {"type": "Dense", "units": 1, "activation": "sigmoid"}]
        else:
            self.tail(3, out, self.r.choice([1, 2]))
        return out

    def cudnn(self) -> list[dict]:
        kind = self.r.choice(["CuDNNLSTM", "CuDNNGRU"])
        spec: dict[str, Any] = {"type": kind, "units": self.units(), **self.name(kind)}
        if self.chance(0.4):
            spec["return_sequences"] = True
        how = self.r.choice(["first", "first", "bidi", "after"])
        if how == "first":
            spec["input_shape"] = [self.r.choice([5, 10]), self.r.choice([3, 8])]
            out = [spec]
        elif how == "bidi":
            out = [{"type": "Bidirectional", "layer": spec, "input_shape": [10, 4]}]
        else:
            out = [{"type": "LSTM", "units": 8, "return_sequences": True, "input_shape": [10, 3]}, spec]
        self.tail(3 if spec.get("return_sequences") else 2, out, self.r.choice([0, 1]))
        return out

    def stack_error(self) -> list[dict]:
        first = self.rnn(seq=self.chance(0.3))
        legacy = self.r.choice(["input_shape", "input_dim", "batch_input_shape"])
        if legacy == "input_shape":
            first["input_shape"] = [10, 3]
        elif legacy == "input_dim":
            first["input_dim"] = 3
            if self.chance(0.6):
                first["input_length"] = 10
        else:
            first["batch_input_shape"] = [None, 10, 3]
        out = [first]
        for _ in range(self.r.choice([1, 2])):
            out.append(self.rnn(seq=self.chance(0.3)))
        out.append({"type": "Dense", "units": 1})
        return out

    def misc(self) -> list[dict]:
        r = self.r
        form = r.choice(["later_input", "wrapped_input", "dim_and_shape", "time_major", "implementation",
                         "thresholded", "locally", "seed", "bidi_td_dim", "dense3d_dim", "len_and_shape"])
        if form == "later_input":
            return [{**self.rnn(seq=True), "input_shape": [10, 3]},
                    {**self.rnn(), "input_shape": [r.choice([7, 10]), r.choice([2, 5])]}, {"type": "Dense", "units": 1}]
        if form == "wrapped_input":
            wrapper = r.choice(["Bidirectional", "TimeDistributed"])
            inner = self.rnn() if wrapper == "Bidirectional" else {"type": "Dense", "units": 4}
            inner["input_shape"] = [10, 3] if wrapper == "Bidirectional" else [3]
            return [{"type": wrapper, "layer": inner}, {"type": "Dense", "units": 1}]
        if form == "dim_and_shape":
            return [{**self.rnn(), "input_dim": 3, "input_shape": [10, r.choice([3, 5])]}, {"type": "Dense", "units": 1}]
        if form == "len_and_shape":
            return [{**self.rnn(), "input_length": r.choice([5, 10]), "input_shape": [10, 3]}, {"type": "Dense", "units": 1}]
        if form == "time_major":
            return [{**self.rnn(), "time_major": True, "input_shape": [10, 3]}, {"type": "Dense", "units": 1}]
        if form == "implementation":
            return [{**self.rnn(kind=r.choice(["LSTM", "GRU"])), "implementation": r.choice([1, 2]),
                     "input_shape": [10, 3]}, {"type": "Dense", "units": 1}]
        if form == "thresholded":
            return [{"type": "Dense", "units": 8, "input_dim": 4}, {"type": "ThresholdedReLU", "theta": 0.5},
                    {"type": "Dense", "units": 1}]
        if form == "locally":
            return [{"type": "LocallyConnected1D", "filters": 4, "kernel_size": 3, "input_shape": [10, 3]},
                    {"type": "Flatten"}, {"type": "Dense", "units": 1}]
        if form == "seed":
            return [{**self.rnn(), "seed": 1, "dropout": 0.2, "input_shape": [10, 3]}, {"type": "Dense", "units": 1}]
        if form == "bidi_td_dim":
            return [{"type": r.choice(["Bidirectional", "TimeDistributed"]),
                     "layer": self.rnn() if self.chance(0.5) else {"type": "Dense", "units": 4},
                     "input_dim": 3, "input_length": 10}, {"type": "Dense", "units": 1}]
        return [{"type": "Dense", "units": 8, "input_dim": 5, "input_length": 10}, {"type": "Dense", "units": 1}]


FAMILIES = [("bis", 70), ("dim", 60), ("bsz", 35), ("emb", 35), ("cudnn", 25), ("stack", 25), ("misc", 50)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2)
    a = ap.parse_args()
    gen = Gen(random.Random(a.seed))
    a.out.mkdir(parents=True, exist_ok=True)
    for old in a.out.glob("*.yaml"):
        old.unlink()
    total = sum(n for _, n in FAMILIES)
    made = 0
    for family, share in FAMILIES:
        n = round(a.count * share / total) if family != FAMILIES[-1][0] else a.count - made
        for i in range(n):
            layers = getattr(gen, "stack_error" if family == "stack" else family)()
            spec = {"name": f"{family}_{i:03d}", "layers": layers}
            (a.out / f"{family}_{i:03d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, default_flow_style=None))
        made += n
    print(f"{made} specs in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
