"""Run the peer tools themselves on the PyTorch equivalents of the cases in
tests/fixtures/cost_conventions.json and record what each reports, for one sample.

Runs ONLY in a throwaway environment with PyTorch and the tools installed (never a
dependency of lstmcalc, its tests or CI):

    python -m venv /tmp/convenv
    /tmp/convenv/bin/pip install torch torchinfo ptflops thop fvcore deepspeed
    /tmp/convenv/bin/python tools/conventions_oracle/measure.py \
        tests/fixtures/cost_conventions.json tests/fixtures/cost_conventions_measured.json \
        --model specs/understanding_lstm.yaml

Each case names a Keras layer (a spec) and its input shape without the batch axis; `torch_model`
builds the PyTorch module lstmcalc maps it to (docs/conventions.md says how), called on a
batch of one. What a tool reports is recorded as it reports it: torchinfo's total mult-adds,
ptflops's MACs (both backends), thop's total_ops, fvcore's total() (its "flops", really MACs)
and deepspeed's get_model_profile flops and MACs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
import warnings
from importlib.metadata import version
from typing import Any

os.environ.setdefault("DS_ACCELERATOR", "cpu")
warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)

import torch  # noqa: E402
from torch import nn  # noqa: E402

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "linear": nn.Identity,
               None: nn.Identity, "gelu": nn.GELU, "elu": nn.ELU, "relu6": nn.ReLU6,
               "leaky_relu": nn.LeakyReLU, "silu": nn.SiLU}


def activation(name: str | None) -> nn.Module:
    if name == "softmax":
        return nn.Softmax(dim=-1)
    return ACTIVATIONS[name]()


class Recurrent(nn.Module):
    """Keras LSTM/GRU/SimpleRNN (batch-major; return_sequences picks the last step)."""

    def __init__(self, rnn: nn.Module, return_sequences: bool) -> None:
        super().__init__()
        self.rnn = rnn
        self.return_sequences = return_sequences

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x)
        return out if self.return_sequences else out[:, -1]


class ChannelsLast(nn.Module):
    """A Keras channels-last layer: the torch module works on (N, C, *spatial)."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(x.movedim(-1, 1)).movedim(1, -1)


class DotAttention(nn.Module):
    """Keras Attention (score_mode='dot', no scale) on [query, value]: bmm, softmax, bmm."""

    def forward(self, query: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
        weights = nn.functional.softmax(torch.bmm(query, value.transpose(1, 2)), dim=-1)
        return torch.bmm(weights, value)


class TimeFolded(nn.Module):
    """Keras TimeDistributed: the inner module on (N x T, ...), the time axis folded into the batch."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, t = x.shape[:2]
        y = self.inner(x.reshape(n * t, *x.shape[2:]))
        return y.reshape(n, t, *y.shape[1:])


class BatchDot(nn.Module):
    """Keras Dot(axes=2) on two (N, T, d) tensors: torch.bmm(a, b^T)."""

    def forward(self, query: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
        return torch.bmm(query, value.transpose(1, 2))


class SelfAttention(nn.Module):
    def __init__(self, mha: nn.MultiheadAttention) -> None:
        super().__init__()
        self.mha = mha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mha(x, x, x)[0]


def recurrent(spec: dict[str, Any], features: int, bidirectional: bool = False) -> nn.Module:
    kind, units = spec["type"], spec["units"]
    bias = spec.get("use_bias", True)
    cls = {"LSTM": nn.LSTM, "GRU": nn.GRU, "SimpleRNN": nn.RNN}[kind]
    extra = {"nonlinearity": "tanh"} if kind == "SimpleRNN" else {}
    rnn = cls(features, units, batch_first=True, bias=bias, bidirectional=bidirectional, **extra)
    return Recurrent(rnn, spec.get("return_sequences", False))


def torch_model(spec: dict[str, Any], shape: list[int],
                calls: list[list[int]] | None = None) -> tuple[nn.Module, Any]:
    kind = spec["type"]
    if kind in ("Attention", "Dot"):
        assert calls is not None
        return (DotAttention() if kind == "Attention" else BatchDot()), tuple(torch.randn(1, *s) for s in calls)
    x = torch.randn(1, *shape)
    if kind in ("LSTM", "GRU", "SimpleRNN"):
        return recurrent(spec, shape[-1]), x
    if kind == "Bidirectional":
        return recurrent(spec["layer"], shape[-1], bidirectional=True), x
    if kind == "Dense":
        linear = nn.Linear(shape[-1], spec["units"], bias=spec.get("use_bias", True))
        return nn.Sequential(linear, activation(spec.get("activation"))), x
    if kind == "TimeDistributed":
        return TimeFolded(torch_model(spec["layer"], shape[1:])[0]), x
    if kind in ("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose"):
        rank = int(kind[4])
        cls = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}[rank]
        if kind.endswith("Transpose"):
            cls = nn.ConvTranspose1d
        conv = cls(shape[-1], spec["filters"], spec["kernel_size"], stride=spec.get("strides", 1),
                   groups=spec.get("groups", 1), bias=spec.get("use_bias", True))
        return nn.Sequential(ChannelsLast(conv), activation(spec.get("activation"))), x
    if kind == "Embedding":
        return nn.Embedding(spec["input_dim"], spec["output_dim"]), torch.zeros(1, *shape, dtype=torch.long)
    if kind == "BatchNormalization":
        bn = nn.BatchNorm1d(shape[-1], affine=spec.get("center", True) or spec.get("scale", True))
        return (bn if len(shape) == 1 else ChannelsLast(bn)), x
    if kind == "LayerNormalization":
        affine = spec.get("center", True) or spec.get("scale", True)
        return nn.LayerNorm(shape[-1], elementwise_affine=affine), x
    if kind == "Activation":
        return activation(spec["activation"]), x
    if kind == "Softmax":
        return nn.Softmax(dim=-1), x
    if kind == "ReLU":
        return nn.ReLU(), x
    if kind == "Dropout":
        return nn.Dropout(spec["rate"]), x
    if kind in ("MaxPooling1D", "AveragePooling1D"):
        cls = nn.MaxPool1d if kind.startswith("Max") else nn.AvgPool1d
        return ChannelsLast(cls(spec.get("pool_size", 2))), x
    if kind.startswith("Global"):
        rank = int(kind[-2])
        cls = {("Average", 1): nn.AdaptiveAvgPool1d, ("Average", 2): nn.AdaptiveAvgPool2d,
               ("Max", 1): nn.AdaptiveMaxPool1d, ("Max", 2): nn.AdaptiveMaxPool2d}[
            ("Average" if "Average" in kind else "Max", rank)]
        return nn.Sequential(ChannelsLast(cls(1)), nn.Flatten()), x
    if kind == "AveragePooling2D":
        return ChannelsLast(nn.AvgPool2d(spec.get("pool_size", 2))), x
    if kind == "MultiHeadAttention":
        dim = shape[-1]
        assert spec["num_heads"] * spec["key_dim"] == dim, "torch's MHA needs heads x key_dim == embed_dim"
        return SelfAttention(nn.MultiheadAttention(dim, spec["num_heads"], batch_first=True)), x
    raise KeyError(kind)


def quiet(fn: Any) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        return fn()


def measure(model: nn.Module, x: Any) -> dict[str, Any]:
    import ptflops
    import thop
    import torchinfo
    from deepspeed.profiling.flops_profiler import get_model_profile
    from fvcore.nn import FlopCountAnalysis

    model.eval()
    args = list(x) if isinstance(x, tuple) else [x]
    result: dict[str, Any] = {}
    result["torchinfo"] = quiet(lambda: torchinfo.summary(model, input_data=args, verbose=0)).total_mult_adds
    for backend in ("pytorch", "aten"):
        macs, _ = quiet(lambda backend=backend: ptflops.get_model_complexity_info(
            model, tuple(args[0].shape[1:]), as_strings=False,
            input_constructor=lambda _: x if len(args) == 1 else dict(zip(("query", "value"), args, strict=True)),
            print_per_layer_stat=False, backend=backend))
        result["ptflops" if backend == "pytorch" else "ptflops_aten"] = None if macs is None else int(macs)
    ops, _ = quiet(lambda: thop.profile(model, inputs=tuple(args), verbose=False))
    result["thop"] = int(ops)

    def fv() -> int:
        analysis = FlopCountAnalysis(model, tuple(args))
        analysis.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
        return int(analysis.total())
    result["fvcore"] = quiet(fv)
    flops, macs, _ = quiet(lambda: get_model_profile(model, args=args, print_profile=False, as_string=False,
                                                      warm_up=0))
    result["deepspeed"] = {"flops": int(flops), "macs": int(macs)}
    return result


def sequential(spec_path: str) -> tuple[nn.Module, torch.Tensor]:
    """A Sequential spec of recurrent and Dense layers (specs/understanding_lstm.yaml) as one
    torch model, each layer mapped as torch_model maps it."""
    import yaml

    with open(spec_path) as f:
        layers = yaml.safe_load(f)["layers"]
    shape = list(layers[0]["shape"])
    x = torch.randn(1, *shape)
    modules = []
    for spec in layers[1:]:
        module, _ = torch_model(spec, shape)
        modules.append(module)
        if spec["type"] in ("LSTM", "GRU", "SimpleRNN"):
            shape = [*shape[:-1], spec["units"]] if spec.get("return_sequences") else [spec["units"]]
        else:
            shape = [*shape[:-1], spec["units"]]
    return nn.Sequential(*modules), x


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases")
    parser.add_argument("out")
    parser.add_argument("--model", action="append", default=[], help="a Sequential spec to measure whole")
    args = parser.parse_args()
    with open(args.cases) as f:
        cases = json.load(f)["cases"]
    seen: dict[str, dict[str, Any]] = {}
    for case in cases:
        key = json.dumps([case["layer"], case["input"], case.get("inputs")], sort_keys=True)
        if key in seen or case["expected"]["macs"] is None:  # no PyTorch counterpart to run
            continue
        torch.manual_seed(0)
        model, x = torch_model(case["layer"], case["input"], case.get("inputs"))
        seen[key] = {"layer": case["layer"], "input": case["input"], "reported": measure(model, x)}
        if case.get("inputs"):
            seen[key]["inputs"] = case["inputs"]
        print(case["layer"]["type"], case["input"], seen[key]["reported"], file=sys.stderr)
    tools = ("torch", "torchinfo", "ptflops", "thop", "fvcore", "deepspeed")
    out = {"about": "What each tool reported for the PyTorch equivalent of each case, batch 1, "
                    "recorded by tools/conventions_oracle/measure.py.",
           "versions": {t: version(t) for t in tools},
           "measured": list(seen.values()),
           "models": {}}
    for path in args.model:
        torch.manual_seed(0)
        model, x = sequential(path)
        out["models"][os.path.basename(path)] = measure(model, x)
        print(path, out["models"][os.path.basename(path)], file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
