"""Wrappers compose the wrapped layer rather than re-implement it (keras/src/layers/rnn/)."""

from __future__ import annotations

from typing import ClassVar

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import ANY, BASE_ARGS, OPT_STR, one_of
from lstmcalc.layers.base import Arg, Layer, Refusal, Shape, Weight, fmt_shape, register
from lstmcalc.layers.recurrent import RNN

MERGE_MODES = ("concat", "sum", "mul", "ave")


@register
class Bidirectional(Layer):
    """Runs a copy of the RNN forwards and another backwards, then merges their outputs.

    Weights: two full copies of the wrapped layer (forward_ and backward_), so params =
    2 x the wrapped layer's. Output: the wrapped layer's, with the last axis doubled for
    merge_mode=concat and unchanged for sum, mul and ave.
    """

    positional = ("layer", "merge_mode")

    type_name = "Bidirectional"
    auto_name = "bidirectional"
    wrapper = True
    family: ClassVar[str] = "recurrent"
    nested = ("layer", "backward_layer")
    args = (
        *BASE_ARGS,
        Arg("merge_mode", OPT_STR, "concat", one_of(*MERGE_MODES, None),
            "how the two directions combine: concat, sum, mul, ave"),
        Arg("weights", ANY, None),
    )
    layer: Layer
    backward_layer: Layer | None
    merge_mode: str | None

    @property
    def ndim(self) -> int | None:  # type: ignore[override]
        return self.layer.ndim  # Keras copies the wrapped layer's InputSpec

    @property
    def min_ndim(self) -> int | None:  # type: ignore[override]
        return self.layer.min_ndim

    def check_input(self, shape: Shape) -> None:
        super().check_input(shape)
        inner = self.layer
        if keras_version() == 2 and isinstance(inner, RNN) and len(shape) > 1 and not inner.type_name.startswith("CuDNN"):
            inner.keras2_check_steps(shape)  # tf_keras runs both directions through backend.rnn

    def output_shape(self, shape: Shape) -> Shape:
        return self.output_shapes(shape)[0]

    def output_shapes(self, shape: Shape) -> list[Shape]:
        out, *states = self.layer.output_shapes(shape)
        if self.merge_mode == "concat":
            last = out[-1]
            out = (*out[:-1], None if last is None else 2 * last)
        merged = [out, out] if self.merge_mode is None else [out]
        return [*merged, *states, *states]

    def weights(self, shape: Shape) -> list[Weight]:
        backward = self.backward_layer or self.layer
        forward = [w._replace(name=f"forward_{w.name}") for w in self.layer.effective_weights(shape)]
        return forward + [w._replace(name=f"backward_{w.name}") for w in backward.effective_weights(shape)]

    def validate(self) -> str | None:
        return check_bidirectional(self)


def check_bidirectional(layer: Bidirectional) -> str | None:
    """Keras's constructor checks: an RNN inside, and directions that can differ."""
    inner = layer.layer
    if not isinstance(inner, RNN):
        return (f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN), not "
                f"{inner.type_name}: Keras rebuilds it with go_backwards=True, which "
                f"{inner.type_name} does not accept")
    backward = layer.backward_layer
    # tf_keras 2.21 builds the backward copy with go_backwards flipped (`not config[...]`,
    # rnn/bidirectional.py _recreate_layer_from_config), so a go_backwards layer is accepted;
    # Keras 3 sets it to True and refuses
    if backward is None and inner.go_backwards and keras_version() == 3:
        return ("Forward layer and backward layer should have different `go_backwards` value. "
                "Received: forward_layer.go_backwards True, backward_layer.go_backwards=True")
    if backward is not None:
        if not isinstance(backward, RNN):
            return f"backward_layer must be a recurrent layer, not {backward.type_name}"
        if backward.go_backwards == inner.go_backwards:
            return ("Forward layer and backward layer should have different `go_backwards` value. "
                    f"Received: forward_layer.go_backwards {inner.go_backwards}, "
                    f"backward_layer.go_backwards={backward.go_backwards}")
        for attr in ("stateful", "return_sequences", "return_state"):
            if getattr(inner, attr) != getattr(backward, attr):
                return ("Forward layer and backward layer are expected to have the same value "
                        f'for attribute "{attr}", got "{getattr(inner, attr)}" for forward '
                        f'layer and "{getattr(backward, attr)}" for backward layer')
    return None


@register
class TimeDistributed(Layer):
    """Applies the same wrapped layer to every timestep (axis 1), sharing its weights.

    The wrapped layer sees (batch, *input_shape[2:]); the output puts the timestep axis
    back: (batch, timesteps, *inner_output[1:]). Params = the wrapped layer's, once.
    """

    positional = ("layer",)

    type_name = "TimeDistributed"
    auto_name = "time_distributed"
    wrapper = True
    nested = ("layer",)
    args = (*BASE_ARGS,)
    layer: Layer

    def validate(self) -> str | None:
        if self.layer.type_name == "Input":
            return ("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. "
                    "Received: an Input, which makes a tensor, not a layer")
        return None

    def check_input(self, shape: Shape) -> None:
        child = self.child_shape(shape)
        if self.layer.merge:
            raise Refusal(
                "LC107",
                f"A merge layer should be called on a list of inputs. Received: input_shape={fmt_shape(child)} "
                "(not a list of shapes)",
                f"{self.layer.type_name} joins several tensors; apply it outside TimeDistributed",
            )
        if keras_version() == 2:  # tf.keras 2 calls the wrapped layer: its InputSpec is checked
            try:
                self.layer.check_input(child)
            except Refusal as refusal:
                raise Refusal(refusal.code, f'Exception encountered when calling layer "{self.label}" (type '
                              f"TimeDistributed). {refusal.message}", refusal.hint) from None
        outputs = self.layer.output_shapes(child)
        if len(outputs) > 1:
            raise Refusal(
                "LC106",
                f"TimeDistributed puts the timestep axis back on one output, but {self.layer.label} returns "
                f"{len(outputs)} tensors",
                "set return_state=False (and give a Bidirectional a merge_mode) inside TimeDistributed",
            )

    def child_shape(self, shape: Shape) -> Shape:
        if len(shape) < 3:
            raise Refusal(
                "LC100",
                "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                f"dimensions, received: {fmt_shape(shape)}",
            )
        return (shape[0], *shape[2:])

    def output_shape(self, shape: Shape) -> Shape:
        inner = self.layer.output_shape(self.child_shape(shape))
        return (inner[0], shape[1], *inner[1:])

    def weights(self, shape: Shape) -> list[Weight]:
        # Keras builds the wrapped layer directly, without its InputSpec check.
        return self.layer.effective_weights(self.child_shape(shape))
