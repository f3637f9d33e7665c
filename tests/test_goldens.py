"""Golden files for every output format of the bundled examples.

The text tables are also Keras's own text (the seed cases of the corpus), so these goldens
were checked against Keras before they were written. Regenerate after an intended change
with `python -m pytest tests/test_goldens.py --update-goldens` and review the diff.
"""

from __future__ import annotations

import json
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


#: Keras 2 goldens (`summary --keras 2`): the spec, and its tf_keras record in
#: tests/keras2_summary_options (tools/keras_oracle/keras2_summary_options.py)
KERAS2_SPECS = {
    "keras2_three_stacked_classifier": ("tests/conformance/cases/seed_three_stacked_classifier.yaml",
                                        "seed_three_stacked_classifier[default]"),
    "keras2_two_branches": ("tests/keras2_summary_options/cases/func_two_branches.yaml", "func_two_branches[default]"),
}
KERAS2_FORMATS = {(): "txt", ("--format", "markdown"): "md", ("--format", "html"): "html", ("--format", "svg"): "svg"}


def tf_keras_text(case: str) -> str:
    import json

    records = (Path(__file__).parent / "keras2_summary_options" / "expected.jsonl").read_text().splitlines()
    return next(r["keras_text"] for r in map(json.loads, records) if r["case"] == case)


@pytest.mark.parametrize("name", list(KERAS2_SPECS))
@pytest.mark.parametrize("fmt", list(KERAS2_FORMATS), ids=[KERAS2_FORMATS[f] for f in KERAS2_FORMATS])
def test_keras2_golden(name: str, fmt: tuple[str, ...], update_goldens: bool) -> None:
    output = run(["summary", "--keras", "2", *fmt, str(ROOT / KERAS2_SPECS[name][0])])
    golden = GOLDENS / f"{name}.{KERAS2_FORMATS[fmt]}"
    if update_goldens:
        golden.write_text(output)
    assert golden.exists(), f"no golden {golden.name}: run pytest --update-goldens"
    assert output == golden.read_text()


@pytest.mark.parametrize("name", list(KERAS2_SPECS))
def test_keras2_goldens_hold_tf_keras_text(name: str) -> None:
    """The text golden is tf_keras's own printout; the Markdown golden holds it verbatim in a
    code block, the HTML golden line by line (escaped), at Keras 2's own width."""
    from html import escape

    keras_text = tf_keras_text(KERAS2_SPECS[name][1])
    assert (GOLDENS / f"{name}.txt").read_text() == keras_text
    assert f"```text\n{keras_text}```\n" in (GOLDENS / f"{name}.md").read_text()
    page = (GOLDENS / f"{name}.html").read_text()
    for line in keras_text.splitlines():
        assert escape(line.rstrip()) in page
    svg = (GOLDENS / f"{name}.svg").read_text()
    assert "Model:" in svg
    assert "Connected" in svg if "Connected to" in keras_text else "Connected" not in svg


def test_keras2_seed_golden_is_the_shared_corpus_text() -> None:
    """The seed golden is also the shared corpus's Keras 2 ground truth, where it is checked out."""
    shared = ROOT.parent / "shared" / "conformance" / "summaries_keras2" / "seed_three_stacked_classifier.txt"
    if not shared.exists():
        pytest.skip("the shared conformance corpus is not beside this checkout")
    assert (GOLDENS / "keras2_three_stacked_classifier.txt").read_text().rstrip("\n") == shared.read_text().rstrip("\n")


#: `lstmcalc cost` in every format, on the bundled examples and a graph (encoder-decoder
#: with states); its numbers are held to their ground truths in the test_cost_*.py files
COST_SPECS = {**{s: Path("specs") / f"{s}.yaml" for s in (*SPECS, "next_frame_prediction")},
              "g02_encoder_decoder_states": Path("tests/keras_graph/cases/g02_encoder_decoder_states.yaml")}
COST_FORMATS = {
    ("cost",): "cost.txt", ("cost", "--format", "json"): "cost.json", ("cost", "--format", "markdown"): "cost.md",
    ("cost", "--format", "html"): "cost.html",
    ("cost", "--training", "--batch", "32", "--timesteps", "100", "--optimizer", "adam"): "cost.training.txt",
    ("cost", "--training", "--batch", "32", "--format", "markdown"): "cost.training.md",
    ("cost", "--convention", "ptflops"): "cost.ptflops.txt",
}


@pytest.mark.parametrize("spec", list(COST_SPECS))
@pytest.mark.parametrize("command", list(COST_FORMATS), ids=["-".join(c) for c in COST_FORMATS])
def test_cost_golden(spec: str, command: tuple[str, ...], update_goldens: bool) -> None:
    args = [*command, str(COST_SPECS[spec])]
    if "--timesteps" in command and not json.loads(run(["cost", "--format", "json", str(COST_SPECS[spec])]))[0][
            "variable_length"]:  # --timesteps on a model of fixed timesteps is a usage error: drop it there
        args = [a for i, a in enumerate(args) if a != "--timesteps" and args[i - 1] != "--timesteps"]
    output = run(args)
    golden = GOLDENS / f"{spec}.{COST_FORMATS[command]}"
    if update_goldens:
        golden.write_text(output)
    assert golden.exists(), f"no golden {golden.name}: run pytest --update-goldens"
    assert output == golden.read_text()
