"""Generate random spec v1 files, broader than the conformance corpus, for the Keras oracle.

    python tools/keras_oracle/gen_specs.py OUT_DIR [--count 1500] [--seed 1]

Pure Python + PyYAML (no Keras). Stacks are grown layer by layer from the current tensor
rank, mostly choosing layers that fit (so most models build) and sometimes not (so Keras's
refusals are exercised too); some layers get invalid arguments. Every layer type and the
arguments that change shapes or counts appear: variable timesteps, fixed batch sizes,
Keras 2 input arguments, wrappers (nested too), trainable=False, dtype policies,
masking, long names that wrap in the table, and so on.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

RNNS = ["LSTM", "GRU", "SimpleRNN"]
UNITS = [1, 2, 3, 4, 8, 16, 32, 50, 64, 100, 128, 256]
ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear", "softmax", "elu", "gelu", "swish", "hard_sigmoid"]
DTYPES = ["float16", "float64", "bfloat16", "mixed_float16", "float32"]


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.count = 0

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def name(self, kind: str) -> str | None:
        if not self.chance(0.5):
            return None
        self.count += 1
        if self.chance(0.06):
            return f"a_rather_long_descriptive_layer_name_for_{kind.lower()}_number_{self.count}"
        return f"{kind.lower()[:6]}_{self.count}"

    def common(self, spec: dict[str, Any], kind: str) -> dict[str, Any]:
        name = self.name(kind)
        if name:
            spec["name"] = name
        if kind != "SpatialDropout1D":
            if self.chance(0.05):
                spec["trainable"] = False
            if self.chance(0.05):
                spec["dtype"] = self.r.choice(DTYPES)
        return spec

    # --- layer makers, by kind ---------------------------------------------------------
    def rnn(self, kind: str | None = None, seq: bool | None = None) -> dict[str, Any]:
        kind = kind or self.r.choice(RNNS)
        spec: dict[str, Any] = {"type": kind, "units": self.r.choice(UNITS),
                                "return_sequences": self.chance(0.5) if seq is None else seq}
        if self.chance(0.1):
            spec["use_bias"] = False
        if self.chance(0.1):
            spec["activation"] = self.r.choice(["relu", "sigmoid"])
        if kind != "SimpleRNN" and self.chance(0.05):
            spec["recurrent_activation"] = "hard_sigmoid"
        if self.chance(0.1):
            spec["dropout"] = 0.2
        if self.chance(0.08):
            spec["recurrent_dropout"] = 0.1
        if self.chance(0.05):
            spec["go_backwards"] = True
        if kind == "LSTM" and self.chance(0.1):
            spec["unit_forget_bias"] = False
        if kind == "GRU" and self.chance(0.35):
            spec["reset_after"] = False
        if self.chance(0.03):
            spec["unroll"] = True
        return self.common(spec, kind)

    def dense(self, big: bool = False) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": "Dense", "units": self.r.choice([4096] if big else [1, 2, 10, 16, 32, 64, 128])}
        if self.chance(0.4):
            spec["activation"] = self.r.choice(ACTIVATIONS)
        if self.chance(0.1):
            spec["use_bias"] = False
        if self.chance(0.03):
            spec["lora_rank"] = 2
        return self.common(spec, "Dense")

    def conv(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": "Conv1D", "filters": self.r.choice([4, 8, 16, 32, 64]),
                                "kernel_size": self.r.choice([1, 2, 3, 5, [3], 7])}
        padding = self.r.choice(["valid", "valid", "same", "causal"])
        if padding != "valid" or self.chance(0.3):
            spec["padding"] = padding
        if self.chance(0.25):
            spec["strides"] = self.r.choice([2, 3])
        elif self.chance(0.2):
            spec["dilation_rate"] = self.r.choice([2, 4])
        if self.chance(0.1):
            spec["groups"] = 2
            spec["filters"] = 8
        if self.chance(0.1):
            spec["use_bias"] = False
        if self.chance(0.3):
            spec["activation"] = "relu"
        return self.common(spec, "Conv1D")

    def pool(self) -> dict[str, Any]:
        kind = self.r.choice(["MaxPooling1D", "AveragePooling1D"])
        spec: dict[str, Any] = {"type": kind, "pool_size": self.r.choice([2, 3, 4, [2]])}
        if self.chance(0.3):
            spec["strides"] = self.r.choice([1, 2])
        if self.chance(0.3):
            spec["padding"] = self.r.choice(["valid", "same"])
        return self.common(spec, kind)

    def global_pool(self) -> dict[str, Any]:
        kind = self.r.choice(["GlobalAveragePooling1D", "GlobalMaxPooling1D"])
        spec: dict[str, Any] = {"type": kind}
        if self.chance(0.15):
            spec["keepdims"] = True
        return self.common(spec, kind)

    def norm(self, rank: int) -> dict[str, Any]:
        if self.chance(0.5):
            spec: dict[str, Any] = {"type": "BatchNormalization"}
            if self.chance(0.25):
                spec["axis"] = self.r.choice([1, -2, 0, 2, rank - 1])
            for key in ("center", "scale"):
                if self.chance(0.1):
                    spec[key] = False
            return self.common(spec, "BatchNormalization")
        spec = {"type": "LayerNormalization"}
        if self.chance(0.25):
            spec["axis"] = self.r.choice([1, -2, [1, 2], [-1, -2], 3])
        for key in ("center", "scale"):
            if self.chance(0.1):
                spec[key] = False
        return self.common(spec, "LayerNormalization")

    def simple(self, kind: str) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": kind}
        if kind in ("Dropout", "SpatialDropout1D"):
            spec["rate"] = self.r.choice([0.0, 0.1, 0.2, 0.5])
        elif kind == "Activation":
            spec["activation"] = self.r.choice(ACTIVATIONS)
        elif kind == "Masking":
            spec["mask_value"] = self.r.choice([0.0, -1.0])
        elif kind == "RepeatVector":
            spec["n"] = self.r.choice([1, 2, 3, 5, 10, 20])
        return self.common(spec, kind)

    def reshape(self, shape: list[int | None]) -> dict[str, Any]:
        rest = shape[1:]
        size = 1
        for d in rest:
            size *= d or 1
        options: list[list[int]] = [[7, 11, 13], [-1, 1], [-1], [1, -1]]
        if None not in rest:
            divisors = [d for d in range(1, min(size, 64) + 1) if size % d == 0]
            d = self.r.choice(divisors)
            options += [[size // d, d], [d, -1], [-1, d, 1]]
        return self.common({"type": "Reshape", "target_shape": self.r.choice(options)}, "Reshape")

    def embedding(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": "Embedding", "input_dim": self.r.choice([10, 50, 1000, 5000]),
                                "output_dim": self.r.choice([4, 8, 16, 64])}
        if self.chance(0.35):
            spec["mask_zero"] = True
        return self.common(spec, "Embedding")

    def bidirectional(self, seq: bool | None = None) -> dict[str, Any]:
        inner = self.rnn(seq=seq)
        inner.pop("name", None) if self.chance(0.5) else None
        spec: dict[str, Any] = {"type": "Bidirectional", "layer": inner}
        if self.chance(0.6):
            spec["merge_mode"] = self.r.choice(["concat", "sum", "mul", "ave"])
        return self.common(spec, "Bidirectional")

    def time_distributed(self, rank: int, shape: list[int | None]) -> dict[str, Any]:
        child_rank = rank - 1
        choices = ["Dense", "Dense", "Dropout", "BatchNormalization", "LayerNormalization", "Flatten",
                   "RepeatVector", "Activation", "Embedding"]
        if child_rank >= 3:
            choices += ["LSTM", "GRU", "Conv1D", "GlobalPool", "Pool", "Bidirectional", "TimeDistributed"]
        kind = self.r.choice(choices)
        child_shape = [shape[0], *shape[2:]]
        if kind in RNNS:
            inner = self.rnn(kind)
        elif kind == "Dense":
            inner = self.dense()
        elif kind == "Conv1D":
            inner = self.conv()
        elif kind == "GlobalPool":
            inner = self.global_pool()
        elif kind == "Pool":
            inner = self.pool()
        elif kind == "Bidirectional":
            inner = self.bidirectional()
        elif kind == "TimeDistributed":
            inner = self.time_distributed(child_rank, child_shape)
        elif kind in ("BatchNormalization", "LayerNormalization"):
            inner = self.norm(child_rank)
        elif kind == "Embedding":
            inner = self.embedding()
        else:
            inner = self.simple(kind)
        return self.common({"type": "TimeDistributed", "layer": inner}, "TimeDistributed")

    def invalid(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Break one argument of a layer (which then always has an explicit name)."""
        self.count += 1
        spec["name"] = f"bad_{self.count}"
        kind = spec["type"]
        options: list[tuple[str, Any]] = [("unknown", 3)]
        if "units" in spec:
            options += [("units", 0), ("units", -4)]
        if "rate" in spec:
            options += [("rate", 1.5), ("rate", -0.1)]
        if kind == "Conv1D":
            options += [("padding", "full"), ("filters", 0), ("kernel_size", 0), ("groups", 3)]
        if kind in ("MaxPooling1D", "AveragePooling1D"):
            options += [("pool_size", 0)]
        if kind == "Bidirectional":
            options += [("merge_mode", "max")]
        if "activation" in spec:
            options += [("activation", "tanhh")]
        if kind == "RepeatVector":
            options += [("n", 0)]
        if kind == "Embedding":
            options += [("output_dim", 0)]
        key, value = self.r.choice(options)
        spec[key if key != "unknown" else self.r.choice(["unit", "kernel_sise", "return_sequence"])] = value
        return spec

    # --- whole models ------------------------------------------------------------------
    def model(self, index: int) -> dict[str, Any]:
        r = self.r
        style = r.random()
        steps = r.choice([None, 1, 3, 5, 8, 10, 20, 30, 50, 100]) if self.chance(0.85) else None
        feats = r.choice([1, 2, 3, 4, 8, 10, 16, 32, 64, 128])
        start_kind = r.random()
        if start_kind < 0.12:
            shape: list[int | None] = [None, steps]  # token ids
            first_layer: list[dict[str, Any]] = [self.embedding()]
            rank = 3
            shape = [None, steps, first_layer[0]["output_dim"]]
        elif start_kind < 0.2:
            shape = [None, r.choice([2, 3, 5]), r.choice([4, 6, 10]), feats]
            first_layer = []
            rank = 4
        elif start_kind < 0.27:
            shape = [None, feats]
            first_layer = []
            rank = 2
        else:
            shape = [None, steps, feats]
            first_layer = []
            rank = 3
        batch = r.choice([8, 16, 32]) if self.chance(0.1) else None
        layers: list[dict[str, Any]] = []
        legacy = style < 0.25
        spec_input: dict[str, Any] = {"type": "Input"}
        per_sample = shape[1:] if not first_layer else [steps]
        if not legacy:
            if self.chance(0.05):
                spec_input["batch_shape"] = [batch, *per_sample]
            else:
                spec_input["shape"] = per_sample
                if batch:
                    spec_input["batch_size"] = batch
            if self.chance(0.4):
                spec_input["name"] = self.r.choice(["in1", "inputs", "x_in"])
            layers.append(spec_input)
        shape[0] = batch
        layers += first_layer
        depth = r.randint(1, 6)
        for _ in range(depth):
            fits = self.chance(0.9)
            layer, rank, shape = self.next_layer(rank, shape, fits)
            if self.chance(0.04):
                layer = self.invalid(layer)
            layers.append(layer)
        if self.chance(0.6):
            layer, rank, shape = self.next_layer(rank, shape, True, head=True)
            layers.append(layer)
        if legacy:
            first = layers[0]
            choice = r.random()
            if first["type"] == "Embedding":
                if steps is not None and choice < 0.5:
                    first["input_length"] = steps
                else:
                    first["input_shape"] = list(per_sample)
            elif choice < 0.5:
                first["input_shape"] = list(per_sample)
                if batch and self.chance(0.5):
                    first["batch_size"] = batch
            elif choice < 0.7 and first["type"] in RNNS and len(per_sample) == 2:
                first["input_dim"] = per_sample[1]
                if per_sample[0] is not None:
                    first["input_length"] = per_sample[0]
            elif choice < 0.8 and len(per_sample) == 1 and first["type"] != "Embedding":
                first["input_dim"] = per_sample[0]
            else:
                first["batch_input_shape"] = [batch, *per_sample]
        spec: dict[str, Any] = {"layers": layers}
        if self.chance(0.8):
            spec = {"name": f"x{index:04d}" if not self.chance(0.05) else
                    f"an_unusually_long_model_name_that_keeps_going_{index}_and_going", **spec}
        return spec

    def next_layer(self, rank: int, shape: list[int | None], fits: bool, head: bool = False):  # type: ignore[no-untyped-def]
        r = self.r
        if head:
            kinds = ["Dense"] if rank == 2 else ["Dense", "TimeDistributed", "GlobalPool", "Flatten"]
        elif not fits:
            kinds = ["LSTM", "RepeatVector", "Conv1D", "Bidirectional", "Flatten", "GlobalPool", "Reshape", "Dense",
                     "Pool", "SpatialDropout1D", "TimeDistributed"]
        elif rank == 2:
            kinds = ["Dense", "Dense", "RepeatVector", "RepeatVector", "Dropout", "Activation", "Norm", "Reshape"]
        elif rank == 3:
            kinds = ["RNN", "RNN", "RNN", "Bidirectional", "Bidirectional", "Dropout", "SpatialDropout1D", "Conv1D",
                     "Pool", "GlobalPool", "Flatten", "Dense", "TimeDistributed", "Norm", "Masking", "Reshape",
                     "Activation"]
        else:
            kinds = ["TimeDistributed", "TimeDistributed", "Reshape", "Dense", "Dropout", "Norm", "Flatten"]
        kind = r.choice(kinds)
        if kind in ("RNN", "LSTM"):
            layer = self.rnn(seq=None if not head else False)
        elif kind == "Bidirectional":
            layer = self.bidirectional()
        elif kind == "Dense":
            layer = self.dense(big=self.chance(0.01))
        elif kind == "Conv1D":
            layer = self.conv()
        elif kind == "Pool":
            layer = self.pool()
        elif kind == "GlobalPool":
            layer = self.global_pool()
        elif kind == "Norm":
            layer = self.norm(rank)
        elif kind == "Reshape":
            layer = self.reshape(shape)
        elif kind == "TimeDistributed":
            layer = self.time_distributed(rank, shape)
        else:
            layer = self.simple(kind)
        new_rank, new_shape = self.guess(layer, rank, shape)
        return layer, new_rank, new_shape

    @staticmethod
    def guess(layer: dict[str, Any], rank: int, shape: list[int | None]) -> tuple[int, list[int | None]]:
        """A rough idea of the next shape, only to steer the choice of the next layer."""
        kind = layer["type"]
        if kind in RNNS or kind == "Bidirectional":
            inner = layer.get("layer", layer)
            if inner.get("return_sequences"):
                return 3, [shape[0], shape[1] if len(shape) > 1 else None, 8]
            return 2, [shape[0], 8]
        if kind in ("Flatten", "GlobalAveragePooling1D", "GlobalMaxPooling1D"):
            return 2, [shape[0], 8]
        if kind == "RepeatVector":
            return 3, [shape[0], layer["n"], shape[-1]]
        if kind == "Reshape":
            return 1 + len(layer["target_shape"]), [shape[0], *[d if d != -1 else None for d in layer["target_shape"]]]
        if kind == "TimeDistributed":
            return max(rank - 1, 3) if rank > 3 else 3, shape[:rank - 1] if rank > 3 else shape
        return rank, shape


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    gen = Gen(random.Random(a.seed))
    for i in range(a.count):
        spec = gen.model(i)
        (a.out / f"x{i:04d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
