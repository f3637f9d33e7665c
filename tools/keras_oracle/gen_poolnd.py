"""Generate random specs mixing 2D/3D pooling, up-sampling, zero-padding, cropping, spatial
dropout and Keras's pooling aliases with the recurrent layers, for the Keras oracle.

    python tools/keras_oracle/gen_poolnd.py tests/keras_layers/poolnd/cases [--count 240] [--seed 11]
    /tmp/kenv/bin/python tools/keras_oracle/oracle.py tests/keras_layers/poolnd/cases tests/keras_layers/poolnd

Pure Python + PyYAML (no Keras). Each model starts from a 3D, 4D or 5D Input (sometimes
channels_first, sometimes with variable sizes), stacks layers of this family that mostly
fit the tracked shape (and sometimes not, or with an invalid argument, so Keras's refusals
appear too), then reaches a recurrent layer through Reshape, TimeDistributed(Flatten) or
global pooling, and ends in Dense. Some models start with Masking. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

RNNS = ["LSTM", "GRU", "SimpleRNN"]
POOL = {2: ["MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D"],
        3: ["MaxPooling3D", "AveragePooling3D", "MaxPool3D", "AvgPool3D"]}
GLOBAL = {1: ["GlobalMaxPool1D", "GlobalAvgPool1D"],
          2: ["GlobalMaxPooling2D", "GlobalAveragePooling2D", "GlobalMaxPool2D", "GlobalAvgPool2D"],
          3: ["GlobalMaxPooling3D", "GlobalAveragePooling3D", "GlobalMaxPool3D", "GlobalAvgPool3D"]}
Shape = list[int | None]


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.count = 0

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def named(self, spec: dict[str, Any]) -> dict[str, Any]:
        if self.chance(0.3):
            self.count += 1
            spec["name"] = f"{spec['type'].lower()[:8]}_{self.count}"
        return spec

    # --- shapes ------------------------------------------------------------------------------
    @staticmethod
    def axes(shape: Shape, first: bool) -> list[int]:
        return list(range(2, len(shape))) if first else list(range(1, len(shape) - 1))

    def ints(self, n: int, lo: int, hi: int) -> Any:
        if self.chance(0.4):
            return self.r.randint(lo, hi)
        return [self.r.randint(lo, hi) for _ in range(n)]

    @staticmethod
    def per_axis(value: Any, n: int) -> list[int]:
        return [value] * n if isinstance(value, int) else list(value)

    # --- layer makers: (spec, next shape) ---------------------------------------------------
    def pool(self, shape: Shape, first: bool) -> tuple[dict[str, Any], Shape]:
        n = len(shape) - 2
        kind = self.r.choice(POOL[n])
        spec: dict[str, Any] = {"type": kind}
        sizes = [shape[a] for a in self.axes(shape, first)]
        small = min((s for s in sizes if s is not None), default=4)
        pool = self.ints(n, 1, max(1, min(3, small) if not self.chance(0.08) else small + 1))
        if "Max" not in kind or self.chance(0.7):
            spec["pool_size"] = pool
        else:
            pool = 2
        if self.chance(0.4):
            spec["strides"] = self.ints(n, 1, 2)
        if self.chance(0.4):
            spec["padding"] = self.r.choice(["same", "valid"] if not self.chance(0.05) else ["SAME", "full"])
        if first:
            spec["data_format"] = "channels_first"
        if self.chance(0.03):
            spec["pool_size"] = [2] * (n + 1)  # Keras: must be a tuple of n integers
        strides = self.per_axis(spec.get("strides", pool), n)
        pools = self.per_axis(pool, n)
        out = list(shape)
        for i, a in enumerate(self.axes(shape, first)):
            if shape[a] is not None:
                d = shape[a]
                out[a] = (d - 1) // strides[i] + 1 if spec.get("padding") == "same" else max((d - pools[i]) // strides[i] + 1, 1)
        return self.named(spec), out

    def pool1d(self, shape: Shape, first: bool) -> tuple[dict[str, Any], Shape]:
        """The 1D aliases: MaxPool1D, AvgPool1D (padding same keeps any length valid)."""
        size = self.r.randint(1, 3)
        spec = {"type": self.r.choice(["MaxPool1D", "AvgPool1D"]), "pool_size": size, "padding": "same"}
        out = list(shape)
        if shape[1] is not None:
            out[1] = (shape[1] - 1) // size + 1
        return self.named(spec), out

    def up(self, shape: Shape, first: bool) -> tuple[dict[str, Any], Shape]:
        n = len(shape) - 2
        spec: dict[str, Any] = {"type": f"UpSampling{n}D"}
        if n == 1:
            size = self.r.randint(1, 3) if not self.chance(0.05) else 0
            if self.chance(0.7):
                spec["size"] = size
            else:
                size = 2
            sizes = [size]
        else:
            size = self.ints(n, 1, 2)
            if self.chance(0.7):
                spec["size"] = size
            else:
                size = 2
            sizes = self.per_axis(size, n)
            if n == 2 and self.chance(0.3):
                spec["interpolation"] = self.r.choice(["bilinear", "nearest", "bicubic"])
            if first:
                spec["data_format"] = "channels_first"
        out = list(shape)
        for i, a in enumerate(self.axes(shape, first and n > 1)):
            if shape[a] is not None:
                out[a] = sizes[i] * shape[a]  # type: ignore[operator]
        return self.named(spec), out

    def pairs(self, n: int, lo: int, hi: int) -> Any:
        pick = self.r.random()
        if pick < 0.3:
            return self.r.randint(lo, hi)
        if pick < 0.6 or n == 1:
            return [self.r.randint(lo, hi) for _ in range(n if n > 1 else 2)]
        return [[self.r.randint(lo, hi), self.r.randint(lo, hi)] for _ in range(n)]

    def amounts(self, value: Any, n: int) -> list[tuple[int, int]]:
        if n == 1:
            v = [value, value] if isinstance(value, int) else value
            return [(v[0], v[1])]
        if isinstance(value, int):
            return [(value, value)] * n
        return [(v, v) if isinstance(v, int) else (v[0], v[1]) for v in value]

    def pad(self, shape: Shape, first: bool) -> tuple[dict[str, Any], Shape]:
        n = len(shape) - 2
        spec: dict[str, Any] = {"type": f"ZeroPadding{n}D"}
        value = self.pairs(n, 0, 2)
        if self.chance(0.75):
            spec["padding"] = value
        else:
            value = 1
        if self.chance(0.04):
            spec["padding"] = [1] * (n + 2)  # wrong length
        if first:
            spec["data_format"] = "channels_first"
        out = list(shape)
        for (b, e), a in zip(self.amounts(value, n), self.axes(shape, first), strict=True):
            if shape[a] is not None:
                out[a] = shape[a] + b + e  # type: ignore[operator]
        return self.named(spec), out

    def crop(self, shape: Shape, first: bool) -> tuple[dict[str, Any], Shape]:
        n = len(shape) - 2
        spec: dict[str, Any] = {"type": f"Cropping{n}D"}
        value = self.pairs(n, 0, 2 if not self.chance(0.1) else 4)
        if self.chance(0.8) or n == 2:  # Cropping2D's default crops nothing
            spec["cropping"] = value
        else:
            value = 1
        if n == 2 and "cropping" not in spec:
            value = 0
        if self.chance(0.03):
            spec["cropping"] = -1
        if first and n > 1:
            spec["data_format"] = "channels_first"
        out = list(shape)
        for (b, e), a in zip(self.amounts(value, n), self.axes(shape, first and n > 1), strict=True):
            if shape[a] is not None:
                out[a] = max(shape[a] - b - e, 1)  # type: ignore[operator]
        return self.named(spec), out

    def spatial_dropout(self, shape: Shape, first: bool) -> tuple[dict[str, Any], Shape]:
        n = len(shape) - 2
        spec: dict[str, Any] = {"type": f"SpatialDropout{n}D", "rate": self.r.choice([0.1, 0.25, 0.5])}
        if first and n > 1:
            spec["data_format"] = "channels_first"
        if self.chance(0.03):
            spec["rate"] = 1.5
        return self.named(spec), shape

    # --- models ------------------------------------------------------------------------------
    def spatial_block(self, shape: Shape, first: bool, count: int) -> tuple[list[dict[str, Any]], Shape]:
        layers = []
        for _ in range(count):
            makers = [self.pool, self.up, self.pad, self.crop, self.spatial_dropout]
            if len(shape) == 3:
                makers = [self.up, self.pad, self.crop, self.spatial_dropout, self.pool1d]
            spec, shape = self.r.choice(makers)(shape, first)
            layers.append(spec)
        return layers, shape

    def rnn(self, seq: bool) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": self.r.choice(RNNS), "units": self.r.choice([2, 4, 8, 16])}
        if seq:
            spec["return_sequences"] = True
        return self.named(spec)

    def model(self, index: int) -> dict[str, Any]:
        rank = self.r.choice([3, 4, 4, 4, 5, 5])
        n = rank - 2
        first = n > 1 and self.chance(0.25)
        channels = self.r.randint(1, 4)
        spatial: Shape = [self.r.randint(3, 9) for _ in range(n)]
        if self.chance(0.1):
            spatial[0] = None
        shape: Shape = [None, channels, *spatial] if first else [None, *spatial, channels]
        if self.chance(0.08):
            shape[0] = 2
        layers: list[dict[str, Any]] = [{"type": "Input", "batch_shape": shape}]
        if self.chance(0.12):  # a mask: SpatialDropout passes it, the other layers here drop it
            layers.append({"type": "Masking"})
        if rank == 5 and self.chance(0.3) and not first:
            # a sequence of images: 2D layers inside TimeDistributed, then an RNN over time
            inner_shape: Shape = [None, *shape[2:]]
            block, inner_shape = self.spatial_block(inner_shape, False, self.r.randint(1, 3))
            layers += [{"type": "TimeDistributed", "layer": b} for b in block]
            tail = self.r.choice(["global", "flatten"])
            if tail == "global":
                layers.append({"type": "TimeDistributed", "layer": {"type": self.r.choice(GLOBAL[2])}})
            else:
                layers.append({"type": "TimeDistributed", "layer": {"type": "Flatten"}})
            layers.append(self.rnn(False))
        else:
            block, shape = self.spatial_block(shape, first, self.r.randint(1, 4))
            layers += block
            if self.chance(0.06):  # a wrong rank for the next layer
                fake: Shape = [None, 4, 4, 4, 3] if rank == 4 else [None, 4, 4, 3]
                layers.append(self.r.choice([self.pool, self.up, self.pad, self.crop, self.spatial_dropout])(fake, False)[0])
            tail = self.r.choice(["global", "reshape", "td_flatten", "rnn"] if rank > 3 else ["rnn", "global"])
            if tail == "global" or (tail == "reshape" and any(d is None for d in shape[1:])):
                spec: dict[str, Any] = {"type": self.r.choice(GLOBAL[n])}
                if first:
                    spec["data_format"] = "channels_first"
                if self.chance(0.2) and rank > 3:
                    spec["keepdims"] = True
                    layers.append(spec)
                    layers.append({"type": "Reshape", "target_shape": [1, -1]})
                    layers.append(self.rnn(False))
                else:
                    layers.append(spec)
                    layers.append({"type": "RepeatVector", "n": self.r.randint(2, 4)})
                    layers.append(self.rnn(self.chance(0.3)))
            elif tail == "reshape":
                layers.append({"type": "Reshape", "target_shape": [-1, shape[-1]]})
                layers.append(self.rnn(self.chance(0.5)))
            elif tail == "td_flatten" and rank == 4:
                layers.append({"type": "TimeDistributed", "layer": {"type": "Flatten"}})
                layers.append(self.rnn(False))
            elif rank == 3:
                layers.append(self.rnn(True))
                if self.chance(0.5):
                    more, _ = self.spatial_block([None, None, 4], False, self.r.randint(1, 2))
                    layers += more
                    layers.append({"type": self.r.choice(GLOBAL[1])})
            else:
                layers.append({"type": "Flatten"})
                layers.append({"type": "RepeatVector", "n": 3})
                layers.append(self.rnn(False))
        layers.append(self.named({"type": "Dense", "units": self.r.choice([1, 2, 3])}))
        spec_out: dict[str, Any] = {"layers": layers}
        if index % 7 == 0:
            spec_out["name"] = f"poolnd_model_{index}"
        return spec_out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=240)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    gen = Gen(random.Random(a.seed))
    for i in range(a.count):
        spec = gen.model(i)
        (a.out / f"poolnd_{i + 1:04d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
