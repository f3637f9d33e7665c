"""Generate random graph specs mixing the attention layers with the recurrent ones.

    python tools/keras_oracle/gen_attention.py tests/keras_layers/attention/cases [--count 220] [--seed 11]

Pure Python + PyYAML (no Keras). Each model has one to three Inputs (sequences of features,
or token ids through an Embedding, masked or not), sometimes an LSTM/GRU in front, then
one to three attention calls (Attention, AdditiveAttention, MultiHeadAttention) on
[query, value] or [query, value, key], self- or cross-attention, with their arguments and
call arguments (return_attention_scores, use_causal_mask), followed by the layers that
usually come after them (LSTM, Dense, GlobalAveragePooling1D, Add, LayerNormalization).
Some cases break Keras's rules: a wrong number of inputs, key and value of different
lengths, an undefined feature size, invalid arguments; so refusals are exercised too.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.count = 0

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def name(self, kind: str) -> str | None:
        if not self.chance(0.3):
            return None
        self.count += 1
        if self.chance(0.1):
            return f"a_rather_long_attention_layer_name_{kind.lower()}_{self.count}"
        return f"{kind.lower()[:5]}_{self.count}"

    def model(self, index: int) -> dict[str, Any]:
        layers: list[dict[str, Any]] = []
        tensors: list[tuple[str, tuple[int | None, ...]]] = []  # name, per-sample shape
        names: set[str] = set()
        inputs = self.r.choice([1, 1, 2, 2, 3])
        tokens = self.chance(0.3)
        for i in range(inputs):
            name = f"in_{i}"
            steps = self.r.choice([4, 5, 6, 7, None]) if not self.chance(0.1) else self.r.choice([3, 8])
            if tokens:
                layers.append({"type": "Input", "name": name, "shape": [steps]})
                emb = f"emb_{i}"
                dim = self.r.choice([4, 6, 8])
                layers.append({"type": "Embedding", "name": emb, "input_dim": 20, "output_dim": dim,
                               "mask_zero": self.chance(0.5), "inputs": [name]})
                tensors.append((emb, (steps, dim)))
            else:
                feat = self.r.choice([3, 4, 6, 8]) if not self.chance(0.04) else None
                rank4 = self.chance(0.06)
                shape = [2, steps, feat] if rank4 else [steps, feat]
                layers.append({"type": "Input", "name": name, "shape": shape})
                tensors.append((name, tuple(shape)))
            names.add(tensors[-1][0])
        if self.chance(0.3):
            src, shape = self.r.choice(tensors)
            if len(shape) == 2:
                kind = self.r.choice(["LSTM", "GRU"])
                units = self.r.choice([4, 6, 8])
                name = f"{kind.lower()}_pre"
                layers.append({"type": kind, "name": name, "units": units, "return_sequences": True,
                               "inputs": [src]})
                tensors.append((name, (shape[0], units)))
        made: list[tuple[str, tuple[int | None, ...], bool]] = []
        for j in range(self.r.choice([1, 1, 2, 3])):
            kind = self.r.choice(["Attention", "AdditiveAttention", "MultiHeadAttention", "MultiHeadAttention"])
            spec, name = self.attention(kind, j)
            q = self.r.choice(tensors)
            if self.chance(0.5):
                v = q  # self-attention
            else:
                same = [t for t in tensors if t[1][:-1] == q[1][:-1] or kind == "MultiHeadAttention"]
                v = self.r.choice(same if same and not self.chance(0.1) else tensors)
            refs = [q[0], v[0]]
            if self.chance(0.2):
                k = self.r.choice([t for t in tensors if t[1][:-1] == v[1][:-1]] or [v])
                refs.append(k[0])
            if self.chance(0.05):  # MHA's fourth positional parameter is query_mask: no 4-tensor calls
                refs = refs[:1] if self.chance(0.5) or kind == "MultiHeadAttention" else [*refs, q[0], q[0]][:4]
            spec["inputs"] = refs
            layers.append(spec)
            out_feat = q[1][-1]
            if kind != "MultiHeadAttention":
                out_feat = v[1][-1]
            elif spec.get("output_shape"):
                out_feat = spec["output_shape"]
            scores = bool(spec.get("return_attention_scores"))
            made.append((name, (*q[1][:-1], out_feat), scores))
            tensors.append((f"{name}[0]" if scores else name, (*q[1][:-1], out_feat)))
        outputs = []
        for name, shape, scores in made:
            ref = f"{name}[0]" if scores else name
            if scores and self.chance(0.5):
                outputs.append(f"{name}[1]")
            follow = self.r.random()
            if len(shape) != 2 or follow < 0.3:
                outputs.append(ref)
                continue
            if follow < 0.55:
                after = f"lstm_after_{len(outputs)}"
                layers.append({"type": "LSTM", "name": after, "units": self.r.choice([2, 4]), "inputs": [ref]})
            elif follow < 0.7:
                after = f"pool_after_{len(outputs)}"
                layers.append({"type": "GlobalAveragePooling1D", "name": after, "inputs": [ref]})
            elif follow < 0.85:
                after = f"norm_after_{len(outputs)}"
                layers.append({"type": "LayerNormalization", "name": after, "inputs": [ref]})
            else:
                after = f"dense_after_{len(outputs)}"
                layers.append({"type": "Dense", "name": after, "units": 3, "inputs": [ref]})
            outputs.append(after)
        return {"name": f"attention_model_{index}", "layers": layers, "outputs": outputs}

    def attention(self, kind: str, j: int) -> tuple[dict[str, Any], str]:
        spec: dict[str, Any] = {"type": kind}
        name = self.name(kind) or f"att_{j}"
        spec["name"] = name
        if kind == "MultiHeadAttention":
            spec["num_heads"] = self.r.choice([1, 2, 4]) if not self.chance(0.04) else 0
            spec["key_dim"] = self.r.choice([2, 3, 8, 16]) if not self.chance(0.03) else -1
            if self.chance(0.3):
                spec["value_dim"] = self.r.choice([2, 5]) if not self.chance(0.1) else 0
            if self.chance(0.2):
                spec["use_bias"] = False
            if self.chance(0.2):
                spec["output_shape"] = self.r.choice([4, 6, [5]])
            if self.chance(0.15):
                spec["dropout"] = 0.1
            if self.chance(0.08):
                spec["use_gate"] = True
            if self.chance(0.05):
                spec["sliding_window"] = self.r.choice([2, 0])
            if self.chance(0.05):
                spec["attention_axes"] = [1]
        else:
            if self.chance(0.4):
                spec["use_scale"] = kind != "AdditiveAttention"
            if kind == "Attention" and self.chance(0.3):
                spec["score_mode"] = "concat" if not self.chance(0.1) else "general"
            if self.chance(0.1):
                spec["dropout"] = 0.2
        if self.chance(0.35):
            spec["return_attention_scores"] = True
        if self.chance(0.2):
            spec["use_causal_mask"] = True
        if self.chance(0.05):
            spec["trainable"] = False
        return spec, name


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
        (a.out / f"attention_{i + 1:04d}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False,
                                                                          default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
