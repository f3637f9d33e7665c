"""Generate random specs that COMBINE the issue-11 layer families the way real recurrent
models do, for the Keras oracle.

    python tools/keras_oracle/gen_mixed.py tests/keras_layers/mixed/cases [--count 250] [--seed 11]
    /tmp/kenv/bin/python tools/keras_oracle/oracle.py tests/keras_layers/mixed/cases tests/keras_layers/mixed
    python tools/keras_oracle/keras_order.py tests/keras_layers/mixed
    /tmp/kenv/bin/python tools/keras_oracle/oracle.py tests/keras_layers/mixed/cases tests/keras_layers/mixed

Pure Python + PyYAML (no Keras). Five model shapes taken from real code:
  crnn    OCR: Input (H, W, C) -> Conv2D/BatchNormalization/MaxPooling2D/ZeroPadding2D/
          Cropping2D blocks -> Permute/Reshape -> Bidirectional(LSTM/GRU) -> Dense softmax
  frames  next-frame prediction: ConvLSTM2D stacks with BatchNormalization, a Conv3D head,
          TimeDistributed(Conv2D/MaxPooling2D/UpSampling2D)
  video   TimeDistributed(Conv2D) + pooling + TimeDistributed(Flatten) -> LSTM classifier
  attn    (graph) Embedding(mask_zero)/Masking -> LSTM -> MultiHeadAttention(x, x) /
          Attention([q, v]) / AdditiveAttention -> GlobalAveragePooling1D / Dot / Permute
  cells   RNN(LSTMCell / StackedRNNCells) inside Bidirectional, Masking in front
with LeakyReLU/PReLU/Softmax/GaussianNoise/SpatialDropout2D, Lambda(output_shape),
Normalization/GroupNormalization/UnitNormalization, trainable=False, dtype policies and
names sprinkled between. About 15% of the models carry one deliberate fault (a rank that
the next family refuses, a non-positive size) so Keras's refusals appear too.
Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

Shape = list[Any]
RNN = ["LSTM", "GRU"]


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.count = 0
        self.fault = False

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def extras(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Sometimes a name, trainable=False or a dtype policy."""
        self.count += 1
        if self.chance(0.25):
            spec["name"] = f"{spec['type'].lower()[:6]}_{self.count}"
        if self.chance(0.08):
            spec["trainable"] = False
        if self.chance(0.06):
            spec["dtype"] = self.r.choice(["float32", "float64", "mixed_float16", "float16"])
        return spec

    def bad(self) -> bool:
        """Inject the one fault of a faulty model here?"""
        if self.fault and self.chance(0.35):
            self.fault = False
            return True
        return False

    # --- between-layers garnish (shape-keeping) -------------------------------------------------
    def garnish(self, shape: Shape, image: bool) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if not self.chance(0.35):
            return out
        kind = self.r.choice(["LeakyReLU", "PReLU", "Softmax", "GaussianNoise", "UnitNormalization",
                              "GroupNormalization", "Normalization", "Lambda", "BatchNormalization",
                              *(["SpatialDropout2D"] if image else [])])
        spec: dict[str, Any] = {"type": kind}
        if kind == "LeakyReLU" and self.chance(0.5):
            spec["negative_slope"] = self.r.choice([0.1, 0.2, 0.3])
        elif kind == "PReLU" and image and self.chance(0.5):
            spec["shared_axes"] = [1, 2]
        elif kind == "GaussianNoise":
            spec["stddev"] = self.r.choice([0.1, 0.5])
        elif kind == "GroupNormalization":
            c = shape[-1]
            groups = [g for g in (1, 2, 4) if isinstance(c, int) and c % g == 0]
            spec["groups"] = self.r.choice(groups or [1])
            if self.chance(0.1) and isinstance(c, int):
                spec["groups"] = c + 1  # Keras refuses groups > channels
        elif kind == "SpatialDropout2D":
            spec["rate"] = self.r.choice([0.1, 0.25])
        elif kind == "Lambda":
            spec["output_shape"] = list(shape[1:])
        elif kind == "Normalization" and self.chance(0.3):
            spec["axis"] = None
        out.append(self.extras(spec))
        return out

    def head(self, classes: int) -> dict[str, Any]:
        if self.bad():
            return {"type": "Dense", "units": 0}
        return self.extras({"type": "Dense", "units": classes, "activation": "softmax"})

    # --- CRNN ---------------------------------------------------------------------------------
    def crnn(self) -> list[dict[str, Any]]:
        h, w, c = self.r.choice([8, 16, 32]), self.r.choice([16, 24, 32, 48]), self.r.choice([1, 3])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [h, w, c]}]
        shape: Shape = [None, h, w, c]
        for _ in range(self.r.randint(1, 3)):
            f = self.r.choice([4, 8, 16])
            k = self.r.choice([3, [3, 3], 1, [3, 1]])
            pad = self.r.choice(["same", "valid"])
            kk = k if isinstance(k, list) else [k, k]
            if self.bad():
                f = 0
            layers.append(self.extras({"type": "Conv2D", "filters": f, "kernel_size": k, "padding": pad,
                                       "activation": self.r.choice(["relu", "linear"])}))
            shape = ([None, shape[1] - kk[0] + 1, shape[2] - kk[1] + 1, f] if pad == "valid"
                     else [None, shape[1], shape[2], f])
            if self.chance(0.5):
                layers.append(self.extras({"type": "BatchNormalization"}))
            layers += self.garnish(shape, True)
            pool = self.r.choice([[2, 2], [2, 1], 2])
            pp = pool if isinstance(pool, list) else [pool, pool]
            if self.bad():
                pool, pp = [shape[1] + 1, 1], [shape[1] + 1, 1]
            layers.append(self.extras({"type": self.r.choice(["MaxPooling2D", "MaxPool2D", "AveragePooling2D"]),
                                       "pool_size": pool}))
            shape = [None, shape[1] // pp[0], shape[2] // pp[1], shape[3]]
            if self.chance(0.25):
                p = self.r.choice([1, [1, 0], [[0, 1], [1, 1]]])
                layers.append(self.extras({"type": "ZeroPadding2D", "padding": p}))
                if isinstance(p, int):
                    shape = [None, shape[1] + 2 * p, shape[2] + 2 * p, shape[3]]
                elif isinstance(p[0], int):
                    shape = [None, shape[1] + 2 * p[0], shape[2] + 2 * p[1], shape[3]]
                else:
                    shape = [None, shape[1] + sum(p[0]), shape[2] + sum(p[1]), shape[3]]
            elif self.chance(0.2):
                cr = [[0, 1], [1, 0]] if not self.bad() else [[shape[1], 0], [0, 0]]
                layers.append(self.extras({"type": "Cropping2D", "cropping": cr}))
                shape = [None, shape[1] - 1, shape[2] - 1, shape[3]]
        # to a sequence over the width
        if self.bad():
            pass  # no Permute/Reshape: the recurrent layer gets a 4D tensor
        elif self.chance(0.5):
            layers.append(self.extras({"type": "Permute", "dims": [2, 1, 3]}))
            hh, ww, cc = shape[1], shape[2], shape[3]
            layers.append(self.extras({"type": "Reshape", "target_shape": [ww, hh * cc]
                                       if self.chance(0.6) else [-1, hh * cc]}))
        else:
            hh, ww, cc = shape[1], shape[2], shape[3]
            layers.append(self.extras({"type": "Reshape", "target_shape": [hh, ww * cc]}))
        if self.chance(0.3):
            layers.append(self.extras({"type": "Dense", "units": self.r.choice([8, 16]),
                                       "activation": "relu"}))
        for _ in range(self.r.randint(1, 2)):
            rnn = {"type": self.r.choice(RNN), "units": self.r.choice([4, 8, 16]), "return_sequences": True}
            if self.chance(0.2):
                rnn["dropout"] = 0.25
            layers.append(self.extras({"type": "Bidirectional", "layer": rnn,
                                       **({"merge_mode": self.r.choice(["sum", "ave", "mul"])}
                                          if self.chance(0.2) else {})}))
        layers.append(self.head(self.r.choice([5, 11])))
        return layers

    # --- next-frame prediction ----------------------------------------------------------------
    def frames(self) -> list[dict[str, Any]]:
        t = self.r.choice([None, 4, 6])
        s = self.r.choice([8, 12, 16])
        c = self.r.choice([1, 2])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [t, s, s, c]}]
        shape: Shape = [None, t, s, s, c]
        if self.chance(0.4):
            layers.append(self.extras({"type": "TimeDistributed",
                                       "layer": {"type": "Conv2D", "filters": 4, "kernel_size": 3,
                                                 "padding": "same", "activation": "relu"}}))
            shape = [None, t, s, s, 4]
            if self.chance(0.5):
                layers.append(self.extras({"type": "TimeDistributed",
                                           "layer": {"type": "MaxPooling2D", "pool_size": 2}}))
                s //= 2
                shape = [None, t, s, s, 4]
        for _ in range(self.r.randint(1, 3)):
            f = self.r.choice([4, 8])
            k = self.r.choice([3, [3, 3], [5, 5], 1])
            if self.bad():
                k = [s + 3, s + 3]  # valid padding bigger than the frame
                pad = "valid"
            else:
                pad = "same"
            layers.append(self.extras({"type": "ConvLSTM2D", "filters": f, "kernel_size": k, "padding": pad,
                                       "return_sequences": True,
                                       **({"recurrent_dropout": 0.1} if self.chance(0.1) else {})}))
            shape = [None, t, s, s, f]
            if self.chance(0.7):
                layers.append(self.extras({"type": "BatchNormalization"}))
            layers += self.garnish(shape, False)
        if self.chance(0.3):
            layers.append(self.extras({"type": "TimeDistributed", "layer": {"type": "UpSampling2D", "size": 2}}))
        if self.bad():
            layers.append(self.extras({"type": "Conv2D", "filters": c, "kernel_size": 3, "padding": "same"}))
        else:
            layers.append(self.extras({"type": "Conv3D", "filters": c, "kernel_size": self.r.choice([3, [3, 3, 3], 1]),
                                       "activation": "sigmoid", "padding": "same"}))
        return layers

    # --- video classifier ---------------------------------------------------------------------
    def video(self) -> list[dict[str, Any]]:
        t = self.r.choice([None, 5, 8])
        s = self.r.choice([16, 24, 32])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [t, s, s, 3]}]
        if self.chance(0.2):
            layers.append(self.extras({"type": "Masking"}))
        for _ in range(self.r.randint(1, 2)):
            f = self.r.choice([4, 8])
            conv = {"type": "Conv2D", "filters": f if not self.bad() else -2, "kernel_size": 3,
                    "activation": "relu"}
            if self.chance(0.5):
                conv["padding"] = "same"
            else:
                s -= 2
            layers.append(self.extras({"type": "TimeDistributed", "layer": conv}))
            layers.append(self.extras({"type": "TimeDistributed",
                                       "layer": {"type": self.r.choice(["MaxPooling2D", "AveragePooling2D"]),
                                                 "pool_size": 2}}))
            s //= 2
        if self.chance(0.3):
            layers.append(self.extras({"type": "TimeDistributed", "layer": {"type": "SpatialDropout2D",
                                                                              "rate": 0.2}}))
        if self.bad():
            pass  # LSTM over a 5D tensor
        elif self.chance(0.5):
            layers.append(self.extras({"type": "TimeDistributed", "layer": {"type": "Flatten"}}))
        else:
            layers.append(self.extras({"type": "TimeDistributed",
                                       "layer": {"type": self.r.choice(["GlobalAveragePooling2D",
                                                                        "GlobalMaxPooling2D"])}}))
        layers.append(self.extras({"type": self.r.choice(RNN), "units": self.r.choice([8, 16]),
                                   **({"return_sequences": True} if self.chance(0.3) else {})}))
        if layers[-1].get("return_sequences"):
            layers.append(self.extras({"type": "GlobalAveragePooling1D"}))
        layers += self.garnish([None, 8], False)
        layers.append(self.head(self.r.choice([3, 10])))
        return layers

    # --- recurrent cells inside Bidirectional -------------------------------------------------
    def cells(self) -> list[dict[str, Any]]:
        t = self.r.choice([None, 7, 10])
        f = self.r.choice([3, 5])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": [t, f]}]
        if self.chance(0.5):
            layers.append(self.extras({"type": "Masking", "mask_value": 0.0}))
        layers += self.garnish([None, t, f], False)
        for _ in range(self.r.randint(1, 2)):
            u = self.r.choice([2, 4, 8])
            if self.bad():
                u = 0
            if self.chance(0.5):
                cell: Any = {"type": self.r.choice(["LSTMCell", "GRUCell"]), "units": u}
            else:
                cell = {"type": "StackedRNNCells",
                        "cells": [{"type": self.r.choice(["LSTMCell", "GRUCell", "SimpleRNNCell"]),
                                   "units": self.r.choice([2, 4])} for _ in range(2)] + [
                            {"type": "LSTMCell", "units": u}]}
            rnn = {"type": "RNN", "cell": cell, "return_sequences": True}
            layers.append(self.extras({"type": "Bidirectional", "layer": rnn}))
            layers += self.garnish([None, t, 2 * u], False)
        if self.chance(0.5):
            layers.append(self.extras({"type": self.r.choice(["GlobalAveragePooling1D", "GlobalMaxPooling1D"])}))
        else:
            layers.append(self.extras({"type": "LSTM", "units": 4}))
        layers.append(self.head(3))
        return layers

    # --- attention graph ----------------------------------------------------------------------
    def attn(self) -> dict[str, Any]:
        t = self.r.choice([None, 6, 10])
        layers: list[dict[str, Any]] = []
        if self.chance(0.5):
            layers.append({"type": "Input", "name": "tokens", "shape": [t]})
            d = self.r.choice([8, 16])
            layers.append(self.extras({"type": "Embedding", "input_dim": 50, "output_dim": d,
                                       "mask_zero": self.chance(0.7), "inputs": ["tokens"]}))
        else:
            d = self.r.choice([4, 8])
            layers.append({"type": "Input", "name": "frames", "shape": [t, d]})
            if self.chance(0.5):
                layers.append(self.extras({"type": "Masking", "inputs": ["frames"]}))
        layers[-1].setdefault("name", "embed" if layers[-1]["type"] != "Input" else "frames")
        prev = layers[-1]["name"]
        u = self.r.choice([8, 16])
        rnn = {"type": self.r.choice(RNN), "units": u, "return_sequences": True}
        if self.chance(0.35):
            enc = self.extras({"type": "Bidirectional", "layer": rnn, "inputs": [prev]})
            enc["name"] = "enc"
            u *= 2
        else:
            enc = self.extras({**rnn, "inputs": [prev]})
            enc["name"] = "enc"
        layers.append(enc)
        kind = self.r.choice(["MultiHeadAttention", "Attention", "AdditiveAttention"])
        if kind == "MultiHeadAttention":
            att: dict[str, Any] = {"type": kind, "num_heads": self.r.choice([1, 2, 4]),
                                   "key_dim": self.r.choice([4, 8]), "inputs": ["enc", "enc"]}
            if self.bad():
                att["num_heads"] = 0
        else:
            att = {"type": kind, "inputs": ["enc", "enc"]}
            if self.chance(0.3):
                att["use_scale"] = True
            if self.bad():
                att["inputs"] = ["enc"]  # Attention needs [query, value]
        if self.chance(0.2):
            att["use_causal_mask"] = True
        att = self.extras(att)
        att["name"] = "att"
        layers.append(att)
        width = u
        after = self.r.choice(["pool", "pool", "dot", "permute", "lstm"])
        if after == "pool":
            layers.append({"type": self.r.choice(["GlobalAveragePooling1D", "GlobalMaxPooling1D"]),
                           "name": "pooled", "inputs": ["att"]})
            last = "pooled"
        elif after == "dot":
            layers.append({"type": "Dot", "axes": [2, 2] if not self.bad() else [1, 1],
                           "name": "scores", "inputs": ["att", "enc"]})
            if t is None and layers[-1]["axes"] == [1, 1]:
                layers[-1]["axes"] = [2, 2]
            layers.append({"type": "Flatten", "name": "flat", "inputs": ["scores"]})
            last = "flat"
            if t is None:
                layers.pop()
                layers.append({"type": "GlobalAveragePooling1D", "name": "flat", "inputs": ["scores"]})
        elif after == "permute":
            layers.append({"type": "Permute", "dims": [2, 1], "name": "perm", "inputs": ["att"]})
            layers.append({"type": "Dense", "units": self.r.choice([3, 4]), "name": "over_time",
                           "inputs": ["perm"]})
            if t is None:  # Dense over an undefined axis: Keras refuses, keep as an honest refusal
                pass
            layers.append({"type": "GlobalAveragePooling1D", "name": "pooled", "inputs": ["over_time"]})
            last = "pooled"
        else:
            layers.append({"type": "Add", "name": "res", "inputs": ["att", "enc"]})
            layers.append({"type": "LayerNormalization", "name": "ln", "inputs": ["res"]})
            layers.append({"type": "LSTM", "units": 4, "name": "dec", "inputs": ["ln"]})
            last = "dec"
        del width
        head = self.head(self.r.choice([2, 5]))
        head["inputs"] = [last]
        head["name"] = "out"
        layers.append(head)
        return {"layers": layers, "outputs": ["out"]}

    def model(self, index: int) -> dict[str, Any]:
        self.fault = self.chance(0.17)
        kind = self.r.choices(["crnn", "frames", "video", "attn", "cells"], weights=[3, 2, 2, 3, 2])[0]
        spec: dict[str, Any] = {"name": f"mixed_{kind}_{index}"}
        if kind == "attn":
            spec.update(self.attn())
        else:
            spec["layers"] = getattr(self, kind)()
        return spec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=250)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    gen = Gen(random.Random(a.seed))
    for i in range(a.count):
        spec = gen.model(i)
        (a.out / f"mixed_{i + 1:04d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False,
                                                                       default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
