"""Generate random spec v1 files for the cells family, for the Keras oracle.

    python tools/keras_oracle/gen_cells.py tests/keras_layers/cells/cases [--count 220] [--seed 11]

Pure Python + PyYAML (no Keras), deterministic with --seed. Mixes Keras's generic RNN over
cells (LSTMCell, GRUCell, SimpleRNNCell, a list of them or StackedRNNCells; return_state,
go_backwards, stateful, unroll, masking, inside Bidirectional/TimeDistributed), Dot (graph
specs with two inputs), Lambda with output_shape, Normalization, GroupNormalization and
UnitNormalization with the recurrent layers (LSTM, GRU, SimpleRNN, Dense, Masking). Most
stacks fit; some are made to fail as Keras fails (groups that do not divide, unknown sizes,
mismatched Dot axes, bad cell units).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

CELLS = ["LSTMCell", "GRUCell", "SimpleRNNCell"]
UNITS = [1, 2, 3, 4, 8, 16, 32]


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.names = 0

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def name(self, spec: dict[str, Any], kind: str) -> dict[str, Any]:
        if self.chance(0.3):
            self.names += 1
            spec["name"] = f"{kind.lower()[:5]}_{self.names}"
        return spec

    def cell(self, bad: bool) -> dict[str, Any]:
        kind = self.r.choice(CELLS)
        cell: dict[str, Any] = {"type": kind, "units": 0 if bad and self.chance(0.3) else self.r.choice(UNITS)}
        if self.chance(0.2):
            cell["use_bias"] = False
        if kind == "GRUCell" and self.chance(0.3):
            cell["reset_after"] = False
        if kind != "SimpleRNNCell" and self.chance(0.1):
            cell["recurrent_activation"] = "hard_sigmoid"
        if self.chance(0.1):
            cell["activation"] = self.r.choice(["relu", "tanh", "sigmoid"])
        if self.chance(0.05):
            cell["trainable"] = False
        return cell

    def rnn(self, seq: bool, bad: bool) -> dict[str, Any]:
        roll = self.r.random()
        if roll < 0.5:
            cell: Any = self.cell(bad)
        elif roll < 0.85:
            cell = [self.cell(bad) for _ in range(self.r.randint(1, 3))]
        else:
            cell = {"type": "StackedRNNCells", "cells": [self.cell(bad) for _ in range(self.r.randint(1, 3))]}
        spec: dict[str, Any] = {"type": "RNN", "cell": cell}
        if seq:
            spec["return_sequences"] = True
        for key, p in (("go_backwards", 0.15), ("unroll", 0.1), ("zero_output_for_mask", 0.05)):
            if self.chance(p):
                spec[key] = True
        return self.name(spec, "RNN")

    def recurrent(self, seq: bool) -> dict[str, Any]:
        kind = self.r.choice(["LSTM", "GRU", "SimpleRNN"])
        spec: dict[str, Any] = {"type": kind, "units": self.r.choice(UNITS)}
        if seq:
            spec["return_sequences"] = True
        return self.name(spec, kind)

    def norm(self, rank: int, last: int | None, bad: bool) -> dict[str, Any]:
        kind = self.r.choice(["Normalization", "GroupNormalization", "UnitNormalization"])
        spec: dict[str, Any] = {"type": kind}
        if kind == "Normalization":
            roll = self.r.random()
            if roll < 0.2:
                spec["axis"] = None
            elif roll < 0.3 and rank >= 3:
                spec["axis"] = [1, 2] if not bad else [1, rank]
            if self.chance(0.25) and last:
                spec["mean"] = [round(self.r.uniform(-1, 1), 2) for _ in range(last)]
                spec["variance"] = [round(self.r.uniform(0.5, 2), 2) for _ in range(last)]
                if "axis" in spec and spec["axis"] is None:
                    spec["mean"], spec["variance"] = 0.5, 2.0
                elif isinstance(spec.get("axis"), list):
                    del spec["axis"]
                if bad and self.chance(0.5):
                    del spec["variance"]
            if self.chance(0.1):
                spec["invert"] = True
        elif kind == "GroupNormalization":
            divisors = [g for g in range(1, (last or 1) + 1) if (last or 1) % g == 0]
            spec["groups"] = self.r.choice([3, 5, 32, 0]) if bad else self.r.choice([*divisors, -1])
            if self.chance(0.15):
                spec["center"] = False
            if self.chance(0.15):
                spec["scale"] = False
        elif self.chance(0.2) and rank >= 3:
            spec["axis"] = [1, 2] if not bad else rank
        return self.name(spec, kind)

    def sequential(self) -> dict[str, Any]:
        bad = self.chance(0.25)
        steps = self.r.choice([None, 3, 5, 8, 12])
        features: int | None = self.r.choice([1, 2, 3, 4, 6, 8, 12, 16])
        if bad and self.chance(0.3):
            features = None
        inp: dict[str, Any] = {"type": "Input", "shape": [steps, features]}
        stateful = self.chance(0.08)
        if stateful or self.chance(0.08):
            inp["batch_size"] = self.r.choice([2, 4])
        layers: list[dict[str, Any]] = [inp]
        rank, last = 3, features
        if self.chance(0.2):
            layers.append({"type": "Masking"})
        for i in range(self.r.randint(1, 4)):
            final = i == 3 or self.chance(0.25)
            roll = self.r.random()
            if rank == 3 and roll < 0.45:
                seq = not final or self.chance(0.3)
                wrap = self.chance(0.15)
                spec = self.rnn(seq, bad and not wrap)  # Keras names no layer when a wrapped cell fails
                if stateful:
                    spec["stateful"] = True
                if wrap:
                    spec = self.name({"type": "Bidirectional", "layer": spec}, "Bidirectional")
                elif self.chance(0.08) and seq:
                    spec = self.name({"type": "TimeDistributed", "layer": {"type": "Dense", "units": 4}}, "TD")
                layers.append(spec)
            elif roll < 0.7:
                layers.append(self.norm(rank, last, bad))
            elif roll < 0.8:
                shape = [steps, self.r.choice([2, 4])] if rank == 3 and self.chance(0.7) else [self.r.choice([2, 4])]
                layers.append(self.name({"type": "Lambda", "output_shape": shape}, "Lambda"))
            elif rank == 3:
                layers.append(self.recurrent(not final))
            else:
                layers.append(self.name({"type": "Dense", "units": self.r.choice(UNITS)}, "Dense"))
            last_spec = layers[-1]
            rank, last = self._after(last_spec, rank, last)
            if rank != 3 and self.chance(0.5):
                layers.append(self.norm(rank, last, bad))
                break
        return {"layers": layers}

    def _after(self, spec: dict[str, Any], rank: int, last: int | None) -> tuple[int, int | None]:
        kind = spec["type"]
        inner = spec.get("layer", spec)
        if kind == "Lambda":
            return len(spec["output_shape"]) + 1, spec["output_shape"][-1]
        if inner["type"] in ("RNN", "LSTM", "GRU", "SimpleRNN"):
            cell = inner.get("cell")
            if inner["type"] == "RNN":
                cells = cell if isinstance(cell, list) else cell.get("cells", [cell]) if isinstance(cell, dict) else []
                units = cells[-1]["units"] if cells else 1
            else:
                units = inner["units"]
            if kind == "TimeDistributed":
                return rank, 4
            if kind == "Bidirectional":
                units *= 2
            return (3 if inner.get("return_sequences") else 2), units
        if kind == "Dense":
            return rank, spec["units"]
        return rank, last

    def dot(self) -> dict[str, Any]:
        bad = self.chance(0.25)
        a, b = self.r.choice([3, 4, 5]), self.r.choice([3, 4, 5])
        f = self.r.choice([2, 3, 4, 8])
        roll = self.r.random()
        if roll < 0.4:
            shapes = [[a, f], [b, f]]
            axes: Any = self.r.choice([2, -1, [2, 2], [-1, 2]])
        elif roll < 0.7:
            shapes = [[f], [f]]
            axes = self.r.choice([1, -1, [1, 1]])
        else:
            shapes = [[a, f], [f]]
            axes = [2, 1]
        if bad:
            shapes[1][-1] = f + 1
        layers: list[dict[str, Any]] = [
            {"type": "Input", "name": "left", "shape": shapes[0]},
            {"type": "Input", "name": "right", "shape": shapes[1]},
        ]
        dot: dict[str, Any] = {"type": "Dot", "axes": axes, "inputs": ["left", "right"]}
        if self.chance(0.3):
            dot["normalize"] = True
        layers.append(self.name(dot, "Dot"))
        out_rank = len(shapes[0]) + len(shapes[1]) - 2
        if out_rank == 2 and self.chance(0.5):
            layers.append(self.norm(3, None, False) | {"type": "UnitNormalization"})
        elif out_rank == 3 and self.chance(0.6):
            layers.append(self.rnn(False, False))
        return {"layers": layers}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=220)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    gen = Gen(random.Random(a.seed))
    a.out.mkdir(parents=True, exist_ok=True)
    for i in range(1, a.count + 1):
        spec = gen.dot() if gen.chance(0.2) else gen.sequential()
        (a.out / f"cells_{i:04d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
