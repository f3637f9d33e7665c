"""How Keras 3 propagates masks through a functional model, and the ops it records.

A mask source (Embedding with mask_zero=True, Masking) computes its mask with Keras ops
(`not_equal`, and `any` for Masking) when it is called. A layer whose `call` takes a
`mask` argument (the RNNs, Bidirectional, TimeDistributed, BatchNormalization,
GlobalAveragePooling1D) receives that mask tensor as a second input, which puts the mask
ops into the functional graph: `model.summary()` then lists them and, the graph no longer
being a chain, prints its "Connected to" layout. Layers that support masking pass the
mask on (the RNNs only with return_sequences=True); the others drop it.
"""

from __future__ import annotations

from typing import Protocol

from lstmcalc.engine.results import LayerResult
from lstmcalc.layers.base import Layer, Shape
from lstmcalc.layers.recurrent import RNN
from lstmcalc.layers.wrappers import Bidirectional
from lstmcalc.span import Span

MASK_CONSUMERS = frozenset({
    "LSTM", "GRU", "SimpleRNN", "Bidirectional", "TimeDistributed", "BatchNormalization",
    "GlobalAveragePooling1D", "Softmax",
    "RNN", "Lambda",  # cells family (Lambda.call takes mask=)
})
MASK_CONSUMERS |= {"ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"}  # Keras's RNN base: call(sequences, mask=...)
MASK_PASSERS = frozenset({
    "Dense", "Dropout", "SpatialDropout1D", "Activation", "LayerNormalization",
    "BatchNormalization", "TimeDistributed",
    "Normalization", "GroupNormalization", "UnitNormalization",  # cells family: supports_masking, mask kept
    # supports_masking = True in Keras 3.15.1; Permute does not support masking
    "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "GaussianNoise", "GaussianDropout", "AlphaDropout",
    "ActivityRegularization", "Identity",
    "SpatialDropout2D", "SpatialDropout3D",  # poolnd: Dropout subclasses, supports_masking=True
})

#: The attention layers keep the query's mask (none without one); Attention's compute_mask
#: records it through a ConvertToTensor op, MultiHeadAttention passes it as it is. Keras
#: does not record their input masks as node inputs (recorded from Keras 3.15.1).
QUERY_MASKED = frozenset({"Attention", "AdditiveAttention", "MultiHeadAttention"})

#: The operations Keras adds to a functional graph itself to carry masks, which this module
#: (and infer.py's Cast) derives from the layers; a Keras config's copies of them are skipped,
#: any other operation in a config is one the user wrote (spec/keras_config.py).
MASK_OP_KINDS = frozenset({"NotEqual", "Any", "Cast", "ConvertToTensor", "ExpandDims", "LogicalOr", "OnesLike",
                           "ZerosLike", "Concatenate"})


class OpNamer(Protocol):
    def take(self, prefix: str) -> str: ...


def drops_mask_knowingly(layer: Layer) -> bool:
    """Layers that end a mask by design: an RNN returning one vector, a masked average."""
    if isinstance(layer, RNN):
        return not layer.return_sequences
    if isinstance(layer, Bidirectional):
        return not getattr(layer.layer, "return_sequences", False)
    return layer.type_name == "GlobalAveragePooling1D" or bool(getattr(layer, "consumes_mask", False))


def consumes_mask(layer: Layer) -> bool:
    # a user-defined layer whose call() takes `mask` receives it (layers/custom.py)
    return layer.type_name in MASK_CONSUMERS or bool(getattr(layer, "consumes_mask", False))


def next_mask(layer: Layer, shape: Shape, tensor: str, mask: str | None, *, namer: OpNamer,
              ops: list[LayerResult], node: int = 0) -> str | None:
    """The op computing the mask after `layer` (called on call NODE of op TENSOR), appending
    any ops it creates to `ops`."""
    nowhere = Span(0, 0)
    if layer.type_name == "Masking":
        not_equal = namer.take("not_equal")
        ops.append(LayerResult(not_equal, "NotEqual", shape, (), nowhere, inputs=(tensor,), input_nodes=(node,),
                               is_op=True))
        any_op = namer.take("any")
        ops.append(LayerResult(any_op, "Any", shape[:-1], (), nowhere, inputs=(not_equal,), is_op=True))
        return any_op
    if layer.type_name == "Embedding" and getattr(layer, "mask_zero", False):
        not_equal = namer.take("not_equal")
        ops.append(LayerResult(not_equal, "NotEqual", shape, (), nowhere, inputs=(tensor,), input_nodes=(node,),
                               is_op=True))
        return not_equal
    if isinstance(layer, RNN):
        return mask if layer.return_sequences else None
    if isinstance(layer, Bidirectional):
        return mask if getattr(layer.layer, "return_sequences", False) else None
    if layer.type_name in MASK_PASSERS or getattr(layer, "passes_mask", False):  # a user's supports_masking
        return mask
    return None


def _op(ops: list[LayerResult], namer: OpNamer, prefix: str, kind: str, shape: Shape, *,
        inputs: tuple[str, ...], indices: tuple[int, ...] | None = None, nodes: tuple[int, ...] = ()) -> str:
    name = namer.take(prefix)
    ops.append(LayerResult(name, kind, shape, (), Span(0, 0), inputs=inputs,
                           input_indices=indices or (0,) * len(inputs), input_nodes=nodes, is_op=True))
    return name


def merge_mask(layer: Layer, sources: list[tuple[str, int, int, Shape, str | None]], *, namer: OpNamer,
               ops: list[LayerResult], output: Shape) -> str | None:
    """The ops a merge layer's compute_mask records for (op, node, index, shape, mask) inputs.

    Concatenate broadcasts each mask to its input (expand_dims | zeros_like, or ones_like
    for an unmasked input), concatenates them and reduces with any(); the element-wise
    merges OR the masks when every input has one.
    """
    masks = [m for *_, m in sources]
    if all(m is None for m in masks):
        return None
    if layer.type_name in QUERY_MASKED:
        return _query_mask(layer, masks[0], namer=namer, ops=ops)
    if layer.type_name == "Custom":  # a user's layer: Keras's default compute_mask passes the first mask on
        return masks[0] if getattr(layer, "passes_mask", False) else None  # with supports_masking, else None
    shapes = {r.name: r.output_shape for r in ops}
    if layer.type_name != "Concatenate":
        if any(m is None for m in masks):
            return None
        current = masks[0]
        assert current is not None
        for m in masks[1:]:
            assert m is not None
            current = _op(ops, namer, "logical_or", "LogicalOr", shapes.get(current) or (), inputs=(current, m))
        return current
    parts = []
    for op, node, index, shape, mask in sources:
        if mask is None:
            parts.append(_op(ops, namer, "ones_like", "OnesLike", shape, inputs=(op,), indices=(index,), nodes=(node,)))
            continue
        mask_shape = shapes.get(mask) or ()
        if len(mask_shape) < len(shape):
            expanded = _op(ops, namer, "expand_dims", "ExpandDims", (*mask_shape, 1), inputs=(mask,))
            zeros = _op(ops, namer, "zeros_like", "ZerosLike", shape, inputs=(op,), indices=(index,), nodes=(node,))
            parts.append(_op(ops, namer, "logical_or", "LogicalOr", shape, inputs=(expanded, zeros)))
        else:
            parts.append(mask)
    joined = _op(ops, namer, "concatenate", "Concatenate", output, inputs=tuple(parts))
    return _op(ops, namer, "any", "Any", output[:-1], inputs=(joined,))


def _query_mask(layer: Layer, mask: str | None, *, namer: OpNamer, ops: list[LayerResult]) -> str | None:
    if mask is None or layer.type_name == "MultiHeadAttention":
        return mask
    shape = next((r.output_shape for r in ops if r.name == mask), None) or ()
    return _op(ops, namer, "convert_to_tensor", "ConvertToTensor", shape, inputs=(mask,))
