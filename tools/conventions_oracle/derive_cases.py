"""Write tests/fixtures/cost_conventions.json: each case's count under each peer tool, derived by
hand from that tool's own formula (transcribed here from its source, with the citation), not
from lstmcalc/cost/conventions.py, which the test then checks against these numbers.

    python tools/conventions_oracle/derive_cases.py tests/fixtures/cost_conventions.json

Each derivation is written out as arithmetic ("EXPR") and its value is computed from it, so the
fixture's numbers and their derivations cannot drift apart. tools/conventions_oracle/measure.py
runs the real tools on the same cases.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from lstmcalc.cost.conventions import CITE


def case(layer: dict[str, Any], shape: list[int], tool: str, macs: str | None, *, flops: str | None = None,
         cite: str = "", call: list[list[int]] | None = None) -> dict[str, Any]:
    expected: dict[str, int | None] = {"macs": None if macs is None else eval(macs)}
    derivation = f"macs = {macs}" if macs is not None else "macs: none"
    if flops is not None:
        expected["flops"] = eval(flops)
        derivation += f"; flops = {flops}"
    out: dict[str, Any] = {"layer": layer, "input": shape, "tool": tool, "expected": expected,
                           "derivation": derivation, "citation": CITE.get(cite, cite)}
    if call:
        out["inputs"] = call
    return out


GATES = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}


def recurrent_cases() -> list[dict[str, Any]]:
    out = []
    configs = {
        "LSTM": [(50, 10, 128, True, False), (50, 128, 64, True, False), (5, 8, 16, False, False),
                 (5, 8, 16, True, True)],
        "GRU": [(5, 8, 16, True, False), (20, 16, 32, True, False), (5, 8, 16, False, False),
                (5, 8, 16, True, True)],
        "SimpleRNN": [(5, 8, 16, True, False), (7, 3, 10, True, False), (5, 8, 16, False, False),
                      (5, 8, 16, True, True)],
    }
    for kind, rows in configs.items():
        g = GATES[kind]
        for t, f, u, bias, bidir in rows:
            inner = {"type": kind, "units": u, **({} if bias else {"use_bias": False})}
            layer = {"type": "Bidirectional", "layer": inner} if bidir else inner
            d, b = (2 if bidir else 1), int(bias)
            # torchinfo: each weight_ih/weight_hh/bias_* costs prod(output_size[:2]) = N x T
            out.append(case(layer, [t, f], "torchinfo",
                            f"{d}*{t}*({g}*{u}*{f} + {g}*{u}*{u} + {b}*2*{g}*{u})", cite="ti.rnn"))
            # ptflops rnn_flops: w_ih + w_hh + element-wise + biases, x T, x2 bidirectional
            extra = {"LSTM": f"4*{u} + 3*{u} + 3*{u}", "GRU": f"{u} + 3*{u} + 3*{u}", "SimpleRNN": f"{u}"}[kind]
            out.append(case(layer, [t, f], "ptflops",
                            f"{d}*{t}*({g}*{u}*{f} + {g}*{u}*{u} + {extra} + {b}*2*{g}*{u})", cite="pt.rnn"))
            # thop: _count_*_cell x num_steps, x2 per direction
            state = f"(({f}+{u})*{u} + {u} + {b}*2*{u})"
            cell = {"LSTM": f"4*{state} + 3*{u} + {u}", "GRU": f"3*{state} + {u} + 3*{u}",
                    "SimpleRNN": state}[kind]
            out.append(case(layer, [t, f], "thop", f"{d}*{t}*({cell})", cite="th.rnn"))
            out.append(case(layer, [t, f], "fvcore", "0", cite="fv.ops"))
            out.append(case(layer, [t, f], "deepspeed", "0",
                            flops=f"{d}*{t}*((2*{g}*{u}*{f} - {g}*{u}) + (2*{g}*{u}*{u} - {g}*{u}) + {extra}"
                            f" + {b}*2*{g}*{u})", cite="ds.rnn"))
    return out


def other_cases() -> list[dict[str, Any]]:
    out = []
    add = out.append
    # Dense(128, relu) on (64,): Linear 64->128 then nn.ReLU on 128 values
    d = {"type": "Dense", "units": 128, "activation": "relu"}
    add(case(d, [64], "torchinfo", "1*(64*128 + 128) + 0", cite="ti.param"))
    add(case(d, [64], "ptflops", "1*(64*128 + 128) + 2*128", cite="pt.linear"))
    add(case(d, [64], "thop", "64*128 + 0", cite="th.linear"))
    add(case(d, [64], "fvcore", "64*128", cite="fv.linear"))
    add(case(d, [64], "deepspeed", "64*128", flops="2*64*128 + 128", cite="ds.linear"))
    # Dense(1, sigmoid) on (64,): sigmoid is counted by no tool
    d = {"type": "Dense", "units": 1, "activation": "sigmoid"}
    add(case(d, [64], "torchinfo", "64*1 + 1", cite="ti.param"))
    add(case(d, [64], "ptflops", "64*1 + 1", cite="pt.linear"))
    add(case(d, [64], "thop", "64*1", cite="th.linear"))
    add(case(d, [64], "fvcore", "64*1", cite="fv.linear"))
    add(case(d, [64], "deepspeed", "64*1", flops="2*64*1", cite="ds.linear"))
    # Dense(16) on (5, 8): a Linear on 3D input
    d = {"type": "Dense", "units": 16}
    add(case(d, [5, 8], "torchinfo", "1*(8*16 + 16)", cite="ti.param"))
    add(case(d, [5, 8], "ptflops", "5*(8*16 + 16)", cite="pt.linear"))
    add(case(d, [5, 8], "thop", "8*(5*16)", cite="th.linear"))
    add(case(d, [5, 8], "fvcore", "(5*8)*16", cite="fv.linear"))
    add(case(d, [5, 8], "deepspeed", "(5*8)*16", flops="2*(5*8)*16", cite="ds.linear"))
    # TimeDistributed(Dense(16)) on (5, 8): time folded into the batch, so torchinfo sees N = 5
    d = {"type": "TimeDistributed", "layer": {"type": "Dense", "units": 16}}
    add(case(d, [5, 8], "torchinfo", "5*(8*16 + 16)", cite="ti.param"))
    add(case(d, [5, 8], "ptflops", "5*(8*16 + 16)", cite="pt.linear"))
    # Conv1D(16, 3) on (20, 8): 18 output positions, weight 16*8*3, bias 16
    c = {"type": "Conv1D", "filters": 16, "kernel_size": 3}
    add(case(c, [20, 8], "torchinfo", "(16*8*3 + 16)*18", cite="ti.conv"))
    add(case(c, [20, 8], "ptflops", "3*(8*16)*18 + 16*18", cite="pt.conv"))
    add(case(c, [20, 8], "thop", "(16*18)*(8//1)*3", cite="th.conv"))
    add(case(c, [20, 8], "fvcore", "(16*8*3)*18", cite="fv.conv"))
    add(case(c, [20, 8], "deepspeed", "3*8*16*18", flops="2*3*8*16*18 + 16*18", cite="ds.conv"))
    # Conv1D(16, 3, groups=2, use_bias=False) on (20, 8): weight 16*4*3
    c = {"type": "Conv1D", "filters": 16, "kernel_size": 3, "groups": 2, "use_bias": False}
    for tool, cite in (("torchinfo", "ti.conv"), ("ptflops", "pt.conv"), ("thop", "th.conv"), ("fvcore", "fv.conv")):
        add(case(c, [20, 8], tool, "(16*(8//2)*3)*18", cite=cite))
    add(case(c, [20, 8], "deepspeed", "3*8*(16//2)*18", flops="2*3*8*(16//2)*18", cite="ds.conv"))
    # Conv2D(4, 3) on (8, 8, 3): 6x6 output positions, weight 4*3*3*3
    c = {"type": "Conv2D", "filters": 4, "kernel_size": 3}
    add(case(c, [8, 8, 3], "torchinfo", "(4*3*3*3 + 4)*6*6", cite="ti.conv"))
    add(case(c, [8, 8, 3], "ptflops", "(3*3)*(3*4)*(6*6) + 4*6*6", cite="pt.conv"))
    add(case(c, [8, 8, 3], "thop", "(4*6*6)*3*(3*3)", cite="th.conv"))
    add(case(c, [8, 8, 3], "fvcore", "(4*3*3*3)*(6*6)", cite="fv.conv"))
    add(case(c, [8, 8, 3], "deepspeed", "(3*3)*3*4*36", flops="2*(3*3)*3*4*36 + 4*36", cite="ds.conv"))
    # Conv1DTranspose(4, 3) on (10, 8): 12 output positions, weight (8, 4, 3)
    c = {"type": "Conv1DTranspose", "filters": 4, "kernel_size": 3}
    add(case(c, [10, 8], "torchinfo", "(8*4*3 + 4)*12", cite="ti.conv"))
    add(case(c, [10, 8], "ptflops", "3*(8*4)*10 + 4*12", cite="pt.conv"))
    add(case(c, [10, 8], "thop", "(4*12)*8*3", cite="th.conv"))
    add(case(c, [10, 8], "fvcore", "(8*4*3)*10", cite="fv.conv"))
    add(case(c, [10, 8], "deepspeed", "3*8*4*10", flops="2*3*8*4*10 + 4*12", cite="ds.conv_t"))
    # Embedding(100, 16) on (10,)
    e = {"type": "Embedding", "input_dim": 100, "output_dim": 16}
    add(case(e, [10], "torchinfo", "1*(100*16)", cite="ti.param"))
    add(case(e, [10], "ptflops", "0", cite="pt.unknown"))
    add(case(e, [10], "thop", "0", cite="th.unknown"))
    add(case(e, [10], "fvcore", "0", cite="fv.ops"))
    add(case(e, [10], "deepspeed", "0", flops="0", cite="ds.embedding"))
    # BatchNormalization on (32,): 32 elements, affine
    n = {"type": "BatchNormalization"}
    add(case(n, [32], "torchinfo", "1*(32 + 32)", cite="ti.param"))
    add(case(n, [32], "ptflops", "32*2", cite="pt.bn"))
    add(case(n, [32], "thop", "(2*32)*2", cite="th.norm"))
    add(case(n, [32], "fvcore", "32*2", cite="fv.norm"))
    add(case(n, [32], "deepspeed", "0", flops="32*2", cite="ds.bn"))
    # LayerNormalization on (5, 16): 80 elements, normalized over 16
    n = {"type": "LayerNormalization"}
    add(case(n, [5, 16], "torchinfo", "1*(16 + 16)", cite="ti.param"))
    add(case(n, [5, 16], "ptflops", "5*16*1", cite="pt.bn"))
    add(case(n, [5, 16], "thop", "(2*80)*2", cite="th.norm"))
    add(case(n, [5, 16], "fvcore", "80*5", cite="fv.norm"))
    add(case(n, [5, 16], "deepspeed", "0", flops="80*5", cite="ds.ln"))
    # activations, softmax, pooling, dropout on small shapes
    a = {"type": "Activation", "activation": "relu"}
    add(case(a, [5, 16], "ptflops", "80 + 80", cite="pt.relu"))
    add(case(a, [5, 16], "thop", "0", cite="th.relu"))
    add(case(a, [5, 16], "deepspeed", "0", flops="80", cite="ds.act"))
    a = {"type": "Activation", "activation": "tanh"}
    for tool, cite in (("torchinfo", "ti.param"), ("ptflops", "pt.unknown"), ("thop", "th.unknown"),
                       ("fvcore", "fv.ops")):
        add(case(a, [5, 16], tool, "0", cite=cite))
    add(case(a, [5, 16], "deepspeed", "0", flops="0", cite="ds.act"))
    s = {"type": "Softmax"}
    add(case(s, [5, 16], "ptflops", "5*16", cite="pt.functional"))
    add(case(s, [5, 16], "thop", "5*(16 + (16 - 1) + 16)", cite="th.softmax"))
    add(case(s, [5, 16], "fvcore", "0", cite="fv.ops"))
    add(case(s, [5, 16], "deepspeed", "0", flops="5*16", cite="ds.softmax"))
    p = {"type": "MaxPooling1D", "pool_size": 2}
    add(case(p, [10, 4], "ptflops", "40 + 40", cite="pt.pool"))
    add(case(p, [10, 4], "thop", "0", cite="th.hooks"))
    add(case(p, [10, 4], "deepspeed", "0", flops="40", cite="ds.pool"))
    p = {"type": "AveragePooling1D", "pool_size": 2}
    add(case(p, [10, 4], "thop", "4*5", cite="th.avgpool"))
    p = {"type": "GlobalAveragePooling1D"}
    add(case(p, [10, 4], "ptflops", "40 + 40", cite="pt.pool"))
    add(case(p, [10, 4], "thop", "(10//1 + 1)*4", cite="th.avgpool"))
    add(case(p, [10, 4], "fvcore", "0", cite="fv.pool"))
    p = {"type": "Dropout", "rate": 0.5}
    for tool in ("torchinfo", "ptflops", "thop", "fvcore"):
        add(case(p, [5, 16], tool, "0", cite="fv.ignored" if tool == "fvcore" else "th.hooks"))
    # MultiHeadAttention(2 heads, key_dim 8) on x (5, 16) as mha(x, x): torch MHA(16, 2)
    m = {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 8}
    self_call = [[5, 16], [5, 16]]
    add(case(m, [5, 16], "torchinfo", "0", cite="ti.leaf", call=self_call))
    add(case(m, [5, 16], "thop", "0", cite="th.unknown", call=self_call))
    add(case(m, [5, 16], "ptflops",
             "(5*16 + 5*16*16 + 5*16*16 + 5*16*16 + (5+5+5)*16 + 2*(5*5*8 + 5*5 + 5*5*8) + 5*16*(16+1))"
             " + (2*5*8*5 + 2*5*5*8 + 2*5*5)", cite="pt.mha", call=self_call))
    add(case(m, [5, 16], "fvcore", "5*16*(3*16) + 2*5*8*5 + 2*5*5*8 + 5*16*16", cite="fv.linear", call=self_call))
    add(case(m, [5, 16], "deepspeed", "5*16*(3*16) + 2*5*8*5 + 2*5*5*8 + 5*16*16",
             flops="2*(5*16*(3*16) + 2*5*8*5 + 2*5*5*8 + 5*16*16) + 2*5*5", cite="ds.matmul", call=self_call))
    # Attention (dot) on query (4, 8), value (6, 8): bmm 4x8x6, softmax 4x6, bmm 4x6x8
    at = {"type": "Attention"}
    cross = [[4, 8], [6, 8]]
    add(case(at, [4, 8], "torchinfo", "0", cite="ti.leaf", call=cross))
    add(case(at, [4, 8], "ptflops", "4*8*6 + 4*6*8 + 4*6", cite="pt.matmul", call=cross))
    add(case(at, [4, 8], "fvcore", "4*8*6 + 4*6*8", cite="fv.bmm", call=cross))
    add(case(at, [4, 8], "deepspeed", "4*8*6 + 4*6*8", flops="2*(4*8*6 + 4*6*8) + 4*6", cite="ds.matmul", call=cross))
    # more activations on (5, 16), 80 values: which tool patches or hooks which torch function
    acts = {  # name: (ptflops, thop, fvcore, deepspeed flops)
        "gelu": ("80 + 80", "0", "0", "80"),  # nn.GELU hook + patched F.gelu; thop/fvcore: no rule
        "elu": ("80 + 80", "0", "0", "80"),
        "relu6": ("80", "0", "0", "0"),  # nn.ReLU6 calls F.hardtanh: patched by neither
        "leaky_relu": ("80", "0", "0", "80"),  # ptflops: hook only (F.leaky_relu not patched)
        "silu": ("80", "0", "0", "80"),  # ptflops: F.silu only (nn.SiLU has no hook)
    }
    for name, (pt, th, fv, ds) in acts.items():
        a = {"type": "Activation", "activation": name}
        add(case(a, [5, 16], "torchinfo", "0", cite="ti.param"))
        add(case(a, [5, 16], "ptflops", pt, cite="pt.relu"))
        add(case(a, [5, 16], "thop", th, cite="th.relu"))
        add(case(a, [5, 16], "fvcore", fv, cite="fv.ignored"))
        add(case(a, [5, 16], "deepspeed", "0", flops=ds, cite="ds.act"))
    # Conv1D(4, 3, activation=relu) on (10, 2): 8 positions; the ReLU module follows the conv
    c = {"type": "Conv1D", "filters": 4, "kernel_size": 3, "activation": "relu"}
    add(case(c, [10, 2], "torchinfo", "(4*2*3 + 4)*8 + 0", cite="ti.conv"))
    add(case(c, [10, 2], "ptflops", "3*(2*4)*8 + 4*8 + 2*(4*8)", cite="pt.conv"))
    add(case(c, [10, 2], "thop", "(4*8)*2*3 + 0", cite="th.conv"))
    add(case(c, [10, 2], "fvcore", "(4*2*3)*8 + 0", cite="fv.conv"))
    add(case(c, [10, 2], "deepspeed", "3*2*4*8", flops="2*3*2*4*8 + 4*8 + 4*8", cite="ds.conv"))
    # Conv3D(3, 2) on (4, 4, 4, 2): 3x3x3 positions, weight 3*2*2*2*2
    c = {"type": "Conv3D", "filters": 3, "kernel_size": 2}
    add(case(c, [4, 4, 4, 2], "torchinfo", "(3*2*8 + 3)*27", cite="ti.conv"))
    add(case(c, [4, 4, 4, 2], "ptflops", "8*(2*3)*27 + 3*27", cite="pt.conv"))
    add(case(c, [4, 4, 4, 2], "thop", "(3*27)*2*8", cite="th.conv"))
    add(case(c, [4, 4, 4, 2], "fvcore", "(3*2*8)*27", cite="fv.conv"))
    add(case(c, [4, 4, 4, 2], "deepspeed", "8*2*3*27", flops="2*8*2*3*27 + 3*27", cite="ds.conv"))
    # Dense(3, use_bias=False) on (4,): no bias anywhere
    d = {"type": "Dense", "units": 3, "use_bias": False}
    add(case(d, [4], "torchinfo", "1*(4*3)", cite="ti.param"))
    add(case(d, [4], "ptflops", "1*(4*3 + 0)", cite="pt.linear"))
    # GRU(reset_after=False) is counted as torch's GRU (the reset_after=True form)
    g = {"type": "GRU", "units": 16, "reset_after": False}
    add(case(g, [5, 8], "ptflops", "5*(3*16*8 + 3*16*16 + 16 + 3*16 + 3*16 + 2*3*16)", cite="pt.rnn"))
    add(case(g, [5, 8], "thop", "5*(3*((8+16)*16 + 16 + 2*16) + 16 + 3*16)", cite="th.rnn"))
    # pooling in 2D and global max pooling
    p = {"type": "GlobalAveragePooling2D"}
    add(case(p, [4, 4, 3], "torchinfo", "0", cite="ti.param"))
    add(case(p, [4, 4, 3], "ptflops", "48 + 48", cite="pt.pool"))
    add(case(p, [4, 4, 3], "thop", "(16//1 + 1)*3", cite="th.avgpool"))
    add(case(p, [4, 4, 3], "fvcore", "4*4*3", cite="fv.pool"))
    add(case(p, [4, 4, 3], "deepspeed", "0", flops="48", cite="ds.pool"))
    p = {"type": "AveragePooling2D", "pool_size": 2}
    add(case(p, [4, 4, 3], "ptflops", "48 + 48", cite="pt.pool"))
    add(case(p, [4, 4, 3], "thop", "2*2*3", cite="th.avgpool"))
    add(case(p, [4, 4, 3], "fvcore", "0", cite="fv.ops"))
    add(case(p, [4, 4, 3], "deepspeed", "0", flops="48", cite="ds.pool"))
    p = {"type": "GlobalMaxPooling1D"}
    add(case(p, [10, 4], "ptflops", "40 + 40", cite="pt.pool"))
    add(case(p, [10, 4], "thop", "0", cite="th.hooks"))
    add(case(p, [10, 4], "deepspeed", "0", flops="40", cite="ds.pool"))
    # normalization without affine parameters, and BatchNormalization over (T, C)
    n = {"type": "LayerNormalization", "center": False, "scale": False}
    add(case(n, [5, 16], "torchinfo", "0", cite="ti.param"))
    add(case(n, [5, 16], "ptflops", "80", cite="pt.bn"))
    add(case(n, [5, 16], "thop", "2*80", cite="th.norm"))
    add(case(n, [5, 16], "fvcore", "80*4", cite="fv.norm"))
    add(case(n, [5, 16], "deepspeed", "0", flops="80*4", cite="ds.ln"))
    n = {"type": "BatchNormalization"}
    add(case(n, [5, 8], "torchinfo", "1*(8 + 8)", cite="ti.param"))
    add(case(n, [5, 8], "ptflops", "40*2", cite="pt.bn"))
    add(case(n, [5, 8], "thop", "(2*40)*2", cite="th.norm"))
    add(case(n, [5, 8], "fvcore", "40*2", cite="fv.norm"))
    add(case(n, [5, 8], "deepspeed", "0", flops="40*2", cite="ds.bn"))
    # Dot(axes=2) on (4, 8), (6, 8): torch.bmm(a, b^T), 4x6 outputs of 8 products
    dt = {"type": "Dot", "axes": 2}
    pair = [[4, 8], [6, 8]]
    add(case(dt, [4, 8], "torchinfo", "0", cite="ti.leaf", call=pair))
    add(case(dt, [4, 8], "thop", "0", cite="th.unknown", call=pair))
    add(case(dt, [4, 8], "ptflops", "(4*8)*6", cite="pt.matmul", call=pair))
    add(case(dt, [4, 8], "fvcore", "1*4*8*6", cite="fv.bmm", call=pair))
    add(case(dt, [4, 8], "deepspeed", "(4*8)*6", flops="2*(4*8)*6", cite="ds.matmul", call=pair))
    # a layer lstmcalc maps to no PyTorch module: no answer
    add(case({"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3}, [5, 10, 2], "ptflops", None, cite="pt.unknown"))
    return out


def main() -> int:
    cases = recurrent_cases() + other_cases()
    doc = {"about": "Each case's count under a peer tool's convention, derived by hand from the tool's "
                    "formula (the derivation is the arithmetic; the citation the source lines), one sample. "
                    "Written by tools/conventions_oracle/derive_cases.py; measured by measure.py.",
           "cases": cases}
    with open(sys.argv[1], "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
