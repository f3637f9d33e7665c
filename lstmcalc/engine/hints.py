"""Turn a Keras refusal into a message in lstmcalc's voice and a specific fix.

Messages say what was expected, then what came in; hints say what to change and where,
naming the layer to edit (usually an earlier one: the LSTM that should return sequences).
"""

from __future__ import annotations

from lstmcalc.diagnostics import Edit, Fix
from lstmcalc.engine.built import Built
from lstmcalc.engine.results import LayerResult
from lstmcalc.keras_version import keras_version
from lstmcalc.layers.base import Layer, Refusal, Shape, fmt_shape, label
from lstmcalc.layers.recurrent import RNN
from lstmcalc.layers.wrappers import Bidirectional, TimeDistributed
from lstmcalc.spec.model import LayerSpec

#: Layers that keep their input's shape, so a rank problem comes from further back.
PASSTHROUGH = {
    "Dropout", "Activation", "BatchNormalization", "LayerNormalization", "Masking", "SpatialDropout1D",
    "Normalization", "GroupNormalization", "UnitNormalization",  # cells family
    "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "GaussianNoise", "GaussianDropout", "AlphaDropout",
    "ActivityRegularization", "Identity",
    "SpatialDropout2D", "SpatialDropout3D",
}
#: Dense keeps the rank too: an LSTM(return_sequences=False) -> Dense -> LSTM is still fixed
#: on the first LSTM.
RANK_KEEPING = PASSTHROUGH | {"Dense"}

LAYOUTS = {2: "(batch, features)", 3: "(batch, timesteps, features)"}


def _wants(layer: Layer) -> int | None:
    return layer.ndim if layer.ndim is not None else layer.min_ndim


def rewrite_message(refusal: Refusal, layer: Layer, shape: Shape, previous: list[Built]) -> str:
    want = _wants(layer)
    source = label(previous[-1].name) if previous else "the input"
    keras2 = None
    if keras_version() == 2:
        from lstmcalc.layers.keras2 import keras2_words

        keras2 = keras2_words(refusal.code, layer, shape)
    if refusal.code == "LC101" and "fully-defined" in refusal.message:
        return (f"{layer.label} sizes its weights from its input, but receives {fmt_shape(shape)} from "
                f"{source}, which has an undefined (None) dimension there (Keras: "
                f"{keras2 or 'Shapes used to initialize variables must be fully-defined'})")
    if keras2 is not None:
        return keras2
    if refusal.code != "LC100" or want is None or "expected" not in refusal.message:
        return refusal.message
    at_least = "at least " if layer.ndim is None else ""
    layout = LAYOUTS.get(want, "") if not at_least else ""
    keras = refusal.message.split("incompatible with the layer: ")[-1].split(". Full shape")[0]
    return (f"{layer.label} expects {at_least}{want}D input{' ' + layout if layout else ''} but "
            f"receives {fmt_shape(shape)} from {source} (Keras: {keras})")


def _recurrent(layer: Layer | None) -> RNN | None:
    if isinstance(layer, RNN):
        return layer
    if isinstance(layer, (Bidirectional, TimeDistributed)):
        return _recurrent(layer.layer)
    return None


def _producer(previous: list[Built], keeping: set[str] = RANK_KEEPING) -> Built | None:
    """The layer that last changed the rank: walk back over layers in `keeping`."""
    for item in previous[::-1]:
        if item.layer is None or item.spec.type not in keeping:
            return item
    return previous[0] if previous else None


def hint_for(refusal: Refusal, layer: Layer, shape: Shape, previous: list[Built],
             results: list[LayerResult]) -> str:
    rank = len(shape)
    producer = _producer(previous)
    source = producer.layer if producer else None
    rnn = _recurrent(source)
    if refusal.code == "LC100":
        if isinstance(layer, TimeDistributed) or (_wants(layer) == 3 and rank == 2):
            if rnn is not None and not rnn.return_sequences and producer is not None:
                return f"set return_sequences=True on {label(producer.name)}"
            direct = _producer(previous, PASSTHROUGH)
            if direct is not None and direct.spec.type == "Input":
                steps = (shape[-1] if shape else None) or 10
                return (f"give {label(direct.name)} a per-sample shape of (timesteps, features), e.g. "
                        f"shape: [{steps}, 1] for {steps} timesteps of 1 feature")
            what = label(direct.name) if direct else "the previous layer"
            return (f"{what} outputs one vector per sample; add RepeatVector(n) to repeat it over "
                    f"n timesteps, or Reshape it to (timesteps, features)")
        if _wants(layer) == 3 and rank == 4:
            return (f"wrap {layer.label} in TimeDistributed to run it on each of the {shape[1]} "
                    f"outer steps, or Reshape the input to (timesteps, features)")
        if layer.type_name == "RepeatVector" and rank == 3:
            if rnn is not None and rnn.return_sequences and producer is not None:
                return f"set return_sequences=False on {label(producer.name)}"
            return "RepeatVector repeats a (batch, features) vector; add Flatten or GlobalAveragePooling1D before it"
        return f"{layer.label} needs a different input rank; check the layers before it"
    if refusal.code == "LC101":
        if producer is not None and producer.spec.type == "Flatten":
            return (f"{label(producer.name)} flattens a variable-length sequence, so its size is unknown; "
                    "use GlobalAveragePooling1D or GlobalMaxPooling1D, or give the Input a fixed "
                    "number of timesteps")
        return (f"the input {fmt_shape(shape)} has an undefined size where {layer.label} creates "
                "weights; give the Input layer fixed sizes there")
    return ""


def rnn_specs(spec: LayerSpec) -> list[LayerSpec]:
    """The mappings that hold an RNN's own arguments: the layer itself, or the layers a
    wrapper (Bidirectional, TimeDistributed) wraps, where return_sequences is written."""
    if not spec.wrapped:
        return [spec]
    return [inner for key in ("layer", "backward_layer") if (w := spec.wrapped.get(key)) is not None
            for inner in rnn_specs(w)]


def fix_for(refusal: Refusal, layer: Layer, shape: Shape, previous: list[Built],
            here: LayerSpec | None = None) -> Fix | None:
    """The structured edit behind hint_for's mechanical hints (return_sequences), or None."""
    if refusal.code != "LC100" or refusal.hint:
        return None
    producer = _producer(previous)
    rnn = _recurrent(producer.layer if producer else None)
    rank = len(shape)
    if rnn is None or producer is None:
        return _repeat_fix(layer, rank, previous, here)
    if (isinstance(layer, TimeDistributed) or (_wants(layer) == 3 and rank == 2)) and not rnn.return_sequences:
        wanted = True
    elif layer.type_name == "RepeatVector" and rank == 3 and rnn.return_sequences:
        wanted = False
    else:
        return None
    edits = tuple(Edit("set", s.span, "return_sequences", wanted) for s in rnn_specs(producer.spec))
    return Fix(f"set return_sequences={wanted} on {label(producer.name)}", edits)


def _repeat_fix(layer: Layer, rank: int, previous: list[Built], here: LayerSpec | None) -> Fix | None:
    """A vector into a layer that wants sequences, in a sequential spec whose Input has a
    fixed number of timesteps: insert RepeatVector(n=timesteps) before it, the encoder-decoder
    pattern (Input(20, f) -> encoder -> RepeatVector(20) -> decoder)."""
    if here is None or here.inputs is not None or _wants(layer) != 3 or rank != 2 or not previous:
        return None
    if any(b.spec.inputs is not None for b in previous):
        return None
    first = previous[0].layer
    steps = getattr(first, "shape", None) if previous[0].spec.type == "Input" else None
    if not isinstance(steps, (list, tuple)) or len(steps) != 2 or not isinstance(steps[0], int):
        return None
    return Fix(f"insert RepeatVector(n={steps[0]}) before {label(here.name or layer.label)}",
               (Edit("insert_before", here.span, value={"type": "RepeatVector", "n": steps[0]}),))
