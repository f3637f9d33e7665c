"""The command line: parse options, call the engine, pick a renderer, set the exit code."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from lstmcalc import __version__
from lstmcalc.render import RENDERERS, Format, RenderContext
from lstmcalc.render.context import Theme

if TYPE_CHECKING:
    from lstmcalc.lint import LintOptions

#: Exit statuses. 0: clean; 1: a model or spec has problems (findings at the failing level);
#: 2: usage error, or input/output the command could not read or write; 3: an internal
#: error, a bug in lstmcalc, never a verdict on the model (as ruff keeps its own status).
EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEBUG_VARIABLE = "LSTMCALC_DEBUG"


class BarrierGroup(click.Group):
    """The crash barrier: every command runs inside it.

    lstmcalc's own errors (unusable files, refused writes) become a usage message and
    status 2, as does output that cannot be written (a full disk, on stdout or stderr); an
    unexpected exception becomes one line and status 3, with the traceback only under
    LSTMCALC_DEBUG=1. The fuzz tests count any use of the last branch as a failure: it is a
    net, not a fix.
    """

    def invoke(self, ctx: click.Context) -> Any:
        import os

        from lstmcalc.errors import LstmcalcError
        from lstmcalc.safety.text import visible

        if not isinstance(sys.stdout, _PipeSafe):
            sys.stdout = _PipeSafe(sys.stdout)
        try:
            result = super().invoke(ctx)
            _flush_output()
            return result
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            _flush_output()
            raise
        except LstmcalcError as exc:
            _tell(f"Error: {visible(exc, 2000)}")
            ctx.exit(EXIT_USAGE)
        except BrokenPipeError:
            _quiet(sys.stdout)
            ctx.exit(EXIT_CLEAN)
        except OSError as exc:
            if os.environ.get(DEBUG_VARIABLE) == "1":
                raise
            _quiet(sys.stdout)
            _tell(f"Error: input/output failed: {visible(exc, 200)}")
            ctx.exit(EXIT_USAGE)
        except Exception as exc:  # the barrier: one line and a status of its own
            if os.environ.get(DEBUG_VARIABLE) == "1":
                raise
            what = visible(f"{type(exc).__name__}: {exc}", 300)
            _tell(f"internal error: {what} (please report; run with {DEBUG_VARIABLE}=1 for the traceback)")
            ctx.exit(EXIT_INTERNAL)


class _PipeSafe:
    """stdout that a closed pipe (`lstmcalc lint specs/ | head`) cannot interrupt: once the
    reader is gone, the rest is dropped and the command ends with its own verdict, where
    rich would exit 1 ("problems found") and print() would raise."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._broken = False

    def write(self, text: str) -> int:
        if not self._broken:
            try:
                return int(self._stream.write(text))
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self._broken:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._drop()

    def _drop(self) -> None:
        self._broken = True
        _quiet(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _tell(message: str) -> None:
    """One line on stderr; if stderr itself cannot be written, there is no one to tell."""
    try:
        click.echo(message, err=True)
        sys.stderr.flush()
    except OSError:
        _quiet(sys.stderr)


def _flush_output() -> None:
    """Flush now, inside the barrier, so a full disk or closed pipe is reported here (status
    2) and not as a traceback, or Python's status 120, at interpreter exit."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            _quiet(stream)
        except OSError as exc:
            from lstmcalc.safety.text import visible

            _quiet(stream)
            _tell(f"Error: cannot write output: {visible(exc.strerror or exc, 200)}")
            raise click.exceptions.Exit(EXIT_USAGE) from None


def _quiet(stream: Any) -> None:
    """Point STREAM at devnull so Python's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):  # a test's captured stream has no fileno
        pass


def read_input(path: str) -> bytes:
    """Read a spec file (or stdin for '-'), stopping just past the size limit; an archive or
    .h5 file too big to read whole (its weights) is cut down to its model config."""
    from lstmcalc.safety.limits import MAX_INPUT_BYTES, MAX_NOTEBOOK_BYTES
    from lstmcalc.safety.reading import read_path

    head = read_path(path, MAX_NOTEBOOK_BYTES if path.lower().endswith(".ipynb") else MAX_INPUT_BYTES)
    if head[:4] == b"PK\x03\x04" and path != "-" and len(head) > MAX_INPUT_BYTES:
        return _small_archive(path)
    if head[:8] == b"\x89HDF\r\n\x1a\n" and path != "-" and len(head) > MAX_INPUT_BYTES:
        from lstmcalc.spec.hdf5 import shrink_h5

        return shrink_h5(path)
    return head


def _read(path: str) -> bytes:
    """read_input, with an unreadable file as a usage error (status 2)."""
    from lstmcalc.safety.reading import ReadError

    try:
        return read_input(path)
    except ReadError as exc:
        raise click.UsageError(str(exc)) from None


def _small_archive(path: str) -> bytes:
    """A .keras archive too big to read whole (its weights), cut down to its JSON members."""
    from lstmcalc.spec.archive import shrink_archive

    return shrink_archive(path)


def load_summaries(paths: tuple[str, ...], settings: tuple[str, ...] = (), source: str = "auto",
                   every: bool = False) -> list:  # type: ignore[type-arg]
    """One Summary per path; with EVERY, every table a Python file prints (one per summary() call)."""
    if every:
        return [summary for summary, _spec in load_models(paths, settings, source)]
    from lstmcalc.engine import summarize

    values = parse_set_options(settings)
    return [summarize(_read(path), _shown_path(path), values, source, chosen_model()) for path in paths]


def load_models(paths: tuple[str, ...], settings: tuple[str, ...] = (), source: str = "auto") -> list:  # type: ignore[type-arg]
    """Every table each path prints, with the ModelSpec it was inferred from (engine.models)."""
    from lstmcalc.engine import models

    values = parse_set_options(settings)
    return [found for path in paths for found in models(_read(path), _shown_path(path), values, source, chosen_model())]


def _shown_path(path: str) -> str:
    return "<stdin>" if path == "-" else path


def chosen_model() -> str | None:
    """--model NAME, when the command was given it."""
    context = click.get_current_context(silent=True)
    return None if context is None else context.meta.get("lstmcalc.model")


def emit(text: str, output: str | None, force: bool) -> None:
    """Write to OUTPUT through the atomic writer (never over a file without --force), or to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    from lstmcalc.safety.text import visible
    from lstmcalc.safety.writing import write_atomic

    write_atomic(output, text, force=force)
    click.echo(f"wrote {visible(output)}", err=True)


def parse_set_options(pairs: tuple[str, ...]) -> dict[str, Any]:
    if not pairs:
        return {}  # and the Python importer stays unloaded
    from lstmcalc.readers.python import parse_settings

    try:
        return parse_settings(list(pairs))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None


def keras_option(command):  # type: ignore[no-untyped-def]
    """--keras 2|3: which Keras to answer for, for the whole command (default: `keras` in
    [tool.lstmcalc] of the nearest settings file, else 3)."""
    import functools

    @functools.wraps(command)
    def run(*args: Any, keras: str | None = None, **kwargs: Any) -> Any:
        from lstmcalc.keras_version import using_keras

        click.get_current_context().meta["lstmcalc.keras"] = keras  # lint: a file's own settings may say
        with using_keras(int(keras) if keras else _configured_keras()):
            return command(*args, **kwargs)

    return click.option("--keras", type=click.Choice(["2", "3"]), default=None,
                        help="Answer as tf.keras 2 (tf_keras 2.21: its names, arguments, refusals and "
                             "table) or Keras 3 (default; or `keras = 2` in [tool.lstmcalc]).")(run)


def _configured_keras() -> int | None:
    """`keras` from the settings file nearest the working folder (a broken file: usage error)."""
    from pathlib import Path

    from lstmcalc.config import configured_keras
    from lstmcalc.errors import ConfigError

    try:
        return configured_keras(Path.cwd())
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError:
        return None


def input_options(command):  # type: ignore[no-untyped-def]
    """--from and --set, shared by the commands that read models."""
    command = click.option("--set", "settings", multiple=True, metavar="EXPR=VALUE",
                           help="Value for a Python expression known only at run time, "
                                "e.g. --set 'x_train.shape[1]=60'.")(command)
    command = click.option("--model", metavar="NAME", expose_value=False, is_eager=False,
                           callback=lambda ctx, _param, value: ctx.meta.__setitem__("lstmcalc.model", value),
                           help="In Python code that builds several models, the one a variable of this "
                                "name holds.")(command)
    return click.option("--from", "source", type=click.Choice(["auto", "spec", "keras", "python", "notebook"]),
                        default="auto", show_default=True,
                        help="What the files are: spec v1, a Keras config/.keras archive/.h5 file, Python "
                             "code, or a Jupyter notebook.")(command)


SPEC_PATHS = click.argument(
    "specs", nargs=-1, required=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
)


@click.group(cls=BarrierGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lstmcalc")
def cli() -> None:
    """Exact Keras 3 (or, with --keras 2, tf.keras 2) shapes, parameter counts and summaries
    for recurrent models, without TensorFlow."""


@cli.command()
@SPEC_PATHS
@click.option("--format", "fmt", type=click.Choice([f.value for f in Format]), default="text",
              show_default=True, help="Output format.")
@click.option("--line-length", type=click.IntRange(20, 1000), default=None,
              help="Table width (default: Keras's min(88 or 108, terminal columns - 4) for text, 88 or "
                   "108 for svg and html; 108 for a graph, +12 with --show-trainable).")
@click.option("--color/--no-color", default=None,
              help="Force colour on or off (default: on a terminal, unless NO_COLOR is set; svg and html "
                   "are coloured unless --no-color).")
@click.option("--theme", type=click.Choice([t.value for t in Theme]), default=Theme.LIGHT.value,
              show_default=True, help="Colours of svg and html: light (prints well) or terminal (dark).")
@click.option("--expand-nested", is_flag=True,
              help="List a nested model's layers under its row, as Keras's summary(expand_nested=True).")
@click.option("--show-trainable", is_flag=True,
              help="Add Keras's Trainable column (Y, N, or - for a layer without weights), as "
                   "summary(show_trainable=True).")
@click.option("--layer-range", nargs=2, default=None, metavar="START END",
              help="Only the top-level rows from the first layer whose name START matches to the last "
                   "END matches (names or regular expressions, re.match), as summary(layer_range=...).")
@click.option("--positions", default=None, metavar="P1,P2,P3[,P4]", callback=lambda _c, _p, v: parse_positions(v),
              help="Right edge of each column as a fraction of the line length (0.45,0.8,1.0), as "
                   "summary(positions=...); with --show-trainable Keras scales them by 0.9.")
@click.option("--expand-wrappers", is_flag=True,
              help="lstmcalc's extension (implies --expand-nested): also list the forward and backward "
                   "layers of a Bidirectional and the layer inside a TimeDistributed; a footnote marks them.")
@click.option("--columns", "columns", metavar="NAMES", default=None, callback=lambda _c, _p, v: _columns(v),
              help="lstmcalc's extension, not Keras's table: add torchinfo-style columns, in this order "
                   "(input_shape, kernel_shape, macs, params_percent, trainable, or all).")
@click.option("--optimizer", metavar="NAME", default=None, callback=lambda _c, _p, v: _optimizer(v),
              help="The table once this optimizer is built (after the first fit()): Keras's `Optimizer "
                   "params` line, counted in Total (adam, adamw, sgd, sgd-momentum, rmsprop, ...).")
@input_options
@keras_option
def summary(specs: tuple[str, ...], fmt: str, line_length: int | None, color: bool | None, theme: str,
            expand_nested: bool, show_trainable: bool, layer_range: tuple[str, str] | None,
            positions: tuple[float, ...] | None, expand_wrappers: bool, columns: tuple[str, ...] | None,
            optimizer: str | None, settings: tuple[str, ...], source: str) -> None:
    """Print each SPEC's model.summary() table exactly as Keras 3 prints it (or, with
    --keras 2, as tf.keras 2 prints it).

    Problems Keras would refuse the model for are reported with file:line:column, the
    layer, and a hint; so are summary options Keras raises an error for (LC038: a
    --layer-range matching no layer, columns narrower than 4 characters). Exit status: 0
    clean, 1 a spec has problems, 2 usage error.
    """
    if columns is not None:
        from lstmcalc.render.columns import COLUMN_RENDERERS

        if fmt not in COLUMN_RENDERERS:
            raise click.BadParameter(f"--columns prints text, json or markdown, not {fmt}", param_hint="--format")
        if show_trainable or layer_range or positions or expand_wrappers:
            raise click.UsageError("--columns is lstmcalc's own table: it takes none of Keras's --show-trainable, "
                                   "--layer-range, --positions, nor --expand-wrappers (its trainable column is "
                                   "--columns trainable)")
    if optimizer is not None:
        from lstmcalc.keras_version import is_keras2

        if columns is not None:
            raise click.UsageError("--columns is lstmcalc's own table: its footer has no optimizer; drop --optimizer")
        if is_keras2():
            raise click.UsageError("tf.keras 2's summary never prints the optimizer's state (Optimizer params "
                                   "is Keras 3's); drop --optimizer, or answer for Keras 3 (--keras 3)")
    summaries = load_summaries(specs, settings, source, every=True)
    if optimizer is not None:  # the command line wins over a fit() in Python code
        summaries = [s._replace(print_options=(*((k, v) for k, v in s.print_options if k != "optimizer_state"),
                                               ("optimizer", optimizer))) for s in summaries]
    ctx = RenderContext(sys.stdout, sys.stderr, line_length, color, expand_nested, theme=theme,
                        show_trainable=show_trainable, positions=positions, layer_range=layer_range,
                        expand_wrappers=expand_wrappers)
    summaries = checked_tables(summaries, ctx)
    if columns is not None:
        COLUMN_RENDERERS[fmt](summaries, ctx, columns)
    else:
        RENDERERS[Format(fmt)](summaries, ctx)
    sys.exit(EXIT_CLEAN if all(s.ok for s in summaries) else EXIT_PROBLEMS)


def _optimizer(value: str | None) -> str | None:
    """--optimizer NAME in its CLI spelling; an unknown name is a usage error with a suggestion."""
    if value is None:
        return None
    from lstmcalc.engine.optimizers import OFFERED, UnknownOptimizer, offered

    try:
        offered(value)
    except UnknownOptimizer as exc:
        raise click.BadParameter(str(exc), param_hint="--optimizer") from None
    return next(name for name in OFFERED if name == value.strip().lower())


def _columns(value: str | None) -> tuple[str, ...] | None:
    """--columns NAMES, checked: an unknown name is a usage error with a suggestion."""
    if value is None:
        return None
    from lstmcalc.engine.columns import parse_columns

    try:
        return parse_columns(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--columns") from None


def parse_positions(value: str | None) -> tuple[float, ...] | None:
    """--positions 0.45,0.8,1.0: numbers as Keras takes them, integers kept as integers (Keras
    multiplies each by the line length either way)."""
    if value is None:
        return None
    import math
    import re

    out: list[float] = []
    for part in value.split(","):
        text = part.strip()
        try:
            number: float = int(text) if re.fullmatch(r"[+-]?\d{1,7}", text) else float(text)
        except ValueError:
            number = math.nan
        if len(text) > 30 or not math.isfinite(number) or abs(number) > 1_000_000:
            from lstmcalc.safety.text import quoted

            raise click.BadParameter(f"{quoted(text)} is not a number such as 0.45 (at most 1,000,000 in size)",
                                     param_hint="--positions")
        out.append(number)
    return tuple(out)


def checked_tables(summaries: list[Any], ctx: RenderContext) -> list[Any]:
    """Each summary with LC038 added where Keras's summary() raises for its options."""
    import shutil

    from lstmcalc.engine.table_options import check

    columns = shutil.get_terminal_size().columns
    out = []
    for summary in summaries:
        if summary.keras == 2:  # tf_keras's print_summary raises for other options than Keras 3's
            from lstmcalc.render.keras2_table import check as check_keras2

            problem = check_keras2(summary, ctx.table(summary))
        else:
            problem = check(summary, ctx.table(summary), columns)
        out.append(summary if problem is None else summary._replace(diagnostics=(*summary.diagnostics, problem)))
    return out


# Folders are searched for specs, Keras configs and archives; Python files only when named,
# since most .py files in a project are not model code.
def _patterns(values: tuple[str, ...]) -> tuple[str, ...]:
    """Glob patterns from repeated, comma-separated options (as ruff's --exclude takes them)."""
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


def _codes(values: tuple[str, ...], where: str = "--select/--ignore") -> tuple[str, ...]:
    """Codes, prefixes and rule names, resolved to codes; an unknown one is a usage error."""
    from lstmcalc.lint.selectors import UnknownSelector, resolve_all

    try:
        return resolve_all(values)
    except UnknownSelector as exc:
        raise click.BadParameter(str(exc), param_hint=where) from None


def lint_options(config: dict[str, Any], select: tuple[str, ...], ignore: tuple[str, ...],
                 severity: tuple[str, ...], strict: bool | None, max_params: int | None,
                 budgets: dict[str, Any] | None = None) -> LintOptions:
    """Merge [tool.lstmcalc] with the command line; the command line wins."""
    from lstmcalc.lint import LEVELS, OFF
    from lstmcalc.lint import LintOptions as Options

    def listed(key: str) -> tuple[str, ...]:
        value = config.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise click.UsageError(f"[tool.lstmcalc] {key} must be a list of codes")
        return _codes(tuple(value), f"[tool.lstmcalc] {key}")

    levels: dict[str, str] = {}
    table = config.get("severity", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise click.UsageError("[tool.lstmcalc] severity must be a table of CODE = \"level\"")
    pairs = [(str(k), str(v), "[tool.lstmcalc] severity") for k, v in table.items()]
    for item in severity:
        code, sep, level = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected CODE=level", param_hint="--severity")
        pairs.append((code, level, "--severity"))
    from lstmcalc.lint.selectors import UnknownSelector, resolve

    for code, level, where in pairs:
        if level.lower() not in (*LEVELS, OFF):
            from lstmcalc.safety.text import visible

            raise click.BadParameter(f"{visible(code, 40)}={visible(level, 40)}: level must be error, warning, "
                                     "info or off", param_hint=where)
        try:
            levels[resolve(code, prefixes=False)] = level.lower()
        except UnknownSelector as exc:
            raise click.BadParameter(str(exc), param_hint=where) from None
    budget = max_params if max_params is not None else config.get("max-params")
    if budget is not None and (not isinstance(budget, int) or isinstance(budget, bool) or budget < 0):
        raise click.UsageError("max-params must be a non-negative integer")
    return Options(
        select=_codes(select, "--select") or listed("select"),
        ignore=_codes(ignore, "--ignore") or listed("ignore"),
        severity=levels,
        strict=strict if strict is not None else config.get("strict", False) is True,
        max_params=budget,
        **_cost_budgets(config, budgets or {}),
    )


def _cost_budgets(config: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """--max-flops, --max-train-memory, --budget-batch and --budget-timesteps, each over its
    [tool.lstmcalc] key (max-flops, max-train-memory as a size such as "8GiB", ...)."""
    out: dict[str, Any] = {}
    for key, option in (("max-flops", "max_flops"), ("budget-batch", "budget_batch"),
                        ("budget-timesteps", "budget_timesteps")):
        value = given.get(option)
        if value is None:
            value = config.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0
                                      or (option != "max_flops" and value < 1)):
                raise click.UsageError(f"{key} must be a{' positive' if option != 'max_flops' else ' non-negative'} "
                                       "integer")
        if value is not None:
            out[option] = value
    memory = given.get("max_train_memory")
    if memory is None and config.get("max-train-memory") is not None:
        raw = config["max-train-memory"]
        memory = raw if isinstance(raw, int) and not isinstance(raw, bool) else _bytes(str(raw), "max-train-memory")
    if memory is not None:
        out["max_train_memory"] = memory
    return out


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "json-lines", "github", "gitlab", "sarif", "junit"]),
              default="text", show_default=True, help="Report format.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these codes (codes, prefixes or rule names, comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes (codes, prefixes or rule names).")
@click.option("--severity", multiple=True, metavar="CODE=LEVEL",
              help="Override a code's (or rule name's) severity: error, warning, info, off.")
@click.option("--strict/--no-strict", default=None, help="Warnings fail too.")
@click.option("--max-params", type=click.IntRange(min=0), default=None, help="Error when a model has more parameters.")
@click.option("--max-flops", type=click.IntRange(min=0), default=None,
              help="Error when a model's forward FLOPs per sample exceed this (as `lstmcalc cost` counts).")
@click.option("--max-train-memory", default=None, metavar="SIZE",
              help="Error when a training step's peak memory exceeds SIZE (e.g. 8GiB), as `cost --training` says.")
@click.option("--budget-batch", type=click.IntRange(min=1), default=None,
              help="Batch size the training-memory budget is checked at (default 32).")
@click.option("--budget-timesteps", type=click.IntRange(min=1), default=None,
              help="Length of variable timesteps the cost budgets are checked at.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Settings file for every path (default: per file, the nearest lstmcalc.toml, or "
                   "pyproject.toml with [tool.lstmcalc]).")
@click.option("--exclude", multiple=True, metavar="PATTERNS",
              help="Files and folders to skip, replacing the default list (.git, .venv, node_modules, build, "
                   "dist, hidden folders, ...); comma-separated globs.")
@click.option("--extend-exclude", multiple=True, metavar="PATTERNS", help="More files and folders to skip.")
@click.option("--include", multiple=True, metavar="PATTERNS",
              help="Files to lint in folders whatever they hold (by default only YAML/JSON specs, Keras "
                   "configs and .keras archives are).")
@click.option("--force-exclude", is_flag=True,
              help="Apply the excludes and the spec check to files named explicitly too (for pre-commit, "
                   "which names every staged file).")
@click.option("--fix", is_flag=True, help="Apply the fixes that remove their finding, in place (YAML and JSON specs).")
@click.option("--diff", is_flag=True, help="Show the fixes as a unified diff without writing; exit 1 if any.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail (usage errors still exit 2).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file (replaced atomically) instead of standard output.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per code instead of the findings.")
@click.option("--stdin-filename", default=None, metavar="NAME",
              help="The name of the file read from standard input (-, or no PATHS): shown in the report "
                   "and used to tell YAML, JSON and Python apart.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no tally.")
@click.option("--color/--no-color", default=None,
              help="Colour the text report (default: on a terminal, unless NO_COLOR is set).")
@input_options
@keras_option
def lint(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
         severity: tuple[str, ...], strict: bool | None, max_params: int | None, max_flops: int | None,
         max_train_memory: str | None, budget_batch: int | None, budget_timesteps: int | None, config_path: str | None,
         exclude: tuple[str, ...], extend_exclude: tuple[str, ...], include: tuple[str, ...],
         force_exclude: bool, fix: bool, diff: bool, exit_zero: bool, output_file: str | None, statistics: bool,
         stdin_filename: str | None, quiet: bool, color: bool | None, settings: tuple[str, ...],
         source: str) -> None:
    """Check model specs for errors Keras would raise and for suspicious patterns.

    PATHS are spec files, directories or - for stdin. In directories, .gitignore and the
    excludes are respected and only specs are linted (YAML/JSON with a top-level `layers`
    key, Keras configs, .keras archives, and files matching --include); other YAML/JSON
    files are skipped and counted. A path with no specs is warning LC023. Settings come
    from the settings file nearest each linted file.
    Exit status: 0 clean (or --exit-zero), 1 findings at the failing severity, 2 usage error.
    """
    from pathlib import Path

    from lstmcalc.discovery import Overrides, Resolver, discover
    from lstmcalc.errors import ConfigError
    from lstmcalc.keras_version import using_keras
    from lstmcalc.lint import failed, lint_bytes, no_specs
    from lstmcalc.render.lint_formats import LintFormat, lint_report

    if statistics and fmt not in ("text", "json"):
        raise click.UsageError("--statistics prints text or json, not " + fmt)
    if not paths and stdin_filename is None:
        raise click.UsageError("give PATHS to lint, or - (or --stdin-filename NAME) to read standard input")
    paths = paths or ("-",)
    for raw in paths:
        if raw != "-" and not Path(raw).exists():
            raise click.BadParameter(f"{raw}: no such file or directory", param_hint="PATH")
    overrides = Overrides(_patterns(exclude) if exclude else None, _patterns(extend_exclude),
                          _patterns(include) if include else None)
    try:
        resolver = Resolver(config_path, overrides)
        found = discover(paths, resolver, force_exclude)
        base = resolver.for_folder(resolver.cwd)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    by_source: dict[Any, LintOptions] = {}
    budgets = {"max_flops": max_flops, "budget_batch": budget_batch, "budget_timesteps": budget_timesteps,
               "max_train_memory": None if max_train_memory is None else _bytes(max_train_memory, "--max-train-memory")}

    def options_for(table: dict[str, Any], source: Any) -> LintOptions:
        if source not in by_source:
            by_source[source] = lint_options(table, select, ignore, severity, strict, max_params, budgets)
        return by_source[source]

    options = options_for(base.table, base.source)
    values = parse_set_options(settings)
    reports = []
    verdicts = []
    changed = False
    for path, file_settings in found.files:
        own = options if file_settings is None else options_for(file_settings.table, file_settings.source)
        data = _read(path)
        if fix or diff:
            data, edited = _fix_file(path, data, own, values, source, write=not diff)
            changed = changed or edited
            if diff:
                continue
        name = (stdin_filename or "<stdin>") if path == "-" else path
        with using_keras(_file_keras(file_settings.table if file_settings is not None else base.table)):
            report = lint_bytes(data, name, own, values, source)
        reports.append(report)
        verdicts.append(failed(report, own))
    if diff:
        sys.exit(EXIT_PROBLEMS if changed else EXIT_CLEAN)
    for path, passed_over in found.empty:
        report = no_specs(path, options, passed_over)
        reports.append(report)
        verdicts.append(failed(report, options))
    if color is None:
        import os

        color = output_file is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = lint_report(reports, options, LintFormat(fmt), color=color, quiet=quiet, statistics=statistics,
                       skipped=found.skipped)
    if output_file is None:
        sys.stdout.write(text)
    else:  # a report is regenerated on every run: replacing it is expected (as ruff does)
        from lstmcalc.safety.writing import write_atomic

        write_atomic(output_file, text, force=True)
    sys.exit(EXIT_PROBLEMS if not exit_zero and any(verdicts) else EXIT_CLEAN)


def _file_keras(table: dict[str, Any]) -> int | None:
    """`keras = 2` in the settings that govern a file, unless --keras was given (it wins)."""
    if click.get_current_context().meta.get("lstmcalc.keras"):
        return None
    value = table.get("keras")
    return value if value in (2, 3) else None


def _fix_file(path: str, data: bytes, options: LintOptions, values: dict[str, Any], source: str,
              *, write: bool) -> tuple[bytes, bool]:
    """`lint --fix`/`--diff` for one file: the file's bytes after fixing, and whether they
    changed. --fix writes through the atomic writer; --diff prints the diff; notes go to
    stderr so the report format on stdout stays parseable."""
    from lstmcalc.lint import lint_bytes
    from lstmcalc.lint.apply import fix_bytes, unified_diff
    from lstmcalc.safety.text import visible
    from lstmcalc.safety.writing import WriteError, write_atomic
    from lstmcalc.spec.parse import file_kind

    shown = _shown_path(path)
    name = visible(shown, 300)
    kind = file_kind(shown, data, source)
    if kind == "sniff":  # stdin or an unknown suffix: read the text as lint does
        from lstmcalc.spec.parse import sniff

        kind = sniff(data.decode("utf-8", errors="replace"))
    outcome = fix_bytes(data, kind if path != "-" or not write else "stdin",
                        lambda d: lint_bytes(d, shown, options, values, source).diagnostics)
    if outcome.note:
        click.echo(f"{name}: not edited: {outcome.note}", err=True)
    if not outcome.changed:
        return data, False
    if not write:
        sys.stdout.write(unified_diff(data, outcome.data, shown))
        return data, True
    try:
        write_atomic(path, outcome.data, force=True)
    except WriteError as exc:
        click.echo(f"{name}: not fixed: {exc}", err=True)
        return data, False
    fixed = "; ".join(f"{d.code} {visible(d.fix.title if d.fix else '', 200)}" for d in outcome.applied)
    click.echo(f"{name}: fixed {len(outcome.applied)}: {fixed}", err=True)
    return outcome.data, True


@cli.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: every rule (or CODE's) code, name, severity, summary and docs.")
def rules(code: str | None, fmt: str) -> None:
    """List every diagnostic code, or show one CODE's (or rule name's) documentation with examples."""
    from lstmcalc.lint import RULES
    from lstmcalc.lint.selectors import rule_code, suggestion
    from lstmcalc.render.lint_formats import rules_json

    if code is None:
        if fmt == "json":
            sys.stdout.write(rules_json(sorted(RULES)))
            return
        for c in sorted(RULES):
            r = RULES[c]
            click.echo(f"{c}  {r.name:<28} {r.severity!s:<8} {r.summary_line()}")
        return
    found = rule_code(code[:100])
    if found is None:
        from lstmcalc.safety.text import quoted

        raise click.BadParameter(f"unknown code or rule name {quoted(code)}{suggestion(code)}", param_hint="CODE")
    if fmt == "json":
        sys.stdout.write(rules_json([found]))
        return
    rule = RULES[found]
    click.echo(f"{rule.code} {rule.name} [{rule.severity}]\n")
    click.echo(rule.doc())


@cli.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--layer", "layer_name", default=None, metavar="NAME", help="Explain only this layer.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html"]), default="text",
              show_default=True, help="Output format (markdown and html make handouts).")
@click.option("--theme", type=click.Choice([t.value for t in Theme]), default=Theme.LIGHT.value,
              show_default=True, help="Colours of html: light (prints well) or terminal (dark).")
@input_options
@keras_option
def explain(spec: str, layer_name: str | None, fmt: str, theme: str, settings: tuple[str, ...], source: str) -> None:
    """Explain every layer of SPEC in plain words: shapes, weights, the parameter formula
    with the real numbers, and multiply-accumulates."""
    from lstmcalc.engine import summarize_spec
    from lstmcalc.render.diagnostics import diagnostic_line
    from lstmcalc.render.explain_out import EXPLAIN_RENDERERS
    from lstmcalc.teach.explain import explain as explain_summary

    summary, parsed = summarize_spec(_read(spec), _shown_path(spec), parse_set_options(settings), source,
                                     chosen_model())
    for d in summary.diagnostics:
        click.echo(diagnostic_line(summary.path, d), err=True)
    if layer_name is not None and layer_name not in {r.name for r in summary.layers}:
        from lstmcalc.diagnostics import did_you_mean
        from lstmcalc.safety.text import quoted, visible

        names = [r.name for r in summary.layers]
        guess = did_you_mean(layer_name, names) if len(names) <= 1000 else ""
        listed = ", ".join(visible(n, 60) for n in names[:20]) + (", ..." if len(names) > 20 else "")
        raise click.BadParameter(f"no layer {quoted(layer_name)}" + (f"; did you mean {quoted(guess)}?" if guess else
                                 f"; layers: {listed}"), param_hint="--layer")
    if summary.models:
        from lstmcalc.diagnostics import error
        from lstmcalc.safety.text import visible

        model = summary.models[0]
        click.echo(diagnostic_line(summary.path, error(
            "LC041", f"{visible(model.name, 60)} is a {model.type} model used as a layer; explain describes single "
            "layers and does not explain nested models yet", model.span, model.name,
            "`lstmcalc summary --expand-nested` lists the model's layers")), err=True)
        sys.exit(EXIT_PROBLEMS)
    if summary.shared:
        from lstmcalc.diagnostics import error
        from lstmcalc.safety.text import visible

        shared = summary.shared[0]
        click.echo(diagnostic_line(summary.path, error(
            "LC041", f"{visible(shared.name, 60)} is called {len(shared.nodes)} times (a shared layer); explain "
            "describes one call per layer and does not explain shared layers yet", shared.span, shared.name,
            "`lstmcalc summary` shows every call")), err=True)
        sys.exit(EXIT_PROBLEMS)
    if summary.layers:
        flops = None
        if summary.ok and summary.built:
            from lstmcalc.cost import Options, report
            from lstmcalc.teach.cost_text import flops_lines

            flops = flops_lines(report(summary, parsed, Options()))
        items = explain_summary(summary, layer_name, flops)
        if fmt == "html":
            from lstmcalc.render.explain_out import explain_html

            sys.stdout.write(explain_html(summary, items, theme))
        else:
            sys.stdout.write(EXPLAIN_RENDERERS[fmt](summary, items))
    sys.exit(EXIT_CLEAN if summary.ok else EXIT_PROBLEMS)


@cli.command()
@click.argument("call")
@click.option("--input", "input_shape", multiple=True, metavar="SHAPE",
              help='The input shape as Keras prints it, batch first: "(None, 50, 10)". '
                   "Repeat it for merge layers such as Concatenate.")
@keras_option
def calc(call: str, input_shape: tuple[str, ...]) -> None:
    """Work out one layer, written as in Keras: its output shape, parameters and why.

    Example: lstmcalc calc "LSTM(128, return_sequences=True)" --input "(None, 50, 10)"
    The call is read, never run: argument values such as 64*2 are worked out as the
    Python reader does. Exit status 2 when the call or an --input cannot be read, 1 when
    Keras would refuse the layer.
    """
    from lstmcalc.render.diagnostics import diagnostic_line
    from lstmcalc.render.explain_out import explain_text
    from lstmcalc.teach.calc import calculate
    from lstmcalc.teach.explain import explain_layer

    summary, usage = calculate(call, list(input_shape))
    for d in summary.diagnostics:
        click.echo(diagnostic_line("<calc>", d).replace("<calc>:1:", "column ", 1), err=True)  # sanitized
    if summary.ok and summary.layers:
        result = summary.layers[-1]
        shape = result.outputs or result.output_shape
        from lstmcalc.safety.text import visible

        click.echo(visible(call.strip(), 300))
        click.echo(f"  output shape  {_shape_text(shape)}")
        click.echo(f"  parameters    {result.params:,}")
        click.echo()
        text = explain_text(summary, [explain_layer(result, {r.name: r for r in summary.layers})])
        click.echo("\n".join(text.splitlines()[2:]))
    sys.exit(EXIT_CLEAN if summary.ok else EXIT_USAGE if usage else EXIT_PROBLEMS)


def _shape_text(shape: object) -> str:
    from lstmcalc.teach.explain import fmt

    if isinstance(shape, tuple) and shape and isinstance(shape[0], tuple):
        return "[" + ", ".join(fmt(s) for s in shape) + "]"
    return fmt(shape)  # type: ignore[arg-type]


@cli.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the SVG here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--theme", type=click.Choice(["light", "dark"]), default="light", show_default=True,
              help="light prints well (WCAG AA contrast); dark is for screens.")
@click.option("--overview", is_flag=True,
              help="Draw one box per layer with its shapes and an arrow per connection, as Keras's "
                   "plot_model(show_shapes=True), instead of unrolling in time.")
@click.option("--show-params", is_flag=True, help="With --overview: each box gives its parameter count.")
@click.option("--rankdir", type=click.Choice(["TB", "LR"]), default="TB", show_default=True,
              help="With --overview: arrows top to bottom or left to right.")
@input_options
@keras_option
def diagram(spec: str, output: str | None, force: bool, theme: str, overview: bool, show_params: bool, rankdir: str,
            settings: tuple[str, ...], source: str) -> None:
    """Draw SPEC unrolled in time as a self-contained SVG: one block per layer, one box per
    timestep labelled with its size, and an arrow for every tensor a layer consumes. With
    --overview, draw the layer graph instead."""

    from lstmcalc.render.diagnostics import diagnostic_line
    from lstmcalc.render.diagram import diagram_svg, undrawable

    if (show_params or rankdir != "TB") and not overview:
        raise click.UsageError("--show-params and --rankdir go with --overview")
    if overview and theme != "light":
        raise click.UsageError("--overview is drawn in the light print theme only")
    (summary,) = load_summaries((spec,), settings, source)
    for d in summary.diagnostics:
        click.echo(diagnostic_line(summary.path, d), err=True)
    if not summary.ok or not summary.built:
        sys.exit(EXIT_PROBLEMS)
    if overview:
        from lstmcalc.render.overview import Rankdir, overview_svg

        emit(overview_svg(summary, show_params=show_params, rankdir=Rankdir(rankdir)), output, force)
        return
    reason = undrawable(summary)
    if reason is not None:
        click.echo(diagnostic_line(summary.path, reason), err=True)
        sys.exit(EXIT_PROBLEMS)
    emit(diagram_svg(summary, theme), output, force)


@cli.command()
@click.argument("spec", required=False, type=click.Path(exists=True, dir_okay=False))
@keras_option
def interactive(spec: str | None) -> None:
    """Build a model one Keras call per line and watch shapes and parameters change.

    Start from SPEC if given. Type :help inside for the commands. With standard input not
    a terminal, lines are read as a script, which exits 1 when any line was refused or
    failed and 2 when a command was misused.
    """
    from lstmcalc.repl import run

    sys.exit(run(spec, sys.stdin, sys.stdout))


@cli.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--to", "target", type=click.Choice(["yaml", "json", "keras"]), required=True,
              help="yaml/json: spec v1; keras: runnable Python for the Keras of --to-keras.")
@click.option("--to-keras", "to_keras", type=click.Choice(["2", "3"]), default=None,
              help="With --to keras: write code for this Keras (default: the Keras of --keras, the one "
                   "SPEC is read for). 3 with --keras 2 translates tf.keras 2 to Keras 3, 2 with --keras 3 "
                   "the reverse; every change is listed on standard error.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@input_options
@keras_option
def convert(spec: str, target: str, to_keras: str | None, output: str | None, force: bool,
            settings: tuple[str, ...], source: str) -> None:
    """Convert SPEC (spec v1, a Keras config or .keras archive, or Keras Python code) to
    spec v1 YAML or JSON, or to Keras Python.

    \b
    --keras is the Keras SPEC is written for (read with its names and semantics);
    --to keras writes code for the same Keras unless --to-keras names the other:
      convert m.py --keras 2 --to keras                  tf.keras 2 code (TF_USE_LEGACY_KERAS=1)
      convert m.py --keras 2 --to keras --to-keras 3     Keras 2 -> Keras 3
      convert m.yaml --to keras --to-keras 2             Keras 3 -> tf.keras 2

    A translation lists each change on standard error, one line per change with the input
    line and the layer (`m.py:3:29: lstm (LSTM): input_shape=(5, 3) -> keras.Input(...)`),
    and nothing when nothing changed; what the target Keras cannot build is refused.

    The model is checked first: what `summary` refuses, convert refuses too. Generated
    Python is built from validated identifiers and repr()-quoted values, and parsed before
    it is written."""
    import json

    from lstmcalc.engine import analyze
    from lstmcalc.keras_version import keras_version
    from lstmcalc.render.diagnostics import diagnostic_line
    from lstmcalc.safety.text import visible
    from lstmcalc.spec.dump import spec_dict, to_yaml
    from lstmcalc.writers.keras_code import EmitError

    if to_keras is not None and target != "keras":
        raise click.UsageError("--to-keras chooses the Keras of --to keras code; spec v1 (yaml/json) has none")
    data = _read(spec)
    from lstmcalc.readers.notebook import first as first_result
    from lstmcalc.spec.parse import load_specs

    model, problems = first_result(load_specs(data, _shown_path(spec), parse_set_options(settings),
                                              source, chosen_model()))
    summary = analyze(model) if model is not None else None
    if summary is not None:
        problems = [*problems, *summary.diagnostics]
    for d in problems:
        click.echo(diagnostic_line(spec, d), err=True)
    if model is None or summary is None or any(d.is_error for d in problems):
        sys.exit(EXIT_PROBLEMS)
    if target == "yaml":
        text = to_yaml(model.layers, model.name, model.outputs, model.inputs)
    elif target == "json":
        text = json.dumps(spec_dict(model.layers, model.name, model.outputs, model.inputs), indent=2) + "\n"
    else:
        from lstmcalc.writers.translate import translate

        try:
            done = translate(model, summary, keras_version(), int(to_keras) if to_keras else keras_version())
        except EmitError as exc:
            click.echo(f"{visible(spec, 300)}:1:1: LC019 [error] {visible(exc, 1000)}", err=True)
            sys.exit(EXIT_PROBLEMS)
        text = done.code
        for change in done.changes:
            click.echo(f"{visible(spec, 300)}:{change.span.where()}: {visible(change.layer, 200)}: "
                       f"{visible(change.text, 1000)}", err=True)
    emit(text, output, force)


def _bytes(text: str, option: str = "--max-memory") -> int:
    """A size option as bytes: a positive decimal number (no exponent, no sign) and a unit."""
    import re
    from decimal import Decimal

    from lstmcalc.safety.text import quoted

    units = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
             "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
    # ASCII digits only (\d also takes other scripts' digits), and few of them: no 1e999.
    match = re.fullmatch(r"\s*([0-9]{1,15}(?:\.[0-9]{0,6})?|\.[0-9]{1,6})\s*([a-zA-Z]{0,3})\s*", text[:100])
    if not match or len(text) > 100 or match.group(2).lower() not in units:
        raise click.BadParameter(f"expected a size such as 512MiB, 2GiB or 1.5GB, got {quoted(text, 40)}",
                                 param_hint=option)
    size = int(Decimal(match.group(1)) * units[match.group(2).lower()])
    if size < 1:
        raise click.BadParameter(f"expected a size of at least 1 byte, got {quoted(text, 40)}",
                                 param_hint=option)
    return size


@cli.command(name="run")
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--weights", type=click.Path(exists=True, dir_okay=False), default=None,
              help='npz with "<layer>/<i>" keys in Keras\'s get_weights() order (default: Keras\'s initializers).')
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="An .npy array (or .npz with input/0, input/1, ... for several Inputs).")
@click.option("--batch", type=click.IntRange(1), default=2, show_default=True, help="Batch size of the random input.")
@click.option("--timesteps", type=click.IntRange(1), default=None, help="Length for variable (None) timesteps.")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True,
              help="Seed for random weights and input (0 to 2**32 - 1).")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="Save every layer's outputs to this npz.")
@click.option("--trace", "trace_layer", default=None, metavar="LAYER",
              help="Show one recurrent layer's gates at each timestep for sample 0.")
@click.option("--max-memory", default="2GiB", show_default=True, help="Refuse runs estimated to need more.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@input_options
@keras_option
def run_command(spec: str, weights: str | None, input_path: str | None, batch: int, timesteps: int | None,
                seed: int, output: str | None, trace_layer: str | None, max_memory: str, force: bool,
                settings: tuple[str, ...], source: str) -> None:
    """Run SPEC forward in numpy with Keras's arithmetic (inference: dropout off, batch
    norm on its moving statistics) and print each layer's output shape and first values."""
    try:
        from lstmcalc.numeric.runner import execute
    except ImportError as exc:
        raise click.UsageError(f"lstmcalc run needs numpy ({exc}): pip install 'lstmcalc[run]'") from None

    budget = _bytes(max_memory)  # a usage error is reported before any file is read
    (summary,) = load_summaries((spec,), settings, source)
    sys.exit(execute(summary, weights=weights, input_path=input_path, batch=batch, timesteps=timesteps,
                     seed=seed, output=output, trace_layer=trace_layer, max_memory=budget, force=force))


OPTIMIZER_HELP = "adam, adamw, sgd, sgd-momentum, rmsprop, adagrad, adafactor, lion, ... (a wrong name lists them)"


@cli.command(name="cost")
@SPEC_PATHS
@click.option("--batch", type=click.IntRange(1, 2**31), default=1, show_default=True,
              help="Batch size: bytes are for the batch, FLOPs per sample and per batch.")
@click.option("--timesteps", type=click.IntRange(1, 2**31), default=None,
              help="Length of the inputs' variable axes; without it counts are formulas in T.")
@click.option("--training", is_flag=True, help="Add the backward pass, gradients, optimizer state, kept activations.")
@click.option("--optimizer", default="adam", show_default=True, metavar="NAME",
              callback=lambda _c, _p, v: _optimizer(v),
              help=f"The optimizer whose state training holds: {OPTIMIZER_HELP}")
@click.option("--precision", type=click.Choice(["float32", "mixed_float16", "mixed_bfloat16", "float16", "bfloat16"]),
              default="float32", show_default=True, help="Keras's dtype policy.")
@click.option("--convention", type=click.Choice(["lstmcalc", "torchinfo", "ptflops", "thop", "fvcore", "deepspeed"]),
              default="lstmcalc", show_default=True, help="Also show what that tool would report, and why it differs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text",
              show_default=True, help="Output format.")
@click.option("--color/--no-color", default=None, help="Force or disable colour in text output.")
@input_options
@keras_option
def cost_command(specs: tuple[str, ...], batch: int, timesteps: int | None, training: bool, optimizer: str,
                 precision: str, convention: str, fmt: str, color: bool | None, settings: tuple[str, ...],
                 source: str) -> None:
    """FLOPs, MACs and memory of each SPEC: per layer, per sample and per batch, for
    inference and (--training) a training step. Exit status: 0 clean, 1 a spec has
    problems, 2 usage error."""
    from lstmcalc.cost import Options, report
    from lstmcalc.render.cost_out import RENDERERS as COST_RENDERERS
    from lstmcalc.render.diagnostics import diagnostic_line

    options = Options(batch, timesteps, training, optimizer, precision, convention)
    found = load_models(specs, settings, source)
    reports = []
    for summary, spec in found:
        for d in summary.diagnostics:
            click.echo(diagnostic_line(summary.path, d), err=True)
        if summary.ok and summary.built:
            reports.append(report(summary, spec, options))
    if timesteps is not None and reports and not any(r.variable for r in reports):
        raise click.UsageError("--timesteps sets the length of variable axes, and no input of the model has one "
                               "(its timesteps are fixed)")
    for item in reports:
        if item.reason:
            click.echo(f"{item.path}: cannot count at this length: {item.reason}", err=True)
    COST_RENDERERS[fmt](reports, sys.stdout, color)
    ok = all(s.ok and s.built for s, _spec in found) and not any(r.reason for r in reports)
    sys.exit(EXIT_CLEAN if ok else EXIT_PROBLEMS)


@cli.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the spec format, for editors."""
    import json

    from lstmcalc.schema import spec_schema

    click.echo(json.dumps(spec_schema(), indent=2))


def main() -> None:
    cli()
