"""Keras programs using the attention layers, what Keras 3 printed for each, and its config.

    /tmp/kenv/bin/python tools/keras_oracle/attention_programs.py > tests/fixtures/keras3_attention.json

Each program builds `model`; the fixture records `model.summary()` (COLUMNS=120, no colour)
and `model.to_json()`. tests/test_attention.py reads the program (Python reader) and the
config (Keras config reader) with lstmcalc and compares both with Keras's table.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"

PROGRAMS = {
    "mha_self": """
import keras
from keras import layers
x = keras.Input(shape=(10, 16))
y = layers.MultiHeadAttention(num_heads=2, key_dim=16)(x, x)
model = keras.Model(x, y)
""",
    "mha_scores": """
import keras
from keras import layers
x = keras.Input(shape=(6, 8))
mha = layers.MultiHeadAttention(num_heads=4, key_dim=2, value_dim=3, output_shape=5)
attn_out, scores = mha(x, x, return_attention_scores=True)
out = layers.Dense(1)(attn_out)
model = keras.Model(x, [out, scores])
""",
    "mha_cross_keywords": """
import keras
from keras import layers
q = keras.Input(shape=(5, 8), name="q")
v = keras.Input(shape=(7, 6), name="v")
k = keras.Input(shape=(7, 4), name="k")
a = layers.MultiHeadAttention(num_heads=2, key_dim=3)(query=q, value=v)
b = layers.MultiHeadAttention(2, 3, use_bias=False)(q, v, key=k)
c = layers.MultiHeadAttention(2, 3, name="kw")(value=v, key=k, query=q, use_causal_mask=True)
model = keras.Model([q, v, k], [a, b, c])
""",
    "attention_lists": """
import keras
from keras import layers
q = keras.Input(shape=(5, 8))
v = keras.Input(shape=(7, 8))
a = layers.Attention()([q, v])
b, s = layers.Attention(use_scale=True, score_mode="concat")([q, v, v], return_attention_scores=True)
c = layers.AdditiveAttention()([q, v])
d = layers.AdditiveAttention(use_scale=False)([q, v], use_causal_mask=True)
model = keras.Model([q, v], [a, b, s, c, d])
""",
    "encoder_block": """
import keras
from keras import layers
inp = keras.Input(shape=(12,))
x = layers.Embedding(100, 16)(inp)
h = layers.LSTM(16, return_sequences=True)(x)
att = layers.MultiHeadAttention(num_heads=2, key_dim=8, dropout=0.1)(h, h)
x = layers.Add()([h, att])
x = layers.LayerNormalization()(x)
ctx = layers.Attention()([x, h])
x = layers.Concatenate()([x, ctx])
x = layers.GlobalAveragePooling1D()(x)
out = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inp, out)
""",
    "masked": """
import keras
from keras import layers
a = keras.Input(shape=(5,))
b = keras.Input(shape=(7,))
ea = layers.Embedding(20, 8, mask_zero=True)(a)
eb = layers.Embedding(20, 8, mask_zero=True)(b)
x = layers.Attention()([ea, eb])
y = layers.MultiHeadAttention(2, 3)(ea, eb)
z = layers.AdditiveAttention()([ea, eb])
out1 = layers.LSTM(4)(x)
out2 = layers.LSTM(4)(y)
out3 = layers.LSTM(4)(z)
model = keras.Model([a, b], [out1, out2, out3])
""",
    "shared_attention": """
import keras
from keras import layers
a = keras.Input(shape=(5, 8))
b = keras.Input(shape=(5, 8))
mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
x = mha(a, b)
y = mha(b, a)
model = keras.Model([a, b], layers.Add()([x, y]))
""",
}


def main() -> None:
    import keras

    out = []
    for name, program in PROGRAMS.items():
        keras.backend.clear_session()
        scope: dict[str, object] = {}
        try:
            exec(compile(program, name, "exec"), scope)  # our own fixed programs, in the throwaway venv
        except Exception as exc:  # noqa: BLE001 - the answer we record
            out.append({"name": name, "program": program, "raises": type(exc).__name__, "message": str(exc)})
            continue
        lines: list[str] = []
        model = scope["model"]
        model.summary(print_fn=lambda line, _lines=lines, **_: _lines.append(line))  # type: ignore[attr-defined]
        out.append({"name": name, "program": program, "summary": "\n".join(lines),
                    "config": model.to_json()})  # type: ignore[attr-defined]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
