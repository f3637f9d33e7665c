"""Recurrent layers: LSTM, GRU, SimpleRNN (keras/src/layers/rnn/)."""

from __future__ import annotations

from typing import ClassVar

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    ANY,
    BASE_ARGS,
    BOOL,
    INT,
    NUMBER,
    OPT_INT,
    activation,
    constraint,
    initializer,
    one_of,
    positive,
    regularizer,
)
from lstmcalc.layers.base import Arg, Layer, Refusal, Shape, Weight, fmt_shape, register, require_defined

_RNN_TAIL: tuple[Arg, ...] = (
    initializer("kernel_initializer", "glorot_uniform"),
    initializer("recurrent_initializer", "orthogonal"),
    initializer("bias_initializer", "zeros"),
    regularizer("kernel_regularizer"), regularizer("recurrent_regularizer"),
    regularizer("bias_regularizer"),
    constraint("kernel_constraint"), constraint("recurrent_constraint"),
    constraint("bias_constraint"),
    Arg("dropout", NUMBER, 0.0, None, "input dropout while training (Keras clamps to [0, 1])"),
    Arg("recurrent_dropout", NUMBER, 0.0, None, "dropout on the recurrent state while training"),
    Arg("seed", OPT_INT, None),
    Arg("return_sequences", BOOL, False, None,
        "true: output every timestep (batch, timesteps, units); false: only the last (batch, units)"),
    Arg("return_state", BOOL, False, None, "also return the final state tensors"),
    Arg("go_backwards", BOOL, False, None, "process the sequence in reverse"),
    Arg("stateful", BOOL, False, None, "carry state across batches (needs a fixed batch size)"),
    Arg("unroll", BOOL, False),
    Arg("zero_output_for_mask", BOOL, False),
)


class RNN(Layer):
    """Shared shape logic of Keras's `RNN` base class.

    Input (batch, timesteps, features); output (batch, timesteps, units) with
    return_sequences=True, else (batch, units).
    """

    family: ClassVar[str] = "recurrent"
    gates: ClassVar[int] = 1
    ndim = 3
    units: int
    use_bias: bool
    return_sequences: bool
    return_state: bool
    go_backwards: bool
    stateful: bool

    def check_input(self, shape: Shape) -> None:
        super().check_input(shape)
        if keras_version() == 2 and len(shape) > 1 and not self.type_name.startswith("CuDNN"):
            self.keras2_check_steps(shape)

    def keras2_check_steps(self, shape: Shape) -> None:
        """tf_keras 2.21's backend.rnn, which its recurrent layers run (rnn/base_rnn.py call):
        unroll needs a known number of steps, and it reads the first step, which 0 steps lack."""
        steps = shape[0] if self.__dict__.get("time_major") else shape[1]
        where = f'Exception encountered when calling layer "{self.label}" (type {self.type_name}). '
        if not steps and self.__dict__.get("unroll"):  # None or 0: tf_keras tests `if not timesteps`
            raise Refusal("LC105", where + "Cannot unroll a RNN if the time dimension is undefined (or 0).",
                          "give the Input a fixed number of timesteps, or unroll=False")
        if steps == 0:
            raise Refusal("LC102", where + "slice index 0 of dimension 0 out of bounds (backend.rnn reads the "
                          "first of 0 timesteps)", "feed at least one timestep")

    def output_shape(self, shape: Shape) -> Shape:
        length = shape[1] if len(shape) > 1 else None
        if self.return_sequences:
            return (shape[0], length, self.units)
        return (self.batch_size(shape), self.units)

    def batch_size(self, shape: Shape) -> int | None:
        """The batch axis: the first, or the second for tf.keras 2's time_major=True
        (inputs and sequence outputs (timesteps, batch, ...))."""
        if self.__dict__.get("time_major") and len(shape) > 1:
            return shape[1]
        return shape[0]

    def state_shapes(self, shape: Shape) -> list[Shape]:
        return [(self.batch_size(shape), self.units)]

    def output_shapes(self, shape: Shape) -> list[Shape]:
        states = self.state_shapes(shape) if self.return_state else []
        return [self.output_shape(shape), *states]

    def input_features(self, shape: Shape) -> int:
        """Keras builds the cell on (batch, *shape[2:]) and sizes the kernel by its last axis."""
        step = (shape[0], *shape[2:])
        if self.stateful and self.batch_size(shape) is None:
            raise Refusal(
                "LC105",
                "When using `stateful=True` in a RNN, the batch size must be static. Found "
                f"dynamic batch size: sequence.shape={fmt_shape(shape)}",
                "give the Input a fixed batch_size (or batch_shape)",
            )
        return require_defined(self, (step[-1], self.gates * self.units), "kernel")[0]

    def weights(self, shape: Shape) -> list[Weight]:
        n_in = self.input_features(shape)
        g, u = self.gates, self.units
        out = [Weight("kernel", (n_in, g * u)), Weight("recurrent_kernel", (u, g * u))]
        if self.use_bias:
            out.append(Weight("bias", self.bias_shape()))
        return out

    def bias_shape(self) -> tuple[int, ...]:
        return (self.gates * self.units,)


@register
class LSTM(RNN):
    """Long short-term memory: four gates [i | f | c | o], each `units` wide.

    kernel (features, 4u), recurrent_kernel (u, 4u), bias (4u,):
    params = 4 x (u x (features + u) + u).
    """

    positional = ("units", "activation", "recurrent_activation", "use_bias")

    type_name = "LSTM"
    auto_name = "lstm"
    gates = 4
    args = (
        *BASE_ARGS,
        Arg("units", INT, check=positive("units"), doc="size of the hidden state h and cell c"),
        activation("activation", "tanh"), activation("recurrent_activation", "sigmoid"),
        Arg("use_bias", BOOL, True),
        Arg("unit_forget_bias", BOOL, True, None, "initialise the forget-gate bias to 1"),
        *_RNN_TAIL,
        Arg("use_cudnn", ANY, "auto", one_of("auto", True, False)),
        Arg("implementation", INT, 2),
    )

    def state_shapes(self, shape: Shape) -> list[Shape]:
        return [(self.batch_size(shape), self.units)] * 2


@register
class GRU(RNN):
    """Gated recurrent unit: three gates [z | r | h~], each `units` wide.

    kernel (features, 3u), recurrent_kernel (u, 3u), bias (3u,), or (2, 3u) with
    reset_after=True (the default: separate input and recurrent biases):
    params = 3 x (u x (features + u) + u), plus 3u more with reset_after.
    """

    positional = ("units", "activation", "recurrent_activation", "use_bias")

    type_name = "GRU"
    auto_name = "gru"
    gates = 3
    args = (
        *BASE_ARGS,
        Arg("units", INT, check=positive("units"), doc="size of the hidden state h"),
        activation("activation", "tanh"), activation("recurrent_activation", "sigmoid"),
        Arg("use_bias", BOOL, True),
        *_RNN_TAIL,
        Arg("reset_after", BOOL, True, None, "apply the reset gate after the matmul (cuDNN style)"),
        Arg("use_cudnn", ANY, "auto", one_of("auto", True, False)),
        Arg("implementation", INT, 2),
    )
    reset_after: bool

    def bias_shape(self) -> tuple[int, ...]:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)


@register
class SimpleRNN(RNN):
    """Fully connected recurrence h_t = act(x_t W + h_(t-1) U + b).

    kernel (features, u), recurrent_kernel (u, u), bias (u,): params = u x (features + u) + u.
    """

    positional = ("units", "activation", "use_bias")

    type_name = "SimpleRNN"
    auto_name = "simple_rnn"
    gates = 1
    args = (
        *BASE_ARGS,
        Arg("units", INT, check=positive("units"), doc="size of the hidden state h"),
        activation("activation", "tanh"),
        Arg("use_bias", BOOL, True),
        *_RNN_TAIL,
    )
