"""Random specs around the activation, noise and shape layers of issue 11, for the Keras oracle.

    python tools/keras_oracle/gen_activations.py tests/keras_layers/activations/cases [--count 200] [--seed 11]

Pure Python + PyYAML. Each model is an Input of rank 2 to 4 (variable timesteps sometimes),
recurrent and Dense layers from gen_specs.Gen, and one to four of ReLU, LeakyReLU, PReLU,
ELU, Softmax, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization, Permute
and Identity, with their arguments drawn from valid values and, now and then, values Keras
refuses (negative slopes, rates outside [0, 1], dims that are not a permutation, ...).
Masking and Embedding(mask_zero) feed some of them, so mask propagation shows in the tables.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from gen_specs import Gen

NEW = ["ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "GaussianNoise", "GaussianDropout", "AlphaDropout",
       "ActivityRegularization", "Permute", "Identity"]


class ActivationGen(Gen):
    def new_layer(self, kind: str, rank: int) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": kind}
        bad = self.chance(0.08)
        if kind == "ReLU":
            if self.chance(0.5):
                spec["max_value"] = self.r.choice([1.0, 6.0, 0.5]) if not bad else -1.0
            if self.chance(0.4):
                spec["negative_slope"] = self.r.choice([0.0, 0.1, 0.3])
            if self.chance(0.3):
                spec["threshold"] = self.r.choice([0.0, 0.5, -0.5 if bad else 1.0])
        elif kind == "LeakyReLU":
            if self.chance(0.6):
                key = "alpha" if self.chance(0.3) else "negative_slope"
                spec[key] = -0.2 if bad else self.r.choice([0.01, 0.1, 0.2, 0.3])
        elif kind == "PReLU":
            if self.chance(0.5) and rank > 2:
                spec["shared_axes"] = self.r.choice([[1], [1, 2][: rank - 1], [rank - 1], [rank + 1] if bad else [1]])
        elif kind == "ELU":
            if self.chance(0.5):
                spec["alpha"] = self.r.choice([0.5, 1.0, 2.0])
        elif kind == "Softmax":
            if self.chance(0.4):
                spec["axis"] = self.r.choice([-1, 1, [1, 2] if rank > 2 else -1])
        elif kind == "GaussianNoise":
            spec["stddev"] = self.r.choice([0.0, 0.1, 0.5, 1.0, -0.1 if bad else 0.2])
        elif kind in ("GaussianDropout", "AlphaDropout"):
            spec["rate"] = self.r.choice([0.0, 0.1, 0.5, 1.0, 1.5 if bad else 0.3])
        elif kind == "ActivityRegularization":
            if self.chance(0.6):
                spec["l1"] = self.r.choice([0.0, 0.01, -0.1 if bad else 0.1])
            if self.chance(0.6):
                spec["l2"] = self.r.choice([0.0, 0.01, 0.1])
        elif kind == "Permute":
            dims = list(range(1, rank))
            self.r.shuffle(dims)
            if bad:
                dims = [d + 1 for d in dims]
            spec["dims"] = dims
        return self.common(spec, kind)

    def activation_model(self, index: int) -> dict[str, Any]:
        rank = self.r.choice([2, 3, 3, 3, 4])
        steps: Any = None if self.chance(0.2) else self.r.choice([4, 5, 8, 10])
        shape = [steps, self.r.choice([2, 3, 6])] if rank == 3 else (
            [self.r.choice([6, 8, 16])] if rank == 2 else [self.r.choice([3, 4]), 5, self.r.choice([2, 3])])
        layers: list[dict[str, Any]] = [{"type": "Input", "shape": shape}]
        if rank == 3 and self.chance(0.25):
            layers.append({"type": "Masking", "mask_value": 0.0})
        for _ in range(self.r.randint(1, 4)):
            current = self.rank_of(layers)
            if current is None:
                break
            choice = self.r.random()
            if choice < 0.55:
                layers.append(self.new_layer(self.r.choice(NEW), current))
            elif choice < 0.8 and current == 3:
                layers.append(self.rnn(seq=self.chance(0.6)))
            else:
                layers.append(self.common({"type": "Dense", "units": self.r.choice([2, 4, 8, 16])}, "Dense"))
        if self.chance(0.7):
            layers.append(self.new_layer(self.r.choice(NEW), self.rank_of(layers) or 3))
        layers.append({"type": "Dense", "units": self.r.choice([1, 3])})
        return {"name": f"activations_{index:04d}", "layers": layers}

    @staticmethod
    def rank_of(layers: list[dict[str, Any]]) -> int | None:
        """The tensor rank after LAYERS (batch included), when it is easy to say."""
        rank = len(layers[0]["shape"]) + 1
        for layer in layers[1:]:
            if layer["type"] in ("LSTM", "GRU", "SimpleRNN"):
                rank = 3 if layer.get("return_sequences") else 2
        return rank


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    gen = ActivationGen(random.Random(a.seed))
    for i in range(1, a.count + 1):
        spec = gen.activation_model(i)
        (a.out / f"activations_{i:04d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False,
                                                                          default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
