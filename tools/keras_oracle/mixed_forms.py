"""Five mixed-family models written every way a user hands them to lstmcalc, and what Keras
printed for each; plus refusals whose exact wording Keras formats from arrays.

    /tmp/kenv/bin/python tools/keras_oracle/mixed_forms.py tests/fixtures/mixed_forms

Each model is Python code in the functional form and (when it is a stack) the Sequential
form. For each, the script records `model.summary()` (COLUMNS=120, no colour) of the code,
writes model.to_json() as NAME.json and model.save() as NAME.keras, and records the summary
of each reloaded by Keras (model_from_json, load_model). tests/test_mixed.py reads every form
with lstmcalc and compares. REFUSALS are YAML-spec layers Keras refuses; their messages are
recorded (tools/keras_oracle/oracle.py builds them). A one-off in the throwaway Keras venv.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "120"
warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).parent))

PROGRAMS: dict[str, dict[str, str]] = {
    "crnn_ocr": {
        "functional": """
import keras
from keras import layers
image = keras.Input(shape=(16, 32, 1), name="image")
x = layers.Conv2D(8, (3, 3), padding="same", activation="relu", name="conv1")(image)
x = layers.BatchNormalization()(x)
x = layers.MaxPooling2D((2, 2))(x)
x = layers.ZeroPadding2D(((0, 1), (1, 1)))(x)
x = layers.Conv2D(16, 3, activation="relu")(x)
x = layers.LeakyReLU(negative_slope=0.1)(x)
x = layers.MaxPooling2D(pool_size=(2, 1))(x)
x = layers.Cropping2D(((0, 1), (1, 0)))(x)
x = layers.Permute((2, 1, 3))(x)
x = layers.Reshape((-1, 2 * 16))(x)
x = layers.Bidirectional(layers.LSTM(16, return_sequences=True, dropout=0.25))(x)
x = layers.Bidirectional(layers.GRU(8, return_sequences=True), merge_mode="sum")(x)
out = layers.Dense(11, activation="softmax", name="chars")(x)
model = keras.Model(image, out, name="ocr")
""",
        "sequential": """
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential(name="ocr")
model.add(keras.Input(shape=(16, 32, 1)))
model.add(layers.Conv2D(8, (3, 3), padding="same", activation="relu", name="conv1"))
model.add(layers.BatchNormalization())
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.ZeroPadding2D(((0, 1), (1, 1))))
model.add(layers.Conv2D(16, 3, activation="relu"))
model.add(layers.LeakyReLU(negative_slope=0.1))
model.add(layers.MaxPooling2D(pool_size=(2, 1)))
model.add(layers.Cropping2D(((0, 1), (1, 0))))
model.add(layers.Permute((2, 1, 3)))
model.add(layers.Reshape((-1, 2 * 16)))
model.add(layers.Bidirectional(layers.LSTM(16, return_sequences=True, dropout=0.25)))
model.add(layers.Bidirectional(layers.GRU(8, return_sequences=True), merge_mode="sum"))
model.add(layers.Dense(11, activation="softmax", name="chars"))
""",
    },
    "next_frame": {
        "functional": """
import keras
from keras import layers
frames = keras.Input(shape=(None, 16, 16, 1))
x = layers.TimeDistributed(layers.Conv2D(4, 3, padding="same", activation="relu"))(frames)
x = layers.TimeDistributed(layers.MaxPooling2D(2))(x)
x = layers.ConvLSTM2D(8, (3, 3), padding="same", return_sequences=True)(x)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(8, (1, 1), padding="same", return_sequences=True, trainable=False)(x)
x = layers.GroupNormalization(groups=4)(x)
x = layers.TimeDistributed(layers.UpSampling2D(2))(x)
out = layers.Conv3D(1, (3, 3, 3), activation="sigmoid", padding="same")(x)
model = keras.Model(frames, out)
""",
        "sequential": """
import keras
model = keras.Sequential([
    keras.layers.Input(shape=(None, 16, 16, 1)),
    keras.layers.TimeDistributed(keras.layers.Conv2D(4, 3, padding="same", activation="relu")),
    keras.layers.TimeDistributed(keras.layers.MaxPooling2D(2)),
    keras.layers.ConvLSTM2D(8, (3, 3), padding="same", return_sequences=True),
    keras.layers.BatchNormalization(),
    keras.layers.ConvLSTM2D(8, (1, 1), padding="same", return_sequences=True, trainable=False),
    keras.layers.GroupNormalization(groups=4),
    keras.layers.TimeDistributed(keras.layers.UpSampling2D(2)),
    keras.layers.Conv3D(1, (3, 3, 3), activation="sigmoid", padding="same"),
])
""",
    },
    "video_classifier": {
        "functional": """
import keras
from keras import layers
clip = keras.Input(shape=(8, 24, 24, 3))
x = layers.TimeDistributed(layers.Conv2D(8, 3, activation="relu"), name="td_conv")(clip)
x = layers.TimeDistributed(layers.AveragePooling2D(2))(x)
x = layers.TimeDistributed(layers.SpatialDropout2D(0.2))(x)
x = layers.TimeDistributed(layers.GlobalMaxPooling2D())(x)
x = layers.PReLU()(x)
x = layers.GRU(16, return_sequences=True)(x)
x = layers.UnitNormalization()(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.GaussianNoise(0.1)(x)
out = layers.Dense(10, activation="softmax", dtype="float64")(x)
model = keras.Model(clip, out)
""",
        "sequential": """
import keras
from keras import layers
model = keras.Sequential()
model.add(layers.Input((8, 24, 24, 3)))
model.add(layers.TimeDistributed(layers.Conv2D(8, 3, activation="relu"), name="td_conv"))
model.add(layers.TimeDistributed(layers.AveragePooling2D(2)))
model.add(layers.TimeDistributed(layers.SpatialDropout2D(0.2)))
model.add(layers.TimeDistributed(layers.GlobalMaxPooling2D()))
model.add(layers.PReLU())
model.add(layers.GRU(16, return_sequences=True))
model.add(layers.UnitNormalization())
model.add(layers.GlobalAveragePooling1D())
model.add(layers.GaussianNoise(0.1))
model.add(layers.Dense(10, activation="softmax", dtype="float64"))
""",
    },
    "masked_attention": {
        "functional": """
import keras
from keras import layers
tokens = keras.Input(shape=(12,), name="tokens")
x = layers.Embedding(100, 16, mask_zero=True)(tokens)
enc = layers.Bidirectional(layers.LSTM(8, return_sequences=True), name="enc")(x)
self_att = layers.MultiHeadAttention(num_heads=2, key_dim=8)(enc, enc)
ctx = layers.Attention(use_scale=True)([self_att, enc])
add = layers.AdditiveAttention()([ctx, enc], use_causal_mask=True)
scores = layers.Dot(axes=(2, 2))([add, enc])
perm = layers.Permute((2, 1))(scores)
pooled = layers.GlobalAveragePooling1D()(perm)
out = layers.Dense(3, activation="softmax")(pooled)
model = keras.Model(tokens, out)
""",
    },
    "bidirectional_cells": {
        "functional": """
import keras
from keras import layers
seq = keras.Input(shape=(10, 4))
x = layers.Masking(mask_value=0.0)(seq)
x = layers.Normalization(axis=-1, mean=0.0, variance=1.0)(x)
cells = [layers.LSTMCell(8), layers.GRUCell(4)]
x = layers.Bidirectional(layers.RNN(layers.StackedRNNCells(cells), return_sequences=True))(x)
x = layers.Softmax()(x)
x = layers.Bidirectional(layers.RNN(layers.LSTMCell(6)), merge_mode="ave")(x)
out = layers.Dense(2, activation="softmax")(x)
model = keras.Model(seq, out, name="cells_model")
""",
        "sequential": """
import keras
from keras import layers
model = keras.Sequential(
    [
        keras.Input(shape=(10, 4)),
        layers.Masking(mask_value=0.0),
        layers.Normalization(axis=-1, mean=0.0, variance=1.0),
        layers.Bidirectional(layers.RNN(layers.StackedRNNCells([layers.LSTMCell(8), layers.GRUCell(4)]),
                                        return_sequences=True)),
        layers.Softmax(),
        layers.Bidirectional(layers.RNN(layers.LSTMCell(6)), merge_mode="ave"),
        layers.Dense(2, activation="softmax"),
    ],
    name="cells_model",
)
""",
    },
}

#: Layers Keras refuses with messages it formats from numpy arrays or its own wording.
REFUSALS: list[dict] = [
    {"name": "dense_units_zero", "layers": [{"type": "Input", "shape": [6, 4]}, {"type": "LSTM", "units": 4},
                                            {"type": "Dense", "units": 0}]},
    {"name": "pool2d_padded_ints", "layers": [{"type": "Input", "shape": [14, 24, 4]},
                                              {"type": "MaxPooling2D", "pool_size": [15, 1]}]},
    {"name": "pool2d_fixed_batch", "layers": [{"type": "Input", "shape": [1, 8, 4], "batch_size": 16},
                                              {"type": "MaxPooling2D", "pool_size": [2, 12]}]},
    {"name": "pool2d_none_spatial", "layers": [{"type": "Input", "shape": [None, 1, 8], "batch_size": 16},
                                               {"type": "AveragePooling2D", "pool_size": [2, 12]}]},
    {"name": "pool2d_channels_first_none", "layers": [
        {"type": "Input", "shape": [3, None, 2]},
        {"type": "MaxPooling2D", "pool_size": [2, 3], "data_format": "channels_first"}]},
    {"name": "pool3d_none", "layers": [{"type": "Input", "shape": [None, 4, 1, 2]},
                                       {"type": "MaxPooling3D", "pool_size": [1, 2, 10]}]},
    {"name": "pool1d_fixed_batch", "layers": [{"type": "Input", "shape": [1, 4096], "batch_size": 16},
                                              {"type": "MaxPooling1D", "pool_size": 4}]},
    {"name": "pool1d_none", "layers": [{"type": "Input", "shape": [3, 14]},
                                       {"type": "AveragePooling1D", "pool_size": 4}]},
]


def summary_of(model) -> str:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    model.summary(print_fn=lambda line, **_: lines.append(line))
    return "\n".join(lines)


def main() -> int:
    import keras
    import oracle

    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    record: dict = {"programs": [], "refusals": []}
    for name, forms in PROGRAMS.items():
        entry: dict = {"name": name, "forms": {}}
        for form, program in forms.items():
            keras.backend.clear_session()
            scope: dict = {}
            exec(compile(program, f"{name}_{form}", "exec"), scope)  # our own fixed programs
            (out_dir / f"{name}_{form}.py").write_text(program.lstrip("\n"))
            entry["forms"][form] = summary_of(scope["model"])
            if form == "functional":
                model = scope["model"]
                (out_dir / f"{name}.json").write_text(model.to_json())
                model.save(out_dir / f"{name}.keras")
                keras.backend.clear_session()
                entry["forms"]["json"] = summary_of(keras.models.model_from_json(model.to_json()))
                keras.backend.clear_session()
                entry["forms"]["keras"] = summary_of(keras.saving.load_model(out_dir / f"{name}.keras"))
        record["programs"].append(entry)
    for spec in REFUSALS:
        keras.backend.clear_session()
        try:
            oracle.build({"layers": spec["layers"]})
        except Exception as exc:  # noqa: BLE001 - the answer we record
            error = exc.error if isinstance(exc, oracle.Refused) else exc
            record["refusals"].append({**spec, "message": str(error)})
        else:
            raise SystemExit(f"{spec['name']}: Keras builds it")
    (out_dir / "expected.json").write_text(json.dumps(record, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
