"""lstmcalc.cost.elementwise against the arithmetic `lstmcalc run` executes.

The numpy forward pass runs on arrays that count what they compute (Counted, below): one
FLOP per element of every arithmetic ufunc's output (np.clip 2), np.where one per output
element, a reduction its input minus output elements; matmul, dot and einsum count MACs,
and inside the convolution helpers (which sum window products) multiplies count as MACs
and adds as their accumulation. The runner calls forward.apply once per layer: that is
where the count is taken. Per layer, executed FLOPs == flops(forward_ops(...)) exactly,
at batch 1, and at batch 2 they equal 2 x the per-sample part + the per-call part; the
executed MACs equal lstmcalc.engine.macs.layer_macs.
"""

from __future__ import annotations

import types
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pytest

import lstmcalc.numeric.forward as forward_module
from lstmcalc.cost.elementwise import (
    BACKWARD_FLOPS,
    FORWARD_FLOPS,
    UnknownWork,
    flops,
    forward_ops,
    forward_work,
)
from lstmcalc.engine import summarize
from lstmcalc.engine.macs import layer_macs
from lstmcalc.numeric.forward import prepare_weights, run
from lstmcalc.numeric.layers import attention as attention_module
from lstmcalc.numeric.layers import cells as cells_module
from lstmcalc.numeric.layers import convnd as convnd_module
from lstmcalc.numeric.layers import poolnd as poolnd_module

HERE = Path(__file__).parent
SPECS = sorted((HERE / "fixtures" / "forward").glob("*.yaml")) + sorted(
    (HERE / "cost" / "elementwise_specs").glob("*.yaml"))


# --- the instrument ----------------------------------------------------------------------------
class Meter:
    """What one layer call executed."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.flops = 0
        self.by_ufunc: Counter[str] = Counter()
        self.macs = 0
        self.paused = 0
        self.contraction = 0  # inside a convolution helper: multiplies are MACs

    def ufunc(self, ufunc: np.ufunc, method: str, inputs: tuple[Any, ...], result: Any) -> None:
        if self.paused:
            return
        out = result[0] if isinstance(result, tuple) else result
        size = int(np.size(out))
        if ufunc is np.matmul:
            assert method == "__call__"
            self.macs += size * int(np.shape(inputs[0])[-1])
            return
        if self.contraction:
            assert (ufunc, method) in ((np.multiply, "__call__"), (np.add, "__call__"), (np.add, "reduce")), (ufunc, method)
            if ufunc is np.multiply:
                self.macs += size
            return
        if method == "reduce":
            n = int(np.size(inputs[0])) - size
        elif method == "__call__":
            n = size * (2 if ufunc.__name__ == "clip" else 1)
        else:
            raise AssertionError(f"uncounted ufunc method {ufunc.__name__}.{method}")
        self.flops += n
        self.by_ufunc[f"{ufunc.__name__}{'' if method == '__call__' else '.' + method}"] += n


METER = Meter()


def _plain(x: Any) -> Any:
    if isinstance(x, Counted):
        return x.view(np.ndarray)
    if isinstance(x, (list, tuple)):
        return type(x)(_plain(v) for v in x)
    return x


def _counted(x: Any) -> Any:
    if isinstance(x, np.ndarray) and not isinstance(x, Counted):
        return x.view(Counted)
    if isinstance(x, list):
        return [_counted(v) for v in x]
    if isinstance(x, tuple):
        return tuple(_counted(v) for v in x)
    return x


def _einsum_macs(subscripts: str, *operands: Any) -> int:
    inputs = subscripts.replace(" ", "").split("->")[0].split(",")
    sizes: dict[str, int] = {}
    for letters, operand in zip(inputs, operands, strict=True):
        for letter, dim in zip(letters, np.shape(operand), strict=True):
            sizes[letter] = dim
    assert len(inputs) == 2
    return int(np.prod(list(sizes.values())))


class Counted(np.ndarray):
    """An ndarray that reports the arithmetic done with it to METER."""

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        plain = tuple(_plain(x) for x in inputs)
        out = kwargs.get("out")
        if isinstance(out, tuple):
            kwargs["out"] = tuple(_plain(o) for o in out)
        result = getattr(ufunc, method)(*plain, **kwargs)
        METER.ufunc(ufunc, method, plain, result)
        if isinstance(out, tuple):
            return out[0] if len(out) == 1 else out
        return _counted(result)

    def __array_function__(self, func: Any, types_: Any, args: Any, kwargs: Any) -> Any:
        if func is np.where and len(args) + len(kwargs) == 3:
            result = np.where(*_plain(args), **kwargs)
            if not METER.paused:
                METER.flops += int(result.size)
                METER.by_ufunc["where"] += int(result.size)
            return _counted(result)
        if func is np.einsum:
            plain = _plain(args)
            result = np.einsum(*plain, **kwargs)
            if not METER.paused:
                METER.macs += _einsum_macs(*plain)
            return _counted(result)
        if func is np.tensordot:  # its implementation drops the subclass (asarray) before np.dot
            a, b = _plain(args[:2])
            axes = args[2] if len(args) > 2 else kwargs.get("axes", 2)
            result = np.tensordot(a, b, axes)
            contracted = (a.shape[a.ndim - axes:] if isinstance(axes, int) else
                          [a.shape[i] for i in np.atleast_1d(axes[0])])
            if not METER.paused:
                METER.macs += int(result.size) * int(np.prod(contracted))
            return _counted(result)
        if func is np.dot:
            a, b = _plain(args)
            result = np.dot(a, b)
            if not METER.paused:
                METER.macs += int(np.size(result)) * int(np.shape(a)[-1])
            return _counted(result)
        return _counted(super().__array_function__(func, types_, args, kwargs))


class _NumpyWithCountedArange(types.ModuleType):
    """numpy, whose arange counts: index arithmetic on it (causal masks, bilinear sample
    positions) is arithmetic run executes on every call."""

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)

    @staticmethod
    def arange(*args: Any, **kwargs: Any) -> Any:
        return np.arange(*args, **kwargs).view(Counted)


class Call(NamedTuple):
    layer: Any
    inputs: list[tuple[int | None, ...]]
    output: tuple[int | None, ...]
    masks: list[bool]
    flops: int
    by_ufunc: Counter[str]
    macs: int


def _masks(mask: Any) -> list[bool]:
    return [m is not None for m in mask] if isinstance(mask, list) else [mask is not None]


def _batchless(shape: tuple[int, ...]) -> tuple[int | None, ...]:
    return (None, *shape[1:])


@pytest.fixture
def instrument(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Call]]:
    """Count every layer call forward.run makes; yields the list of calls."""
    calls: list[Call] = []
    original_apply = forward_module.apply
    depth = [0]

    def apply(layer: Any, w: Any, inputs: Any, mask: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return original_apply(layer, w, inputs, mask, **kwargs)
        METER.reset()
        depth[0] += 1
        try:
            kwargs["states"] = _counted(kwargs.get("states"))
            outs, out_mask = original_apply(layer, _counted(list(w)), _counted(list(inputs)),
                                            _counted(mask), **kwargs)
        finally:
            depth[0] -= 1
        calls.append(Call(layer, [_batchless(np.shape(x)) for x in inputs], _batchless(np.shape(outs[0])),
                          _masks(mask), METER.flops, METER.by_ufunc, METER.macs))
        return [np.asarray(o) for o in outs], (None if out_mask is None else np.asarray(out_mask))

    def paused(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            METER.paused += 1
            try:
                return fn(*args, **kwargs)
            finally:
                METER.paused -= 1
        return wrapper

    def contraction(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            METER.contraction += 1
            try:  # the sums start from np.zeros: what follows must count too
                return _counted(fn(*args, **kwargs))
            finally:
                METER.contraction -= 1
        return wrapper

    def counted_constants(fn: Callable[..., Any]) -> Callable[..., Any]:
        return lambda *args, **kwargs: _counted(fn(*args, **kwargs))

    monkeypatch.setattr(forward_module, "apply", apply)
    monkeypatch.setattr(forward_module, "_ids", paused(forward_module._ids))  # validation, not the model
    monkeypatch.setattr(forward_module, "conv1d_products", contraction(forward_module.conv1d_products))
    for name in ("conv", "depthwise", "conv_transpose"):
        monkeypatch.setattr(convnd_module, name, contraction(getattr(convnd_module, name)))
    monkeypatch.setattr(attention_module, "weighted_sum", contraction(attention_module.weighted_sum))
    # Normalization's mean and variance given in its config: constants held like weights
    monkeypatch.setattr(cells_module, "_broadcast", counted_constants(cells_module._broadcast))
    for module in (attention_module, poolnd_module):
        monkeypatch.setattr(module, "np", _NumpyWithCountedArange("numpy"))
    yield calls


def _run(spec: Path, batch: int) -> None:
    summary = summarize(spec.read_bytes(), str(spec))
    npz = spec.with_suffix(".npz")
    if npz.exists():
        data = dict(np.load(npz))
        inputs = [data[f"input/{i}"] for i in range(sum(k.startswith("input/") for k in data))]
        weights = prepare_weights(summary, {k: v for k, v in data.items()
                                            if not k.startswith(("input/", "out/"))}, 0)
    else:
        from lstmcalc.numeric.plan import model_inputs
        rng = np.random.default_rng(0)
        inputs = []
        for _, shape in model_inputs(summary):
            inputs.append(rng.integers(0, 4, size=(batch, *shape[1:])).astype(np.float32))
        weights = prepare_weights(summary, None, 0)
    inputs = [np.concatenate([x[:1]] * batch) for x in inputs]
    run(summary, weights, inputs)


def _weights(layer: Any, inputs: list[Any]) -> list[Any]:
    return list(layer.merged_weights(inputs) if layer.merge else layer.weights(inputs[0]))


# --- the tests ---------------------------------------------------------------------------------
@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_executed_arithmetic_equals_the_table(spec: Path, instrument: list[Call]) -> None:
    _run(spec, 1)
    assert instrument, "no layer ran"
    wrong = []
    for call in instrument:
        ops = forward_ops(call.layer, call.inputs, call.output, _weights(call.layer, call.inputs), masks=call.masks)
        if flops(ops) != call.flops:
            wrong.append(f"{call.layer.name} ({call.layer.type_name}): executed {call.flops} "
                         f"{dict(call.by_ufunc)}, table {flops(ops)} {dict(ops)}")
    assert not wrong, "\n".join(wrong)


#: Keras broadcasts a Softmax's mask from the last axis: (batch, 5) fits (batch, 5, 5) at batch 1 only
BATCH_ONE_ONLY = {"softmax_mask"}
BATCHED = [s for s in SPECS if s.stem not in BATCH_ONE_ONLY]


@pytest.mark.parametrize("spec", BATCHED, ids=[s.stem for s in BATCHED])
def test_per_call_work_does_not_scale_with_the_batch(spec: Path, instrument: list[Call]) -> None:
    _run(spec, 2)
    wrong = []
    for call in instrument:
        work = forward_work(call.layer, call.inputs, call.output, _weights(call.layer, call.inputs),
                            masks=call.masks)
        if flops(work.total(2)) != call.flops:
            wrong.append(f"{call.layer.name} ({call.layer.type_name}): executed {call.flops} at batch 2 "
                         f"{dict(call.by_ufunc)}, table {flops(work.total(2))}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_executed_macs_equal_layer_macs(spec: Path, instrument: list[Call]) -> None:
    _run(spec, 1)
    wrong = []
    for call in instrument:
        macs = layer_macs(call.layer, call.inputs, call.output, _weights(call.layer, call.inputs))
        if macs.value != call.macs:
            wrong.append(f"{call.layer.name} ({call.layer.type_name}): executed {call.macs}, layer_macs {macs}")
    assert not wrong, "\n".join(wrong)


def _executed_types(specs: list[Path]) -> set[str]:
    types_run: set[str] = set()
    for spec in specs:
        summary = summarize(spec.read_bytes(), str(spec))
        for row in summary.layers:
            layer = row.layer
            while layer is not None:
                types_run.add(layer.type_name)
                for cell in getattr(layer, "cells", None) or ():
                    types_run.add(cell.type_name)
                layer = layer.__dict__.get("layer")
    return types_run


def test_the_corpus_runs_every_layer_type_run_implements() -> None:
    """Every type forward.apply dispatches (its own branches, FORWARDS, ACTIVATION_LAYERS)
    is in a spec the tests above run, but the refused Lambda and user-defined layers and
    the Keras 2 aliases of the N-D convolutions (Convolution2D ...), which run the same code."""
    import inspect
    import re

    dispatched = set(forward_module.FORWARDS) | set(forward_module.ACTIVATION_LAYERS)
    dispatched |= set(re.findall(r'"([A-Z][A-Za-z0-9]+)"', inspect.getsource(forward_module.apply)))
    refused = {"Lambda", "Custom"}
    aliases = {k for k in dispatched if k.startswith(("Convolution", "SeparableConvolution"))}
    missing = dispatched - refused - aliases - _executed_types(SPECS)
    assert not missing, sorted(missing)


@pytest.mark.parametrize("kind", ["Lambda", "Custom"])
def test_work_lstmcalc_cannot_see_is_unknown(kind: str) -> None:
    layer = types.SimpleNamespace(type_name=kind)
    with pytest.raises(UnknownWork) as caught:
        forward_ops(layer, [(None, 3)], (None, 3), [])  # type: ignore[arg-type]
    assert caught.value.reason == "unknown-computation"


def test_an_unknown_dimension_is_unknown_work() -> None:
    summary = summarize(b"layers:\n  - {type: Input, shape: [null, 3]}\n  - {type: LSTM, units: 2}\n", "u.yaml")
    row = summary.layers[-1]
    assert row.layer is not None
    with pytest.raises(UnknownWork) as caught:
        forward_ops(row.layer, [(None, None, 3)], (None, 2), list(row.weights))
    assert caught.value.reason == "unknown-dimension"


def test_every_op_has_a_forward_and_a_backward_price() -> None:
    assert set(FORWARD_FLOPS) == set(BACKWARD_FLOPS)
    assert all(v >= 1 for v in FORWARD_FLOPS.values())
    import re

    from lstmcalc.cost import elementwise

    # the two tables in the module's docstring document every op and its price
    rows = re.findall(r"^([a-z_0-9]+(?: / [a-z_0-9]+|/[a-z_0-9]+)?) +(\d+) ", elementwise.__doc__ or "",
                      re.MULTILINE)
    tables: list[dict[str, int]] = [{}, {}]
    for i, (names, value) in enumerate(rows):
        for name in re.split(r" ?/ ?", names):
            tables[i >= len(rows) // 2][name] = int(value)
    assert tables == [FORWARD_FLOPS, BACKWARD_FLOPS]


def _layer(text: str) -> tuple[Any, list[tuple[int | None, ...]], tuple[int | None, ...], list[Any]]:
    summary = summarize(text.encode(), "t.yaml")
    row = summary.layers[-1]
    assert row.layer is not None and row.input_shape is not None and row.output_shape is not None
    return row.layer, [row.input_shape], row.output_shape, list(row.weights)


def test_lstm_step_is_what_the_issue_lists() -> None:
    """LSTM, u units, T steps: bias 4u, gate sum 4u + the cell's add u, 3 sigmoids, 2 tanh,
    3 products, per step."""
    layer, inputs, output, weights = _layer("layers:\n  - {type: Input, shape: [7, 5]}\n  - {type: LSTM, units: 3}\n")
    ops = forward_ops(layer, inputs, output, weights)
    assert ops == Counter({"bias_add": 7 * 12, "add": 7 * 15, "sigmoid": 7 * 9, "tanh": 7 * 6, "mul": 7 * 9})
    assert flops(ops) == 7 * (12 + 15 + 4 * 9 + 6 + 9)
    assert flops(ops, BACKWARD_FLOPS) == 7 * (12 + 0 + 3 * 9 + 3 * 6 + 2 * 9)
    masked = forward_ops(layer, inputs, output, weights, masks=[True])
    assert masked - ops == Counter({"select": 7 * 9})


def test_training_adds_what_keras_runs_only_in_training() -> None:
    cases = {
        "{type: Dropout, rate: 0.5}": {"compare": 12, "scale": 12, "select": 12},
        "{type: GaussianNoise, stddev: 0.1}": {"add": 12},
        "{type: LSTM, units: 2, dropout: 0.5, recurrent_dropout: 0.5}": {"compare": 5, "scale": 5, "select": 5,
                                                                           "mask_mul": 4 * 5},
    }
    for spec, extra in cases.items():
        layer, inputs, output, weights = _layer(f"layers:\n  - {{type: Input, shape: [4, 3]}}\n  - {spec}\n")
        inference = forward_ops(layer, inputs, output, weights)
        training = forward_ops(layer, inputs, output, weights, training=True)
        assert training - inference == Counter(extra), spec
    layer, inputs, output, weights = _layer("layers:\n  - {type: Input, shape: [4, 3]}\n"
                                            "  - {type: BatchNormalization}\n")
    work = forward_work(layer, inputs, output, weights, training=True)
    assert work.sample["sum_reduce"] == 24 and work.call["add"] == 6
