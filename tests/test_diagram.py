"""`lstmcalc diagram`: a well-formed, self-contained SVG with the expected cells and arrows."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.render.diagram import diagram_svg, plan

NS = "{http://www.w3.org/2000/svg}"
SPECS = Path(__file__).parent.parent / "specs"


def svg_for(name: str) -> ET.Element:
    summary = summarize((SPECS / f"{name}.yaml").read_bytes(), name)
    return ET.fromstring(diagram_svg(summary))


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


@pytest.mark.parametrize("name", sorted(p.stem for p in SPECS.glob("*.yaml") if "error" not in p.stem))
def test_every_bundled_example_draws(name: str) -> None:
    root = svg_for(name)
    assert root.tag == f"{NS}svg"
    raw = ET.tostring(root, encoding="unicode")
    assert "http" not in raw.replace("http://www.w3.org/2000/svg", "")
    model = summarize((SPECS / f"{name}.yaml").read_bytes(), name)
    assert texts(root)[0].startswith(f"{model.name}: ")
    for layer in model.layers:
        assert any(t.startswith(f"{layer.name} (") for t in texts(root)), layer.name


def test_two_stacked_lstms_into_dense_head() -> None:
    summary = summarize((SPECS / "understanding_lstm.yaml").read_bytes(), "u")
    captions, rows = plan(summary)
    assert captions == ["1", "2", "3", "…", "50"]
    kinds = {r.result.name: (r.kind, len(r.cells), r.emits, r.label) for r in rows}
    assert kinds["input_layer"] == ("input", 4, (0, 1, 2, 4), "10")
    assert kinds["lstm1"] == ("recurrent", 4, (0, 1, 2, 4), "128")  # return_sequences=True: every step up
    assert kinds["lstm2"] == ("recurrent", 4, (4,), "64")  # return_sequences=False: only the last step
    assert kinds["dense1"][0] == "vector" and kinds["dense1"][1] == 1
    labels = texts(svg_for("understanding_lstm"))
    assert "t=50" in labels and "t=1" in labels and "…" in labels
    assert labels.count("128") == 4 + 1  # four lstm1 cells and the dense1 box
    assert "lstm2 (LSTM)" in " ".join(labels)


def test_encoder_decoder_fans_out_from_repeat_vector() -> None:
    summary = summarize((SPECS / "encoder_decoder_repeat.yaml").read_bytes(), "e")
    _, rows = plan(summary)
    by = {r.result.name: r for r in rows}
    assert by["encoder"].emits == (4,)
    assert by["repeat"].kind == "step" and len(by["repeat"].cells) == 4
    assert by["decoder"].emits == (0, 1, 2, 4)
    root = svg_for("encoder_decoder_repeat")
    arrows = [line for line in root.iter(f"{NS}line") if line.get("class") == "flow"]
    assert len(arrows) == 4 + 4 + 4 + 4  # input→encoder, encoder→repeat, repeat→decoder, decoder→out
    last_x = max(float(a.get("x1", 0)) for a in arrows)
    fan = [a for a in arrows if float(a.get("x1", 0)) == last_x and a.get("x1") != a.get("x2")]
    assert len(fan) == 3  # the encoder's last step feeds the three other RepeatVector copies


def test_short_sequences_show_every_step() -> None:
    summary = summarize((SPECS / "return_sequences.yaml").read_bytes(), "r")
    captions, rows = plan(summary)
    assert captions == ["1", "2", "3"]
    assert rows[-1].emits == (0, 1, 2)


def test_cli_writes_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "d.svg"
    runner = CliRunner()
    first = runner.invoke(cli, ["diagram", str(SPECS / "understanding_lstm.yaml"), "-o", str(out)])
    assert first.exit_code == 0 and out.read_text().startswith("<svg")
    out.write_text("mine")
    again = runner.invoke(cli, ["diagram", str(SPECS / "understanding_lstm.yaml"), "-o", str(out)])
    assert again.exit_code == 2 and out.read_text() == "mine"
    forced = runner.invoke(cli, ["diagram", str(SPECS / "understanding_lstm.yaml"), "-o", str(out), "--force"])
    assert forced.exit_code == 0 and out.read_text().startswith("<svg")


def test_cli_broken_spec_exits_one() -> None:
    result = CliRunner().invoke(cli, ["diagram", str(SPECS / "error_2d_into_lstm.yaml")])
    assert result.exit_code == 1 and "LC100" in result.output


@pytest.mark.parametrize("name", ["understanding_lstm", "encoder_decoder_repeat"])
def test_readme_diagrams_are_current(name: str) -> None:
    """docs/*.svg are shown in the README; regenerate with lstmcalc diagram ... -o docs/NAME.svg --force."""
    committed = (SPECS.parent / "docs" / f"{name}.svg").read_text()
    assert committed == diagram_svg(summarize((SPECS / f"{name}.yaml").read_bytes(), name))
