"""The command line: parse options, call the engine, pick a renderer, set the exit code."""

from __future__ import annotations

import sys

import click

from lstmcalc import __version__
from lstmcalc.render import RENDERERS, Format, RenderContext

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def read_input(path: str) -> bytes:
    """Read a spec file (or stdin for '-'), stopping just past the size limit."""
    from lstmcalc.spec.tree import MAX_BYTES

    stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    try:
        return stream.read(MAX_BYTES + 1)
    finally:
        if path != "-":
            stream.close()


def load_summaries(paths: tuple[str, ...]) -> list:  # type: ignore[type-arg]
    from lstmcalc.engine import summarize

    summaries = []
    for path in paths:
        try:
            data = read_input(path)
        except OSError as exc:
            raise click.UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
        summaries.append(summarize(data, "<stdin>" if path == "-" else path))
    return summaries


SPEC_PATHS = click.argument(
    "specs", nargs=-1, required=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lstmcalc")
def cli() -> None:
    """Exact Keras 3 shapes, parameter counts and summaries for recurrent models,
    without TensorFlow."""


@cli.command()
@SPEC_PATHS
@click.option("--format", "fmt", type=click.Choice([f.value for f in Format]), default="text",
              show_default=True, help="Output format.")
@click.option("--line-length", type=click.IntRange(20, 1000), default=None,
              help="Table width (default: Keras's min(88, terminal columns - 4)).")
@click.option("--color/--no-color", default=None,
              help="Force colour on or off (default: on a terminal, unless NO_COLOR is set).")
def summary(specs: tuple[str, ...], fmt: str, line_length: int | None, color: bool | None) -> None:
    """Print each SPEC's model.summary() table exactly as Keras 3 prints it.

    Problems Keras would refuse the model for are reported with file:line:column, the
    layer, and a hint. Exit status: 0 clean, 1 a spec has problems, 2 usage error.
    """
    summaries = load_summaries(specs)
    ctx = RenderContext(sys.stdout, sys.stderr, line_length, color)
    RENDERERS[Format(fmt)](summaries, ctx)
    sys.exit(EXIT_CLEAN if all(s.ok for s in summaries) else EXIT_PROBLEMS)


def main() -> None:
    cli()
