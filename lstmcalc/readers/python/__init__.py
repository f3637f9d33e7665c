"""Keras Python code -> ModelSpecs, read by a small abstract interpreter that never executes,
imports or opens anything.

Every construct is either evaluated exactly as Python and Keras 3 would evaluate it, or
refused with a diagnostic that names it, its line, and how to supply what is missing
(`--set 'x_train.shape[1]=60'`). One module per concern:

- values.py: literals, names, arithmetic, containers, comprehensions, strings;
- flow.py: statements, if/for/while/try, assignment and unpacking;
- functions.py: the user's functions and classes;
- keras_objects.py, keras_api.py: layers, nodes, tensors and models, as Keras builds them;
- graph.py: a built model -> ModelSpec, with Keras's layer order;
- select.py: which of a file's models to print.
"""

from __future__ import annotations

import ast
import math
from typing import Any

from lstmcalc.diagnostics import Diagnostic, Severity, error, warning
from lstmcalc.readers.python.flow import Break, Continue, ProgramRaises
from lstmcalc.readers.python.functions import (
    Class,
    ClassMethod,
    Function,
    Return,
    StaticMethod,
    missing_parameters,
)
from lstmcalc.readers.python.graph import GraphError, model_spec
from lstmcalc.readers.python.interpreter import Interpreter
from lstmcalc.readers.python.keras_api import MAX_LAYERS
from lstmcalc.readers.python.keras_objects import Model
from lstmcalc.readers.python.select import choose
from lstmcalc.readers.python.values import MAX_STEPS, OutOfSteps, TooManyLayers, shell_quote, span
from lstmcalc.safety.limits import MAX_INT_DIGITS
from lstmcalc.safety.text import excerpt, visible
from lstmcalc.span import Span
from lstmcalc.spec.model import ModelSpec
from lstmcalc.spec.pycall import (
    MAX_DEPTH,
    PARSE_ERRORS,
    NotLiteral,
    TooLarge,
    depth_over,
    literal,
    parse_quietly,
)

#: Characters of Python source read (a model file is a few kilobytes; ast needs ~1 KB of
#: memory per character of dense code, so this keeps a parse under ~200 MB).
MAX_SOURCE = 200_000
#: Braces in the source: f-strings with many fields parse in quadratic time.
MAX_BRACES = 10_000
#: Characters of one --set EXPR=VALUE.
MAX_SETTING = 1_000

Result = tuple[ModelSpec | None, list[Diagnostic]]


def read_python(text: str, path: str, settings: dict[str, Any] | None = None, model: str | None = None,
                *, whole: bool = True) -> list[Result]:
    """Read Keras model code. Never raises for bad input: hostile code (huge numbers, deep
    nesting, endless loops, huge strings) ends in a diagnostic within the size and step budgets.
    WHOLE: the text is the whole program (a .py file), so a name it never defines raises
    NameError; a notebook's kernel may hold names from elsewhere (%run, earlier sessions)."""
    problem = _unreadable(text)
    if problem is not None:
        return [(None, [problem])]
    try:
        tree = parse_quietly(text)
    except SyntaxError as exc:
        return [(None, [_syntax_error(exc)])]
    except ValueError:
        return [(None, [error("LC003", "the source contains a null byte", Span(1, 1), None, "save it as UTF-8 text")])]
    except PARSE_ERRORS:
        return [(None, [error("LC002", "the source nests too deeply to read", Span(1, 1), None,
                              f"keep expressions under {MAX_DEPTH} levels deep")])]
    deep = depth_over(tree)
    if deep is not None:
        return [(None, [error("LC002", f"the source nests more than {MAX_DEPTH} levels deep", span(deep), None,
                              "split the expression into assignments")])]
    reader = Interpreter(settings or {})
    reader.file_names = _bound_names(tree)
    reader.complete = whole and _complete(tree, reader.file_names)
    stopped = _run(reader, tree.body)
    if stopped is None and not reader.models and not _errors(reader.problems):
        stopped = _uncalled_builders(reader, model)
    if isinstance(stopped, Diagnostic) and stopped.code == "LC002":
        return [(None, [stopped])]
    return _results(reader, path, model, stopped)


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the module binds somewhere: assigned, defined, imported or a parameter."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
    return names


def _complete(tree: ast.Module, names: set[str]) -> bool:
    """A script that imports what it uses (not a snippet pasted without its imports), whose
    every name is therefore known: its own, Python's, or a star import's from Keras."""
    from lstmcalc.readers.python import keras_modules

    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    if not imports:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            module = node.module or ""
            if node.level or not keras_modules.checked(module) or not keras_modules.is_module(module):
                return False  # names from a module lstmcalc does not list
            names.update(keras_modules.names(module))
    return True


def _run(reader: Interpreter, body: list[ast.stmt]) -> Diagnostic | ProgramRaises | None:
    """Read the module; a diagnostic when the read stops early (budgets), the raise when
    the code itself stops with an exception."""
    try:
        reader.block(body)
    except TooManyLayers as exc:
        return error("LC002", f"the code builds more than {MAX_LAYERS:,} layers", span(exc.node), None,
                     "lstmcalc reads models of up to that many layers")
    except OutOfSteps as exc:
        return error("LC002", f"reading the code takes more than {MAX_STEPS:,} steps", span(exc.node), None,
                     "lstmcalc follows loops and expressions step by step; keep them small")
    except (Break, Continue, Return):
        pass  # `break`/`return` outside a loop or function is a SyntaxError Python reports first
    except ProgramRaises as exc:
        return exc
    except (RecursionError, MemoryError):
        return error("LC002", "the source is too complex to read", Span(1, 1))
    return None


def _uncalled_builders(reader: Interpreter, wanted: str | None) -> Diagnostic | ProgramRaises | None:
    """A file that only defines `def build_model(...)`, or a class whose methods build the
    model: run the builder, as a run of the project that calls it would (names start from the
    module's), with defaults and --set values, and say which parameters still need a value.
    Which of several builders a project runs is not in the file: --model NAME picks one."""
    builders = _builders(reader)
    if wanted is not None and any(label == wanted for label, _ in builders):
        builders = [(label, run) for label, run in builders if label == wanted]
    if len(builders) > 1:
        labels = ", ".join(f"`{excerpt(label)}`" for label, _ in builders[:8])
        more = f" and {len(builders) - 8} more" if len(builders) > 8 else ""
        return error("LC010", f"the file defines {len(builders)} model builders it never calls ({labels}{more}); "
                     "which one the project runs is not in the file", Span(1, 1), None,
                     f"pick one: --model {builders[0][0]}")
    for _label, run in builders:
        stopped: Diagnostic | ProgramRaises | None = run()
        if stopped is not None:
            return stopped
    return None


def _builders(reader: Interpreter) -> list[tuple[str, Any]]:
    """(name, run) for each function, class or method of the file that builds a model and is
    never called."""
    out: list[tuple[str, Any]] = []
    for name, value in list(reader.scope.vars.items()):
        if isinstance(value, Function) and not value.called and not value.is_lambda and _builds_model(value):
            out.append((name, lambda n=name, f=value: _run_uncalled(reader, n, f, None)))
        elif isinstance(value, Class) and not value.instantiated:
            methods = [(n, m) for n, m in value.attributes.items() if not n.startswith("__")
                       and isinstance(_function(m), Function) and _builds_model(_function(m))]
            init = value.find("__init__")[1]
            init = init if isinstance(init, Function) else None
            if init is not None and _builds_model(init):
                out.append((name, lambda n=name, i=init, c=value: _run_uncalled(reader, n, i, c)))
            for method_name, method in methods:
                out.append((f"{name}.{method_name}",
                            lambda n=name, i=init, c=value, m=(method_name, method): _run_method(reader, n, i, c, m)))
    return out


def _run_method(reader: Interpreter, name: str, init: Function | None, cls: Class,
                method: tuple[str, Any]) -> Diagnostic | ProgramRaises | None:
    """A class's building method: the class is made (its __init__ run) unless the method is
    static or a class method, then the method runs, unless __init__ already called it."""
    method_name, found = method
    owner: Any = cls if isinstance(found, ClassMethod) else None
    if not isinstance(found, (StaticMethod, ClassMethod)):
        stopped = _run_uncalled(reader, name, init, cls)
        if stopped is not None:
            return stopped
        owner = reader.instances.get(id(cls))
        if owner is None or _function(found).called:
            return None
    result: Diagnostic | ProgramRaises | None = _run_uncalled(reader, f"{name}.{method_name}", _function(found),
                                                               None, owner)
    return result


def _function(value: Any) -> Any:
    return value.function if isinstance(value, (StaticMethod, ClassMethod)) else value


def _builds_model(function: Function) -> bool:
    body = function.node.body if isinstance(function.node, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    return any(isinstance(n, ast.Call) and _is_model_call(n) for s in body for n in ast.walk(s))


def _run_uncalled(reader: Interpreter, name: str, function: Function | None, cls: Class | None,
                  instance: Any = None) -> Diagnostic | ProgramRaises | None:
    missing = missing_parameters(function, reader.settings) if function is not None else []
    before = len(reader.models)
    stopped = _run_call(reader, name, function, cls, instance)
    for model in reader.models[before:]:
        model.variables.append(name)
        if missing and model.failed:
            model.problems.insert(0, error(
                "LC030", f"`{excerpt(name)}()` is never called, so its parameters "
                f"{', '.join(f'`{excerpt(m)}`' for m in missing)} are only known when the code runs",
                span(function.node if function else cls.node if cls else ast.Pass()), None,
                "give them values: " + " ".join(f"--set {shell_quote(m + '=...')}" for m in missing)))
    return stopped


def _run_call(reader: Interpreter, name: str, function: Function | None, cls: Class | None,
              instance: Any) -> Diagnostic | ProgramRaises | None:
    where = function.node if function is not None else cls.node if cls is not None else None
    call = ast.copy_location(ast.Call(func=ast.Name(name, ast.Load()), args=[], keywords=[]), where or ast.Pass())
    try:
        if cls is not None:
            reader.instantiate(cls, call, [], {})
        elif function is not None:
            reader.call_function(function, call, [instance] if instance is not None else [], {})
    except Exception as exc:
        if isinstance(exc, (TooManyLayers, OutOfSteps, ProgramRaises, RecursionError, MemoryError)):
            return _run_from(exc)
        if not hasattr(exc, "diagnostic"):
            raise
        reader.problems.append(exc.diagnostic())
    return None


def _run_from(exc: BaseException) -> Diagnostic | ProgramRaises:
    if isinstance(exc, ProgramRaises):
        return exc
    if isinstance(exc, TooManyLayers):
        return error("LC002", f"the code builds more than {MAX_LAYERS:,} layers", span(exc.node))
    if isinstance(exc, OutOfSteps):
        return error("LC002", f"reading the code takes more than {MAX_STEPS:,} steps", span(exc.node))
    return error("LC002", "the source is too complex to read", Span(1, 1))


def _is_model_call(node: ast.Call) -> bool:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name in ("Sequential", "Model", "Functional") or (name == "add" and isinstance(func, ast.Attribute))


def _errors(problems: list[Diagnostic]) -> list[Diagnostic]:
    return [p for p in problems if p.is_error]


def _results(reader: Interpreter, path: str, wanted: str | None, stopped: Diagnostic | ProgramRaises | None,
             ) -> list[Result]:
    notes = [p for p in reader.problems if not p.is_error]
    errors = list(dict.fromkeys(_errors(reader.problems)))
    stop_diagnostic: Diagnostic | None
    stop_more: list[Diagnostic] = []
    if isinstance(stopped, ProgramRaises) and stopped.problems:
        stop_diagnostic, *stop_more = list(dict.fromkeys(stopped.problems))
    elif isinstance(stopped, ProgramRaises) and stopped.message is not None:
        stop_diagnostic = error("LC036", stopped.message, span(stopped.node), None, stopped.hint)
    elif isinstance(stopped, ProgramRaises):
        stop_diagnostic = error("LC030", f"the code raises `{excerpt(_describe(stopped.node))}` here when it runs",
                                span(stopped.node), None, "lstmcalc prints what the file prints before that")
    else:
        stop_diagnostic = stopped
    models = reader.models
    if errors:
        return [(None, errors)]
    usable = [m for m in models if m.items or m.outputs is not None or m.failed]
    if not usable and (reader.stray or reader.unfollowed):
        return [(None, list(dict.fromkeys([*reader.stray, *reader.unfollowed])))]
    if not usable:
        return [(None, [stop_diagnostic] if stop_diagnostic else [error(
            "LC010", "no Keras model found in the code", Span(1, 1), None,
            "lstmcalc reads Sequential([...]), model.add(...) and Model(inputs, outputs)")])]
    chosen, why = choose(usable, wanted)
    if not chosen:
        return [(None, [error("LC010", why, Span(1, 1), None, "pass --model with one of those names")])]
    raised = _raised_while_built(usable, chosen, path)
    if raised is not None:
        return [(None, [raised])]
    results: list[Result] = []
    chosen_ids = {id(c.model) for c in chosen}
    others = [warning("LC035", f"model `{excerpt(m.variables[-1] if m.variables else m.name)}` could not be "
                      f"followed: {m.problems[0].message}", m.span) for m in usable
              if m.failed and id(m) not in chosen_ids]
    for choice in chosen:
        if stop_diagnostic is not None and choice.event is None:
            break  # the code stops before it is done: only the tables it printed before that
        spec, problems = _table(choice, path)
        results.append((spec, [*notes, *others, *choice.model.notes] if spec is not None else problems))
    if stop_diagnostic is not None:
        results.append((None, [stop_diagnostic, *stop_more]))
    if len([m for m in usable if id(m) not in _inner_ids(usable)]) > 1 or len(chosen) > 1:
        note = Diagnostic("LC034", Severity.INFO, why, chosen[0].model.span)
        first_spec, first_problems = results[0]
        results[0] = (first_spec, [note, *first_problems])
    return results


def _raised_while_built(usable: list[Model], chosen: list[Any], path: str) -> Diagnostic | None:
    """Where another model the file builds before the tables it prints fails as it is built:
    Keras raises there (tf.keras 2's Sequential.add calls each layer as it is added, and a
    functional layer call computes its output at once), so the file stops and prints none
    of the later tables. Its first error, said where Keras raises it."""
    from lstmcalc.engine.infer import analyze

    chosen_ids = {id(c.model) for c in chosen}
    first = min((c.event.order if c.event is not None else c.model.order) for c in chosen)
    inner = _inner_ids(usable)
    for model in sorted(usable, key=lambda m: m.order):
        if id(model) in chosen_ids or id(model) in inner or model.failed or model.order >= first:
            continue
        try:
            spec = model_spec(model, path, None)
        except GraphError:
            continue
        summary = analyze(spec)
        if summary.built:
            errors = [d for d in summary.diagnostics if d.is_error]
            if errors:
                return errors[0]._replace(message=f"{errors[0].message} (the code stops here when it runs: "
                                                  "Keras raises while building this model, before the table "
                                                  "lstmcalc would print)")
    return None


def _table(choice: Any, path: str) -> Result:
    """The spec one chosen model prints (as it was at its summary() call), or why not."""
    model, event = choice.model, choice.event
    trained = [e for e in model.events if e.kind in ("fit", "fit_generator", "train_on_batch")
               and event is not None and e.order < event.order]
    optimizer = _optimizer_state(model, trained[-1]) if trained else None
    if trained and optimizer is None:
        return None, [error(
            "LC037", f"`{excerpt(_label(model))}.summary()` runs after .{trained[0].kind}() (line "
            f"{trained[0].span.line}), so Keras's table adds the optimizer's state (Optimizer params), and "
            "lstmcalc does not know this optimizer's", event.span if event else model.span, None,
            "compile with an optimizer lstmcalc knows (adam, sgd, rmsprop, ...), or call summary() before fit()")]
    if model.failed:
        return None, list(dict.fromkeys(model.problems))
    if model.unbuilt_data is not None and trained:
        return None, [error(
            "LC030", f"`{excerpt(_label(model))}` is built by .{trained[0].kind}() from {model.unbuilt_data}, whose "
            "shape is only known when the code runs", event.span if event else model.span, None,
            f"give it a value: --set '{model.unbuilt_data.strip('`')}.shape=(1000, 30, 4)', or start the model with "
            "keras.Input(shape=...)")]
    refusal = _summary_options(event) if event else None
    if refusal is not None:
        return None, [refusal]
    try:
        spec = model_spec(model, path, choice.items, at=event.order if event else None)
    except GraphError as exc:
        return None, [exc.problem]
    if event is None:
        spec = spec._replace(printed=False)
    else:
        spec = spec._replace(print_options=(
            *((k, v) for k, v in event.options.items() if k in ("line_length", "expand_nested", "layer_range")),
            *((("show_trainable", True),) if event.options.get("show_trainable") else ()),
            *((("positions", tuple(event.options["positions"])),) if event.options.get("positions") else ()),
            ("at", event.span),
            *((("optimizer_state", optimizer),) if optimizer else ())))
    return spec, []


def _optimizer_state(model: Model, fit: Any) -> tuple[int, int] | None:
    """What the optimizer of the compile() before FIT adds to the summary, when known."""
    from lstmcalc.readers.python.optimizers import state

    compiles = [e for e in model.events if e.kind == "compile" and e.order < fit.order]
    return state(compiles[-1].options.get("optimizer")) if compiles else None


def _summary_options(event: Any) -> Diagnostic | None:
    """A summary() call's options lstmcalc cannot print as Keras would, said where it is."""
    options = event.options
    if "__unknown__" in options:
        return error("LC030", f"`{excerpt(str(options['__unknown__']))}` in this summary() call is only known when "
                     "the code runs, and it changes how Keras prints the table", event.span, None,
                     "give it a value with --set, or call summary() without it")
    positions = options.get("positions")
    if positions is not None and not (isinstance(positions, (list, tuple)) and all(
            isinstance(p, (int, float)) and not isinstance(p, bool) and math.isfinite(p) and abs(p) <= 1_000_000
            for p in positions)):
        return error("LC038", f"summary(positions={excerpt(str(positions))}) is not a list of numbers such as "
                     "[0.45, 0.8, 1.0], which is all lstmcalc prints", event.span, None,
                     "give each column's right edge as a fraction of the line length")
    length = options.get("line_length")
    if length is not None and (not isinstance(length, int) or isinstance(length, bool) or not 20 <= length <= 1000):
        return error("LC038", f"summary(line_length={excerpt(str(length))}) is outside what lstmcalc prints "
                     "(20 to 1000 columns)", event.span, None, "give a line length between 20 and 1000")
    if not isinstance(options.get("expand_nested", False), bool):
        return error("LC030", "summary(expand_nested=...) is not a plain True or False", event.span)
    return None


def _label(model: Model) -> str:
    return model.variables[-1] if model.variables else model.name


def _inner_ids(models: list[Model]) -> set[int]:
    from lstmcalc.readers.python.select import nested_models

    return nested_models(models)


def _describe(node: ast.AST) -> str:
    from lstmcalc.spec.pycall import describe

    return describe(getattr(node, "exc", None) or node)


def from_python(text: str, path: str, settings: dict[str, Any] | None = None) -> Result:
    """The file's model (the first it prints), with every diagnostic of the read."""
    results = read_python(text, path, settings)
    spec, problems = results[0]
    extra = [p for _, ps in results[1:] for p in ps if p.is_error]
    return (spec if not extra else None), [*problems, *extra]


def _unreadable(text: str) -> Diagnostic | None:
    """Size checks made before ast.parse, whose memory and time grow with these."""
    if len(text) > MAX_SOURCE:
        return error("LC002", f"the source is over {MAX_SOURCE:,} characters", Span(1, 1), None,
                     "point lstmcalc at the file that defines the model")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return error("LC003", "the source contains a null byte", Span(line, 1), None, "save it as UTF-8 text")
    if text.count("{") > MAX_BRACES:
        return error("LC002", f"the source has more than {MAX_BRACES:,} braces", Span(1, 1), None,
                     "point lstmcalc at the file that defines the model")
    return None


def _syntax_error(exc: SyntaxError) -> Diagnostic:
    message = visible(exc.msg, 200)
    if "integer string conversion" in message or "Exceeds the limit" in message:
        return error("LC002", f"a number has more than {MAX_INT_DIGITS} digits", Span(exc.lineno or 1, 1), None,
                     "write numbers a model can use")
    line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else 1
    column = exc.offset if isinstance(exc.offset, int) and exc.offset > 0 else 1
    return error("LC001", f"Python syntax error: {message}", Span(line, column))


def parse_settings(pairs: list[str]) -> dict[str, Any]:
    """--set 'x_train.shape[1]=60' -> {'x_train.shape[1]': 60}; raises ValueError when malformed.

    Each pair is length-capped before parsing, and the value must be a literal whose integers
    have at most MAX_INT_DIGITS digits; messages quote the pair visibly and briefly."""
    out: dict[str, Any] = {}
    for pair in pairs:
        shown = excerpt(pair)
        if len(pair) > MAX_SETTING:
            raise ValueError(f"{shown}: longer than {MAX_SETTING:,} characters")
        expr, sep, raw = pair.rpartition("=")
        if not sep or not expr.strip():
            raise ValueError(f"{shown}: expected EXPRESSION=VALUE")
        try:
            key_tree = parse_quietly(expr.strip(), mode="eval")
            value_tree = parse_quietly(raw.strip(), mode="eval")
            if depth_over(key_tree) is not None or depth_over(value_tree) is not None:
                raise ValueError(f"{shown}: nests more than {MAX_DEPTH} levels deep")
            key = ast.unparse(key_tree.body)
            out[key] = literal(value_tree.body, tuples=True)
        except TooLarge as exc:
            raise ValueError(f"{shown}: the value has {exc.what}; at most {MAX_INT_DIGITS} digits") from None
        except SyntaxError as exc:
            if "integer string conversion" in str(exc.msg):
                raise ValueError(f"{shown}: a number has more than {MAX_INT_DIGITS} digits") from None
            raise ValueError(f"{shown}: the value must be a literal such as 60 or (50, 10)") from None
        except NotLiteral:
            raise ValueError(f"{shown}: the value must be a literal such as 60 or (50, 10)") from None
        except (RecursionError, MemoryError, OverflowError):
            raise ValueError(f"{shown}: nests too deeply") from None
        except ValueError as exc:
            if "nests more than" in str(exc):
                raise
            raise ValueError(f"{shown}: contains a null byte") from None
    return out
