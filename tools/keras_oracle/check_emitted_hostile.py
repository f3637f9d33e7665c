"""Generated Keras code from hostile specs: it parses, holds only Keras calls, and runs in
real Keras with the summary lstmcalc printed; or lstmcalc refused to write it.

    /tmp/kenv/bin/python tools/keras_oracle/check_emitted_hostile.py [--count 400] [--seed 9]
    python tools/keras_oracle/check_emitted_hostile.py --keras 2 [--count 400]   # tf.keras 2 code

With --keras 2 the specs are analysed as tf.keras 2 and written as tf.keras 2 code (its imports,
`tf.compat.v1.keras.layers` calls allowed besides), checked the same way here, and run in
/tmp/k2env (TF_USE_LEGACY_KERAS=1) through run_programs.py, as that venv holds only Keras.

Random specs from gen_specs.py get hostile names (newlines, quotes, code, markup, escapes)
and hostile argument keys and values; each is converted in-process with lstmcalc (this
checkout). For every program lstmcalc emits:
- its syntax tree may hold only `import keras`, `from keras import layers`, assignments of
  keras./layers. calls whose arguments are literals or earlier variables, and
  `model.summary()`; anything else is an injection and fails the check;
- it is run in this Keras (after the tree check, so nothing else can run) and the model's
  parameter count must equal lstmcalc's.
A spec lstmcalc refuses (exit 1 from summary/convert) counts as refused. A one-off check,
not a CI step: it needs TensorFlow, which lstmcalc never depends on.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools" / "keras_oracle"))

HOSTILE = [
    "a\nb", "q'); import os; os.system('echo PWNED') #", 'dq"); __import__("os") #', "[bold]x[/bold]",
    "\x1b[31mred", "<script>x</script>", "tab\tname", "back\\slash", "uni\u202ecode", "x" * 200,
    "{}{}", "%s%d", "name with spaces", "__import__", "model", "keras", "layers", "inputs",
]
HOSTILE_KEYS = ["x=1)#", "__class__", "name); import os #", "units\n", "lambda"]


KERAS2_IMPORTS = ["import tensorflow as tf", "from tensorflow import keras", "from tensorflow.keras import layers"]


def allowed(tree: ast.Module, keras_version: int = 3) -> str | None:
    """None when the program holds only what the emitter may write; else what is wrong."""
    known: set[str] = {"keras", "layers"}

    def value_ok(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(value_ok(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(k is not None and value_ok(k) and value_ok(v) for k, v in zip(node.keys, node.values, strict=True))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return value_ok(node.operand)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
            return len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and not node.keywords
        return call_ok(node)

    def tensor_ok(node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in known
        if isinstance(node, ast.Subscript):
            return tensor_ok(node.value) and isinstance(node.slice, ast.Constant)
        if isinstance(node, ast.List):
            return all(tensor_ok(e) for e in node.elts)
        return False

    def call_ok(node: ast.AST) -> bool:
        if not isinstance(node, ast.Call):
            return False
        func = node.func
        if isinstance(func, ast.Call):  # layers.LSTM(...)(x)
            return call_ok(func) and all(tensor_ok(a) for a in node.args) and all(
                kw.arg == "initial_state" and tensor_ok(kw.value) for kw in node.keywords)
        if keras_version == 2 and isinstance(func, ast.Attribute) and \
                ast.unparse(func.value) == "tf.compat.v1.keras.layers":  # CuDNNLSTM, CuDNNGRU
            func = ast.Attribute(value=ast.Name(id="layers"), attr=func.attr)
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in ("keras", "layers")):
            return False
        if func.value.id == "keras" and func.attr in ("Model", "Sequential"):
            return all(tensor_ok(a) or value_ok(a) for a in node.args) and all(
                kw.arg == "name" and isinstance(kw.value, ast.Constant) for kw in node.keywords)
        return all(value_ok(a) for a in node.args) and all(kw.arg is not None and value_ok(kw.value)
                                                            for kw in node.keywords)

    for stmt in tree.body:
        if keras_version == 2 and isinstance(stmt, (ast.Import, ast.ImportFrom)):
            if ast.unparse(stmt) in KERAS2_IMPORTS:
                continue
            return f"line {stmt.lineno}: unexpected import: {ast.unparse(stmt)[:120]}"
        if isinstance(stmt, ast.Import) and [a.name for a in stmt.names] == ["keras"]:
            continue
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "keras" and [a.name for a in stmt.names] == ["layers"]:
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            if not call_ok(stmt.value):
                return f"line {stmt.lineno}: not a Keras call: {ast.unparse(stmt.value)[:120]}"
            known.add(stmt.targets[0].id)
            continue
        if isinstance(stmt, ast.Expr) and ast.unparse(stmt) == "model.summary()":
            continue
        return f"line {stmt.lineno}: unexpected statement: {ast.unparse(stmt)[:120]}"
    return None


def poison(spec: dict, rng: random.Random) -> dict:
    for layer in spec["layers"]:
        roll = rng.random()
        if roll < 0.5:
            layer["name"] = rng.choice(HOSTILE) + str(rng.randrange(10**6))
        elif roll < 0.6:
            layer[rng.choice(HOSTILE_KEYS)] = 1
        elif roll < 0.65 and layer.get("type") != "Input":
            layer["type"] = rng.choice(["LSTM(1)\nimport os", "Dense; import os", "__import__"])
    if rng.random() < 0.5:
        spec["name"] = rng.choice(HOSTILE)
    return spec


def main() -> int:
    import json
    import subprocess

    import yaml
    from gen_specs import Gen

    from lstmcalc.engine import analyze
    from lstmcalc.keras_version import using_keras
    from lstmcalc.spec import load_spec
    from lstmcalc.writers.keras_code import EmitError, to_keras_python

    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--keras", type=int, choices=(2, 3), default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    gen = Gen(random.Random(args.seed))
    counts = {"emitted": 0, "refused": 0, "keras agrees": 0}
    failures = 0
    programs: list[dict[str, str]] = []
    wanted: dict[str, int] = {}
    for i in range(args.count):
        spec = poison(gen.model(i), rng)
        data = yaml.safe_dump(spec, sort_keys=False).encode()
        with using_keras(args.keras):
            model, _ = load_spec(data, f"h{i}.yaml")
            summary = analyze(model) if model is not None else None
            if model is None or summary is None or not summary.ok:
                counts["refused"] += 1
                continue
            try:
                code = to_keras_python(model, args.keras)
            except EmitError:
                counts["refused"] += 1
                continue
        counts["emitted"] += 1
        wrong = allowed(ast.parse(code), args.keras)
        if wrong:
            failures += 1
            print(f"h{i}: INJECTION {wrong}")
            continue
        programs.append({"case": f"h{i}", "code": code})  # checked above: only Keras calls run
        wanted[f"h{i}"] = summary.total_params if summary.built else 0
    python = "/tmp/k2env/bin/python" if args.keras == 2 else sys.executable
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF_USE_LEGACY_KERAS", None)
    if args.keras == 2:
        env["TF_USE_LEGACY_KERAS"] = "1"
    done = subprocess.run([python, str(ROOT / "tools" / "keras_oracle" / "run_programs.py")], check=True, env=env,
                          input=json.dumps(programs), capture_output=True, text=True, timeout=3600)
    for result in json.loads(done.stdout):
        case = result["case"]
        if not result["ok"]:
            failures += 1
            print(f"{case}: Keras refused what lstmcalc accepted: {result['error'][:200]}")
        elif result["total"] != wanted[case]:
            failures += 1
            print(f"{case}: Keras counts {result['total']:,} parameters, lstmcalc {wanted[case]:,}")
        else:
            counts["keras agrees"] += 1
    print(f"{args.count} hostile specs (Keras {args.keras}): {counts}; failures: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
