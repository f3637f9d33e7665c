"""Generate random specs mixing the N-D convolutions and ConvLSTMs with recurrent layers.

    python tools/keras_oracle/gen_convnd.py tests/keras_layers/convnd/cases [--count 220] [--seed 11]

Pure Python + PyYAML (no Keras). Each model is one of a few shapes real code has:
ConvLSTM stacks with BatchNormalization and a Conv3D head (next-frame prediction), CRNNs
(Conv2D / SeparableConv2D / DepthwiseConv2D, Reshape, then LSTM/GRU), TimeDistributed
convolutions before an LSTM, 1D transposed/separable/depthwise convolutions between RNNs,
3D and transposed-2D stacks, and ConvLSTM1D/3D. Sizes are tracked so most models build;
some layers get arguments or inputs Keras refuses (kernels larger than the input, strides
with dilation, output_padding >= strides, 'causal' outside 1D, wrong kernel_size length,
wrong rank, undefined spatial sizes, stateful without a batch size). Deterministic with --seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

ALIASES = {"Conv2D": "Convolution2D", "Conv3D": "Convolution3D", "Conv1DTranspose": "Convolution1DTranspose",
           "Conv2DTranspose": "Convolution2DTranspose", "Conv3DTranspose": "Convolution3DTranspose",
           "SeparableConv1D": "SeparableConvolution1D", "SeparableConv2D": "SeparableConvolution2D",
           "Conv1D": "Convolution1D"}
ACTS = [None, "relu", "tanh", "sigmoid", "linear"]


def conv_size(size: int | None, k: int, s: int, d: int, padding: str) -> int | None:
    if size is None:
        return None
    if padding == "valid":
        return (size - d * (k - 1) - 1) // s + 1
    return (size - 1) // s + 1


def transpose_size(size: int | None, k: int, s: int, d: int, *, padding: str, op: int | None) -> int | None:
    if size is None:
        return None
    k = (k - 1) * d + 1
    if padding == "valid":
        return (size - 1) * s + k + (max(k, s) - k if op is None else op)
    return size * s if op is None else (size - 1) * s + k % 2 + op


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.n = 0

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def alias(self, kind: str) -> str:
        return ALIASES[kind] if kind in ALIASES and self.chance(0.15) else kind

    def named(self, spec: dict[str, Any]) -> dict[str, Any]:
        if self.chance(0.25):
            self.n += 1
            spec["name"] = f"{spec['type'].lower()[:8]}_{self.n}"
        if self.chance(0.04):
            spec["trainable"] = False
        return spec

    def tup(self, rank: int, choices: list[int]) -> int | list[int]:
        if self.chance(0.5):
            return self.r.choice(choices)
        return [self.r.choice(choices) for _ in range(rank)]

    @staticmethod
    def as_list(v: int | list[int], rank: int) -> list[int]:
        return [v] * rank if isinstance(v, int) else list(v)

    # --- one convolution, with its output spatial sizes ------------------------------------
    def conv(self, kind: str, rank: int, spatial: list[int | None], channels: int, *, first: bool,
             bad: bool) -> tuple[dict[str, Any], list[int | None], int]:
        spec: dict[str, Any] = {"type": kind}
        depthwise = kind.startswith("Depthwise")
        transpose = "Transpose" in kind
        if not depthwise:
            spec["filters"] = self.r.choice([1, 2, 3, 4, 6, 8, 16])
        k = self.tup(rank, [1, 2, 3, 3, 5])
        spec["kernel_size"] = k
        padding = self.r.choice(["valid", "same"])
        strides: int | list[int] = 1
        dilation: int | list[int] = 1
        if self.chance(0.35):
            strides = self.tup(rank, [1, 2, 2, 3])
            spec["strides"] = strides
        elif self.chance(0.25):
            dilation = self.tup(rank, [1, 2])
            spec["dilation_rate"] = dilation
        if padding != "valid" or self.chance(0.3):
            spec["padding"] = padding
        if first:
            spec["data_format"] = "channels_first"
        elif self.chance(0.1):
            spec["data_format"] = "channels_last"
        op: list[int] | None = None
        if transpose and self.chance(0.3) and max(self.as_list(strides, rank)) > 1:
            op = [self.r.randrange(s) for s in self.as_list(strides, rank)]
            spec["output_padding"] = op
        if (depthwise or kind.startswith("Separable")) and self.chance(0.4):
            spec["depth_multiplier"] = self.r.choice([1, 2, 3])
        if kind in ("Conv2D", "Conv3D") and self.chance(0.15):
            g = self.r.choice([g for g in (1, 2, 3, 4) if channels % g == 0 and spec["filters"] % g == 0] or [1])
            spec["groups"] = g
        if self.chance(0.3):
            spec["activation"] = self.r.choice(ACTS)
        if self.chance(0.15):
            spec["use_bias"] = False
        if bad:
            trouble = self.r.choice(["big", "stride_dilation", "causal", "length", "output_padding", "zero"])
            if trouble == "big":
                spec["kernel_size"] = max(s or 1 for s in spatial) + 2
                spec["padding"] = "valid"
                spec.pop("strides", None)
                spec.pop("dilation_rate", None)
            elif trouble == "stride_dilation":
                spec["strides"], spec["dilation_rate"] = 2, 2
            elif trouble == "causal":
                spec["padding"] = "causal"
            elif trouble == "length":
                spec["kernel_size"] = [3] * (rank + 1)
            elif trouble == "output_padding" and transpose:
                spec["strides"], spec["output_padding"] = 2, 2
            else:
                spec["filters" if not depthwise else "depth_multiplier"] = 0
        ks, ss, ds = (self.as_list(v, rank) for v in (k, strides, dilation))
        out: list[int | None] = []
        for i, size in enumerate(spatial):
            if transpose:
                out.append(transpose_size(size, ks[i], ss[i], ds[i], padding=padding, op=None if op is None else op[i]))
            else:
                out.append(conv_size(size, ks[i], ss[i], ds[i], padding))
        new_channels = channels * int(spec.get("depth_multiplier", 1)) if depthwise else int(spec["filters"])
        spec["type"] = self.alias(kind)
        return self.named(spec), out, new_channels

    def fits(self, spatial: list[int | None]) -> bool:
        return all(s is None or s >= 1 for s in spatial)

    # --- model shapes -------------------------------------------------------------------------
    def convlstm_stack(self, bad: bool) -> dict[str, Any]:
        rank = self.r.choice([1, 2, 2, 2, 3])
        first = self.chance(0.2)
        t = self.r.choice([None, 3, 4, 5, 10])
        spatial: list[int | None] = [self.r.choice([6, 8, 10, 16, 20]) for _ in range(rank)]
        channels = self.r.choice([1, 2, 3])
        shape = [t, channels, *spatial] if first else [t, *spatial, channels]
        inp: dict[str, Any] = {"type": "Input", "shape": shape}
        if bad and self.chance(0.3):
            shape[2 if first else 1] = None  # Keras needs static spatial sizes
        if self.chance(0.1):
            inp = {"type": "Input", "batch_shape": [self.r.choice([None, 2, 4]), *shape]}
        layers: list[dict[str, Any]] = [inp]
        depth = self.r.choice([1, 2, 3])
        kind = f"ConvLSTM{rank}D"
        for i in range(depth):
            last = i == depth - 1
            spec: dict[str, Any] = {"type": kind, "filters": self.r.choice([2, 4, 8, 16, 32, 64]),
                                    "kernel_size": self.tup(rank, [1, 3, 3, 5])}
            if self.chance(0.7):
                spec["padding"] = "same"
            if first:
                spec["data_format"] = "channels_first"
            seq = (not last) or self.chance(0.6)
            spec["return_sequences"] = seq
            if self.chance(0.15):
                spec["strides"] = 2
            elif self.chance(0.15):
                spec["dilation_rate"] = 2
            if self.chance(0.1):
                spec["go_backwards"] = True
            if self.chance(0.1):
                spec["use_bias"] = False
            if self.chance(0.1):
                spec["activation"] = "relu"
            if self.chance(0.05):
                spec["stateful"] = True
            if last and self.chance(0.1):
                spec["return_state"] = True
            if bad and self.chance(0.25):
                key = self.r.choice(["strides", "kernel_size", "padding"])
                spec[key] = {"strides": 3, "kernel_size": [3] * (rank + 1), "padding": "causal"}[key]
                if key == "strides":
                    spec["dilation_rate"] = 2
            layers.append(self.named(spec))
            if spec.get("return_state"):
                return {"layers": layers}
            if not last and self.chance(0.5):
                layers.append({"type": "BatchNormalization", **({"axis": 2} if first else {})})
        if layers[-1].get("return_sequences") and rank == 2:
            layers.append(self.named({"type": self.alias("Conv3D"), "filters": 1, "kernel_size": [3, 3, 3],
                                      "activation": "sigmoid", "padding": "same",
                                      **({"data_format": "channels_first"} if first and self.chance(0.5) else {})}))
        elif self.chance(0.6):
            layers.append({"type": "Flatten"})
            layers.append(self.named({"type": "Dense", "units": self.r.choice([1, 4, 10])}))
        if bad and len(layers) < 4 and self.chance(0.3):
            layers.append({"type": "LSTM", "units": 4})  # rank mismatch
        return {"layers": layers}

    def crnn(self, bad: bool) -> dict[str, Any]:
        spatial: list[int | None] = [self.r.choice([16, 24, 32]), self.r.choice([8, 16, 32, 64])]
        channels = self.r.choice([1, 3])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [*spatial, channels]}]
        broke = False
        for _ in range(self.r.choice([1, 2, 3])):
            kind = self.r.choice(["Conv2D", "Conv2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose"])
            want_bad = bad and not broke and self.chance(0.5)
            spec, out, ch = self.conv(kind, 2, spatial, channels, first=False, bad=want_bad)
            layers.append(spec)
            broke = broke or want_bad
            if not self.fits(out) or want_bad:
                return {"layers": layers}
            spatial, channels = out, ch
            if self.chance(0.3):
                layers.append({"type": "BatchNormalization"})
        h, w = spatial
        assert h is not None and w is not None
        layers.append({"type": "Reshape", "target_shape": [h, w * channels]})
        rnn = self.r.choice(["LSTM", "GRU", "SimpleRNN"])
        if self.chance(0.3):
            layers.append({"type": "Bidirectional", "layer": {"type": rnn, "units": self.r.choice([8, 16, 32]),
                                                              "return_sequences": True}})
        else:
            layers.append(self.named({"type": rnn, "units": self.r.choice([8, 16, 32]),
                                      "return_sequences": self.chance(0.5)}))
        layers.append(self.named({"type": "Dense", "units": self.r.choice([5, 10, 37]), "activation": "softmax"}))
        return {"layers": layers}

    def time_distributed(self, bad: bool) -> dict[str, Any]:
        spatial: list[int | None] = [self.r.choice([8, 12, 16]), self.r.choice([8, 12, 16])]
        channels = self.r.choice([1, 3])
        t = self.r.choice([None, 5, 10])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [t, *spatial, channels]}]
        kind = self.r.choice(["Conv2D", "SeparableConv2D", "DepthwiseConv2D"])
        spec, out, _ = self.conv(kind, 2, spatial, channels, first=False, bad=False)
        if bad:  # a kernel larger than the frames: refused when TimeDistributed calls it
            spec.update({"kernel_size": max(spatial) + 1, "padding": "valid"})  # type: ignore[type-var]
            spec.pop("strides", None)
            spec.pop("dilation_rate", None)
        layers.append({"type": "TimeDistributed", "layer": spec})
        if not self.fits(out) or bad:
            return {"layers": layers}
        layers.append({"type": "TimeDistributed", "layer": {"type": "Flatten"}})
        layers.append(self.named({"type": self.r.choice(["LSTM", "GRU"]), "units": self.r.choice([8, 16, 32])}))
        layers.append({"type": "Dense", "units": 1})
        return {"layers": layers}

    def seq1d(self, bad: bool) -> dict[str, Any]:
        t = self.r.choice([8, 12, 20, 30])
        f = self.r.choice([1, 2, 4, 8])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [t, f]}]
        spatial: list[int | None] = [t]
        channels = f
        if self.chance(0.5):
            units = self.r.choice([4, 8, 16])
            layers.append(self.named({"type": self.r.choice(["LSTM", "GRU"]), "units": units,
                                      "return_sequences": True}))
            channels = units
        for _ in range(self.r.choice([1, 2])):
            kind = self.r.choice(["Conv1DTranspose", "SeparableConv1D", "DepthwiseConv1D", "Conv1D"])
            if kind == "Conv1D":
                spec = {"type": self.alias("Conv1D"), "filters": self.r.choice([2, 4, 8]), "kernel_size": 3,
                        "padding": self.r.choice(["causal", "same"])}
                layers.append(spec)
                channels = int(spec["filters"])
                continue
            first = self.chance(0.15)
            spec, out, ch = self.conv(kind, 1, spatial, channels, first=first, bad=bad)
            layers.append(spec)
            if not self.fits(out) or bad or first:
                return {"layers": layers}
            spatial, channels = out, ch
        layers.append(self.named({"type": self.r.choice(["LSTM", "GRU", "SimpleRNN"]), "units": 8}))
        layers.append({"type": "Dense", "units": 1})
        return {"layers": layers}

    def volume(self, bad: bool) -> dict[str, Any]:
        rank = self.r.choice([2, 3])
        spatial: list[int | None] = [self.r.choice([4, 6, 8]) for _ in range(rank)]
        channels = self.r.choice([1, 2])
        first = self.chance(0.2)
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [channels, *spatial] if first
                                         else [*spatial, channels]}]
        kinds = [f"Conv{rank}D", f"Conv{rank}DTranspose"]
        for i in range(self.r.choice([1, 2, 3])):
            want_bad = bad and i == 0
            spec, out, ch = self.conv(self.r.choice(kinds), rank, spatial, channels, first=first, bad=want_bad)
            layers.append(spec)
            if not self.fits(out) or want_bad or any(s is not None and s > 200 for s in out):
                return {"layers": layers}
            spatial, channels = out, ch
        if bad and self.chance(0.5):
            layers.append({"type": "Conv2D" if rank == 3 else "Conv3D", "filters": 2, "kernel_size": 1})  # rank
        else:
            layers.append({"type": "Flatten"})
            layers.append({"type": "Dense", "units": 2})
        return {"layers": layers}

    def model(self, i: int) -> dict[str, Any]:
        bad = self.chance(0.2)
        maker = self.r.choice([self.convlstm_stack, self.convlstm_stack, self.crnn, self.time_distributed,
                               self.seq1d, self.volume])
        spec = maker(bad)
        if self.chance(0.2):
            spec = {"name": f"convnd_model_{i}", **spec}
        return spec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=220)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    gen = Gen(random.Random(a.seed))
    for i in range(a.count):
        spec = gen.model(i)
        (a.out / f"convnd_{i + 1:04d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
