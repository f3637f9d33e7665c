"""Convolutional LSTMs: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D (keras/src/layers/rnn/conv_lstm.py).

An LSTM whose input and recurrent transformations are convolutions. Keras builds a
ConvLSTMCell on one timestep (batch, *spatial, channels) and wraps it in its RNN base
class, so return_sequences, return_state (output, h, c), go_backwards, stateful and masking
behave as for LSTM.
"""

from __future__ import annotations

from typing import ClassVar

from lstmcalc.keras_version import keras_version
from lstmcalc.layers.args import (
    BASE_ARGS,
    BOOL,
    INT,
    NUMBER,
    OPT_INT,
    STR,
    activation,
    constraint,
    initializer,
    regularizer,
)
from lstmcalc.layers.base import Arg, Refusal, Shape, Weight, fmt_shape, register
from lstmcalc.layers.conv import DATA_FORMAT
from lstmcalc.layers.convnd import (
    NINTS,
    _tuple_text,
    conv_output_shape,
    n_ints,
    ntuple,
    padding_check,
    split_shape,
)
from lstmcalc.layers.recurrent import RNN


def _args(rank: int) -> tuple[Arg, ...]:
    return (
        *BASE_ARGS,
        Arg("filters", INT, doc="number of output channels (of h and c)"),
        Arg("kernel_size", NINTS, check=n_ints("kernel_size", rank), doc=f"window size: an integer or {rank} integers"),
        Arg("strides", NINTS, 1, n_ints("strides", rank, allow_zero=True)),
        Arg("padding", STR, "valid", padding_check(False), "valid or same (the recurrent convolution is always same)"),
        DATA_FORMAT,
        Arg("dilation_rate", NINTS, 1, n_ints("dilation_rate", rank)),
        activation("activation", "tanh"), activation("recurrent_activation", "sigmoid"),
        Arg("use_bias", BOOL, True),
        initializer("kernel_initializer", "glorot_uniform"),
        initializer("recurrent_initializer", "orthogonal"),
        initializer("bias_initializer", "zeros"),
        Arg("unit_forget_bias", BOOL, True, None, "initialise the forget-gate bias to 1"),
        regularizer("kernel_regularizer"), regularizer("recurrent_regularizer"), regularizer("bias_regularizer"),
        constraint("kernel_constraint"), constraint("recurrent_constraint"), constraint("bias_constraint"),
        Arg("dropout", NUMBER, 0.0, None, "input dropout while training (Keras clamps to [0, 1])"),
        Arg("recurrent_dropout", NUMBER, 0.0, None, "dropout on the recurrent state while training"),
        Arg("seed", OPT_INT, None),
        Arg("return_sequences", BOOL, False, None,
            "true: output every timestep (batch, timesteps, ...); false: only the last"),
        Arg("return_state", BOOL, False, None, "also return the final states h and c"),
        Arg("go_backwards", BOOL, False, None, "process the sequence in reverse"),
        Arg("stateful", BOOL, False, None, "carry state across batches (needs a fixed batch size)"),
        Arg("unroll", BOOL, False),
        Arg("zero_output_for_mask", BOOL, False),
    )


class ConvLSTM(RNN):
    """Shared logic of ConvLSTM1D/2D/3D (Keras's ConvLSTM over ConvLSTMCell).

    Input (batch, time, *spatial, channels) (channels_first: (batch, time, channels,
    *spatial)); each step is convolved like ConvND with `filters` x 4 gates [i | f | c | o].
    kernel (*kernel_size, channels, 4 x filters), recurrent_kernel (*kernel_size, filters,
    4 x filters), bias (4 x filters,): params = 4 x filters x (prod(kernel_size) x
    (channels + filters) + 1). The recurrent convolution is always 'same' with strides 1.
    """

    family: ClassVar[str] = "recurrent"
    gates = 4
    rank: ClassVar[int] = 2
    positional = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
                  "recurrent_activation", "use_bias")
    filters: int
    kernel_size: int | list[int]
    strides: int | list[int]
    padding: str
    data_format: str | None
    dilation_rate: int | list[int]
    unit_forget_bias: bool

    @property
    def units(self) -> int:  # type: ignore[override]
        """The state's channel count, where lint and the diagram ask an RNN for its units."""
        return self.filters

    @property
    def k(self) -> tuple[int, ...]:
        return ntuple(self.kernel_size, self.rank)

    @property
    def s(self) -> tuple[int, ...]:
        return ntuple(self.strides, self.rank)

    @property
    def d(self) -> tuple[int, ...]:
        return ntuple(self.dilation_rate, self.rank)

    def step_output(self, shape: Shape) -> Shape:
        """The cell's output on one timestep: Keras's compute_conv_output_shape."""
        step = (shape[0], *shape[2:])
        return conv_output_shape(self, step, self.filters, self.k, strides=self.s, dilation=self.d,
                                 padding=self.padding.lower())

    def output_shape(self, shape: Shape) -> Shape:
        state = self.step_output(shape)[1:]
        if self.return_sequences:
            return (shape[0], shape[1], *state)
        return (shape[0], *state)

    def state_shapes(self, shape: Shape) -> list[Shape]:
        state = (shape[0], *self.step_output(shape)[1:])
        return [state, state]

    def weights(self, shape: Shape) -> list[Weight]:
        if self.stateful and shape[0] is None:
            raise Refusal(
                "LC105",
                "When using `stateful=True` in a RNN, the batch size must be static. Found "
                f"dynamic batch size: sequence.shape={fmt_shape(shape)}",
                "give the Input a fixed batch_size (or batch_shape)",
            )
        step = (shape[0], *shape[2:])
        spatial, channels = split_shape(self, step)
        # tf_keras 2.21's ConvRNN builds its initial state by convolving zeros shaped like the
        # input, so an unknown spatial size stays unknown (rnn/base_conv_rnn.py); only Keras 3 refuses
        if None in spatial and keras_version() == 3:
            raise Refusal("LC101", "ConvLSTM layers only support static input shapes for the spatial dimension. "
                          f"Received invalid input shape: input_shape={fmt_shape(step)}",
                          "give every spatial axis of the input a fixed size")
        if channels is None:
            raise Refusal("LC101", "The channel dimension of the inputs (last axis) should be defined. Found None. "
                          f"Full input shape received: input_shape={fmt_shape(step)}",
                          "give the channels axis of the input a fixed size")
        self.step_output(shape)
        f = self.filters
        out = [Weight("kernel", (*self.k, channels, 4 * f)), Weight("recurrent_kernel", (*self.k, f, 4 * f))]
        if self.use_bias:
            out.append(Weight("bias", (4 * f,)))
        return out

    def effective_weights(self, shape: Shape) -> list[Weight]:
        """Unlike LSTM, Keras's ConvLSTM does not pass `trainable` to its cell: with
        trainable=False the layer's row counts its weights as non-trainable, but the cell's
        variables stay trainable, and the model's totals count them so (recorded)."""
        if keras_version() == 2:  # tf.keras 2: a frozen layer's trainable_weights hold none of its cell's
            return super().effective_weights(shape)
        return [w._replace(variable_trainable=True) for w in super().effective_weights(shape)]

    def validate(self) -> str | None:
        if max(self.s) > 1 and max(self.d) > 1:
            return ("Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please provide "
                    f"`strides=1` or `dilation_rate=1`. Received: strides={_tuple_text(self.s)} and "
                    f"dilation_rate={_tuple_text(self.d)}")
        return None


@register
class ConvLSTM1D(ConvLSTM):
    """1D convolutional LSTM over (batch, time, steps, channels). (Formula: see ConvLSTM.)"""

    type_name = "ConvLSTM1D"
    auto_name = "conv_lstm1d"
    rank = 1
    ndim = 4
    args = _args(1)


@register
class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM over (batch, time, rows, cols, channels). (Formula: see ConvLSTM.)"""

    type_name = "ConvLSTM2D"
    auto_name = "conv_lstm2d"
    rank = 2
    ndim = 5
    args = _args(2)


@register
class ConvLSTM3D(ConvLSTM):
    """3D convolutional LSTM over (batch, time, depth, rows, cols, channels). (Formula: see ConvLSTM.)"""

    type_name = "ConvLSTM3D"
    auto_name = "conv_lstm3d"
    rank = 3
    ndim = 6
    args = _args(3)
