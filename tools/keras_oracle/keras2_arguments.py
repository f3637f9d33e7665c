"""Layer-constructor arguments that differ between tf_keras 2.21 (Keras 2) and Keras 3.15.

    python tools/keras_oracle/keras2_arguments.py tests/fixtures/keras2_arguments.json \
        [--keras2 /tmp/k2env/bin/python] [--keras3 /tmp/kenv/bin/python]

Run with the project's Python (lstmcalc importable, no Keras needed): it lists every layer
type lstmcalc registers (lstmcalc.layers.REGISTRY, all lazy families loaded) plus the RNN
cells and the Keras 2 classes lstmcalc knows as removed (CuDNNLSTM, CuDNNGRU,
ThresholdedReLU, LocallyConnected1D/2D), then runs this same file in the two throwaway venvs
(`--dump` mode: tf_keras with TF_USE_LEGACY_KERAS=1, and Keras 3), which report for each
class whether it exists and its constructor's arguments:

- the parameters of `inspect.signature(cls.__init__)` (with their defaults, repr'd), and
- the keyword arguments its __init__ chain takes through **kwargs: its bases' __init__
  parameters (name, dtype, trainable, activity_regularizer, ...), the base Layer's accepted
  set (tf_keras: the `allowed_kwargs` set in Layer.__init__, e.g. input_shape,
  batch_input_shape, input_dim, batch_size, weights, implementation; Keras 3: the
  `kwargs.pop("...")` names in Layer.__init__, input_dim and input_shape) and any
  `kwargs.pop/get("...")` in the class's own __init__ source and its bases' (e.g. tf_keras
  RNN's input_length, Keras 3 RNN cells' seed), read from the source.

The fixture then holds, per class: `only_keras2`, `only_keras3` (argument names),
`defaults_differ` ({arg: [keras2 default, keras3 default]}), and `missing_in` (the Keras
lacking the class). Each argument the source reading finds on one side only is then probed
in BOTH Keras (a minimal constructor call with it): it stays in only_kerasN when Keras N
accepts it and the other raises; `also_accepted_by_kerasM` lists those the other Keras takes
anyway (through **kwargs, silently), `refused_by_kerasN_too` those Keras N itself refuses
when given by keyword (e.g. a base's parameter the subclass passes itself). `probes`
records, for every argument known to one Keras only, what the other Keras does when given it
in a minimal constructor call: "accepted" or the exception class and message it raises (e.g.
Keras 3 `LSTM(4, batch_input_shape=...)`, tf_keras `LSTM(4, seed=1)`). Everything comes from
the two real Keras installations; re-running rewrites the fixture.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

EXTRA = ["LSTMCell", "GRUCell", "SimpleRNNCell", "StackedRNNCells", "InputLayer",
         "CuDNNLSTM", "CuDNNGRU", "ThresholdedReLU", "LocallyConnected1D", "LocallyConnected2D"]

#: A value for an argument, by name, when probing a Keras that does not list it.
SAMPLE: dict[str, Any] = {
    "batch_input_shape": (None, 10, 3), "input_shape": (10, 3), "input_dim": 3, "input_length": 10,
    "batch_size": 2, "weights": None, "implementation": 1, "time_major": True, "seed": 1, "use_cudnn": "auto",
    "lora_rank": 2, "lora_alpha": 2.0, "flash_attention": True, "autocast": False, "dynamic": True,
    "fused": True, "renorm": True, "virtual_batch_size": 2, "adjustment": None, "synchronized": True,
    "sparse": True, "ragged": True, "optional": True, "batch_shape": (None, 10, 3),
    "type_spec": None, "tensor": None, "input_tensor": None, "embeddings_constraint": None,
    "quantization_config": None, "zero_output_for_mask": True, "mask_zero": True,
    "moving_mean_initializer": "zeros", "unroll": True, "reset_after": True, "stateful": True,
    "return_state": True, "go_backwards": True, "activity_regularizer": None, "input_spec": None,
    "negative_slope": 0.2, "shape": (10, 3), "sliding_window": 2, "use_gate": True, "score_mode": "concat",
    "rms_scaling": True, "pool_function": None, "data_format": "channels_last",
}

#: Minimal required arguments per parameter name, for a constructor call that Keras accepts.
REQUIRED: dict[str, Any] = {
    "units": 4, "filters": 4, "kernel_size": 2, "rate": 0.1, "n": 2, "target_shape": (2, 2), "dims": (2, 1),
    "input_dim": 10, "output_dim": 4, "num_heads": 2, "key_dim": 4, "function": "IDENTITY", "axes": 1,
    "stddev": 0.1, "activation": "relu", "layer": "LSTM", "cell": "LSTMCell", "cells": "CELLS", "groups": 1,
    "theta": 1.0, "l1": 0.0, "mask_value": 0.0, "depth_multiplier": 1, "cropping": 1, "padding": 1, "size": 2,
    "pool_size": 2, "axis": -1,
}


# ---------------------------------------------------------------- inside a Keras venv
def _keras(version: int):  # type: ignore[no-untyped-def]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if version == 2:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tf_keras as keras
        from tf_keras.src import layers as src_layers
        return keras, src_layers
    import keras
    return keras, None


def _class(keras, src_layers, name: str):  # type: ignore[no-untyped-def]
    if hasattr(keras.layers, name):
        return getattr(keras.layers, name), "keras.layers"
    if src_layers is not None and hasattr(src_layers, name):
        return getattr(src_layers, name), "tf_keras.src.layers (not exported in tf_keras.layers)"
    return None, None


KW = re.compile(r"kwargs\.(?:pop|get)\(\s*[\"'](\w+)[\"']")
ALLOWED = re.compile(r"allowed_kwargs\s*=\s*\{([^}]*)\}", re.S)


def _kwargs_names(cls) -> list[str]:  # type: ignore[no-untyped-def]
    import inspect

    names: set[str] = set()
    if not isinstance(cls, type):  # a function (keras.Input): its own source
        return sorted(set(KW.findall(inspect.getsource(cls))))
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None or klass is object:
            continue
        try:
            source = inspect.getsource(init)
        except (OSError, TypeError):
            continue
        names.update(KW.findall(source))
        if klass is not cls:  # a base's named parameters, reached through **kwargs
            names.update(p.name for p in list(inspect.signature(init).parameters.values())[1:]
                         if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
        for block in ALLOWED.findall(source):
            names.update(re.findall(r"[\"'](\w+)[\"']", block))
    return sorted(names)


def _parameters(cls) -> list:  # type: ignore[no-untyped-def]
    import inspect

    if isinstance(cls, type):
        return list(inspect.signature(cls.__init__).parameters.values())[1:]
    return list(inspect.signature(cls).parameters.values())


def dump(version: int, names: list[str]) -> dict:
    import warnings

    warnings.filterwarnings("ignore")
    keras, src_layers = _keras(version)
    out: dict[str, Any] = {"version": keras.__version__ if hasattr(keras, "__version__") else "?", "classes": {}}
    for name in names:
        cls, where = _class(keras, src_layers, name)
        if cls is None:
            out["classes"][name] = None
            continue
        params = {}
        for p in _parameters(cls):
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            params[p.name] = None if p.default is p.empty else {"default": repr(p.default)}
        out["classes"][name] = {"where": where, "signature": params,
                                "kwargs": [k for k in _kwargs_names(cls) if k not in params and k != "kwargs"]}
    return out


def _required(keras, cls, params: dict) -> dict:  # type: ignore[no-untyped-def]
    args: dict[str, Any] = {}
    for arg, info in params.items():
        if info is not None:
            continue
        value = REQUIRED.get(arg, 1)
        if value == "IDENTITY":
            value = lambda x: x  # noqa: E731 - any function
        elif value == "LSTM":
            value = keras.layers.LSTM(4) if cls.__name__ != "TimeDistributed" else keras.layers.Dense(4)
        elif value == "LSTMCell":
            value = keras.layers.LSTMCell(4)
        elif value == "CELLS":
            value = [keras.layers.LSTMCell(4)]
        args[arg] = value
    if getattr(cls, "__name__", "") == "Reshape":
        args["target_shape"] = (2, 2)
    return args


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if callable(value) and getattr(value, "__name__", "") == "<lambda>":
        return "lambda x: x"
    if hasattr(value, "get_config"):
        return f"{type(value).__name__}(4)"
    return repr(value)


def probe(version: int, requests: list[dict]) -> list[dict]:
    """Construct each requested class with one extra argument; record what this Keras does."""
    import warnings

    keras, src_layers = _keras(version)
    results = []
    for req in requests:
        cls, _ = _class(keras, src_layers, req["class"])
        if cls is None:
            continue
        params = {p.name: (None if p.default is p.empty else 1)
                  for p in _parameters(cls)
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
        args = _required(keras, cls, params)
        value = SAMPLE.get(req["argument"], req.get("value"))
        args[req["argument"]] = value
        shown = ", ".join(f"{k}={_show(v)}" for k, v in args.items())
        call = f"{req['class']}({shown})"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                cls(**args)
                result: dict[str, Any] = {"result": "accepted"}
            except Exception as exc:  # noqa: BLE001 - the Keras refusal is what is recorded
                result = {"result": "raises", "exception": type(exc).__name__, "message": str(exc)[:600]}
        warned = sorted({str(w.message)[:200] for w in caught if "is deprecated" in str(w.message)
                         or "argument" in str(w.message)})
        results.append({"class": req["class"], "argument": req["argument"], "call": call,
                        **result, **({"warnings": warned} if warned else {})})
    return results


# ---------------------------------------------------------------- driver (project Python)
def _run(python: str, version: int, mode: str, payload: Any) -> Any:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    if version == 2:
        env["TF_USE_LEGACY_KERAS"] = "1"
    proc = subprocess.run([python, __file__, f"--{mode}", str(version)], check=False, input=json.dumps(payload),
                          capture_output=True, text=True, env=env)
    if proc.returncode:
        raise SystemExit(f"{python} --{mode} {version} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--keras2", default="/tmp/k2env/bin/python")
    ap.add_argument("--keras3", default="/tmp/kenv/bin/python")
    ap.add_argument("--dump", type=int, choices=[2, 3], help=argparse.SUPPRESS)
    ap.add_argument("--probe", type=int, choices=[2, 3], help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.dump:
        print(json.dumps(dump(a.dump, json.loads(sys.stdin.read()))))
        return 0
    if a.probe:
        print(json.dumps(probe(a.probe, json.loads(sys.stdin.read()))))
        return 0
    if a.out is None:
        ap.error("give the fixture's path")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from lstmcalc.layers import REGISTRY

    registered = sorted(n for n in REGISTRY if n != "Custom")
    names = registered + [n for n in EXTRA if n not in registered]
    k2 = _run(a.keras2, 2, "dump", names)
    k3 = _run(a.keras3, 3, "dump", names)
    classes: dict[str, Any] = {}
    probes2: list[dict] = []  # arguments only Keras 3 knows, given to Keras 2
    probes3: list[dict] = []
    for name in names:
        c2, c3 = k2["classes"][name], k3["classes"][name]
        entry: dict[str, Any] = {"registered": name in registered}
        if c2 is None or c3 is None:
            entry["missing_in"] = [k for k, c in (("keras2", c2), ("keras3", c3)) if c is None]
            if c2 is not None:
                entry["keras2_from"] = c2["where"]
            classes[name] = entry
            continue
        if c2["where"] != "keras.layers":
            entry["keras2_from"] = c2["where"]
        known2 = set(c2["signature"]) | set(c2["kwargs"])
        known3 = set(c3["signature"]) | set(c3["kwargs"])
        entry["only_keras2"] = sorted(known2 - known3)
        entry["only_keras3"] = sorted(known3 - known2)
        entry["kwargs_keras2"] = sorted(set(c2["kwargs"]))
        entry["kwargs_keras3"] = sorted(set(c3["kwargs"]))
        differ = {}
        for arg in sorted(set(c2["signature"]) & set(c3["signature"])):
            d2, d3 = c2["signature"][arg], c3["signature"][arg]
            if d2 != d3:
                differ[arg] = [None if d2 is None else d2["default"], None if d3 is None else d3["default"]]
        entry["defaults_differ"] = differ
        classes[name] = entry
        probes3 += [{"class": name, "argument": arg} for arg in entry["only_keras2"]]
        probes2 += [{"class": name, "argument": arg} for arg in entry["only_keras3"]]
    given3 = _run(a.keras3, 3, "probe", probes3)
    given2 = _run(a.keras2, 2, "probe", probes2)
    own2 = {(r["class"], r["argument"]): r for r in _run(a.keras2, 2, "probe", probes3)}
    own3 = {(r["class"], r["argument"]): r for r in _run(a.keras3, 3, "probe", probes2)}
    for side, other, results, own in (("keras2", "keras3", given3, own2), ("keras3", "keras2", given2, own3)):
        for res in results:
            entry = classes[res["class"]]
            mine = own[(res["class"], res["argument"])]
            if mine["result"] != "accepted":  # the source reading over-reported: this Keras refuses it too
                entry["only_" + side].remove(res["argument"])
                entry.setdefault(f"refused_by_{side}_too", []).append(res["argument"])
            elif res["result"] == "accepted":  # the source reading missed it on the other side
                entry["only_" + side].remove(res["argument"])
                entry.setdefault(f"also_accepted_by_{other}", []).append(res["argument"])
    fixture = {
        "about": "Layer-constructor argument differences, tf_keras 2.21 (Keras 2) vs Keras 3.15, recorded by "
                 "tools/keras_oracle/keras2_arguments.py from both installations. Per class: only_keras2/only_keras3 "
                 "(signature parameters plus keyword arguments the __init__ chain takes through **kwargs), "
                 "defaults_differ {arg: [keras2, keras3]} as repr, missing_in. probes: what each Keras does with an "
                 "argument only the other knows, in a minimal constructor call.",
        "keras2": k2["version"], "keras3": k3["version"],
        "classes": classes,
        "probes": {"keras3_given_keras2_only": given3, "keras2_given_keras3_only": given2},
    }
    a.out.write_text(json.dumps(fixture, indent=1, sort_keys=False) + "\n")
    print(f"{len(classes)} classes; {len(probes3)} + {len(probes2)} probes -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
