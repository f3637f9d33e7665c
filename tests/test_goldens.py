"""Golden files for every output format of the bundled examples.

The text tables are also Keras's own text (the seed cases of the corpus), so these goldens
were checked against Keras before they were written. Regenerate after an intended change
with `python -m pytest tests/test_goldens.py --update-goldens` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli

ROOT = Path(__file__).parent.parent
GOLDENS = Path(__file__).parent / "goldens"
SPECS = ["understanding_lstm", "encoder_decoder_repeat", "word_vectors", "bidirectional_sum", "legacy_input_dim"]
FORMATS = {  # command line -> golden file suffix
    ("summary",): "txt", ("summary", "--format", "json"): "json", ("summary", "--format", "markdown"): "md",
    ("summary", "--format", "html"): "html", ("summary", "--format", "svg"): "svg",
    ("summary", "--format", "html", "--theme", "terminal"): "terminal.html",
    ("summary", "--format", "svg", "--theme", "terminal"): "terminal.svg",
    ("summary", "--format", "svg", "--no-color"): "mono.svg",
    ("explain",): "explain.txt", ("explain", "--format", "markdown"): "explain.md",
    ("explain", "--format", "html"): "explain.html",
    ("explain", "--format", "html", "--theme", "terminal"): "explain.terminal.html",
    ("diagram",): "diagram.svg", ("diagram", "--theme", "dark"): "diagram.dark.svg",
}


def run(args: list[str]) -> str:
    result = CliRunner(env={"COLUMNS": "92", "NO_COLOR": None}).invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("command", list(FORMATS), ids=["-".join(c) for c in FORMATS])
def test_golden(spec: str, command: tuple[str, ...], update_goldens: bool) -> None:
    args = [*command, str(Path("specs") / f"{spec}.yaml")]
    if command in (("summary",), ("summary", "--format", "json")):
        args.insert(1, "--line-length")
        args.insert(2, "88")
    # the handout formats (markdown, html, svg) are left at Keras's own width: a page's
    # width must not depend on COLUMNS (92 here), see test_handouts.py
    output = run(args)
    golden = GOLDENS / f"{spec}.{FORMATS[command]}"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(output)
    assert golden.exists(), f"no golden {golden.name}: run pytest --update-goldens"
    assert output == golden.read_text()


@pytest.mark.parametrize("spec", ["understanding_lstm", "encoder_decoder_repeat", "word_vectors"])
def test_text_golden_is_keras_text(spec: str) -> None:
    """The text goldens equal Keras's own model.summary() captured for the seed cases."""
    keras_text = (Path(__file__).parent / "conformance" / "summaries" / f"seed_{spec}.txt").read_text()
    assert (GOLDENS / f"{spec}.txt").read_text().rstrip("\n") == keras_text.rstrip("\n")
