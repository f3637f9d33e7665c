"""`lstmcalc diagram --overview`: one box per layer and one arrow per connection, the same
connections `summary --format json` reports, drawn as a safe, self-contained SVG."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.render import overview
from lstmcalc.render.overview import Edge, layout
from lstmcalc.safety.text import visible

ROOT = Path(__file__).parent.parent
GOLDENS = Path(__file__).parent / "goldens"
NS = "{http://www.w3.org/2000/svg}"
SHARED_NESTED = json.loads((ROOT / "tests" / "fixtures" / "keras3_shared_nested.json").read_text())

#: every bundled spec, every graph fixture (as spec and as Keras's own model.to_json()) and
#: every conformance case (stacks, functional and Sequential; the conformance corpus holds no
#: branching graph, keras_graph does)
CASE_FILES = [*sorted((ROOT / "specs").glob("*.yaml")),
              *sorted((ROOT / "tests" / "keras_graph" / "cases").glob("*.yaml")),
              *sorted((ROOT / "tests" / "keras_graph" / "cases").glob("*.keras.json")),
              *sorted((ROOT / "tests" / "conformance" / "cases").glob("*.yaml"))]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": "92", "NO_COLOR": None}).invoke(cli, list(args))
    return result.exit_code, result.stdout


def _source(ref: str) -> str:
    """The producer named in a spec reference: `enc[1]`, `enc@2[0]`."""
    match = re.fullmatch(r"(.*?)(?:@\d+)?\[\d+\]", ref)
    assert match is not None, ref
    return match.group(1)


def expected_graph(path: Path) -> tuple[set[str], set[tuple[str, str]]] | None:
    """Boxes and arrows from `summary --format json`, or None when the spec does not build.
    Every layer gets a box, and so does every producer an arrow starts from.

    The JSON lists layers, not the mask operations Keras puts between them (NotEqual, Any):
    a layer's `inputs` can name one, and Keras's printed table gives those rows with their own
    Connected to. Their boxes and incoming arrows are taken from the same engine rows."""
    code, out = invoke("summary", "--format", "json", str(path))
    (entry,) = json.loads(out)
    if code != 0:
        return None
    boxes = {visible(layer["name"]) for layer in entry["layers"]}
    pairs = {(visible(_source(ref)), visible(layer["name"])) for layer in entry["layers"] for ref in layer["inputs"]}
    for op in summarize(path.read_bytes(), str(path)).operations:
        if op.is_op:
            boxes.add(visible(op.name))
            pairs |= {(visible(name), visible(op.name)) for name, _, _ in op.links()}
    # a Sequential model's mask op has no row at all, only its name in `inputs`: a box of its own
    return boxes | {src for src, _ in pairs}, pairs


def drawn_graph(svg: str) -> tuple[Counter[str], set[tuple[str, str]], list[ET.Element]]:
    root = ET.fromstring(svg)
    boxes = Counter(g.get("data-layer") for g in root.iter(f"{NS}g") if g.get("data-layer") is not None)
    edges = [g for g in root.iter(f"{NS}g") if g.get("data-from") is not None]
    pairs = {(g.get("data-from"), g.get("data-to")) for g in edges}
    return boxes, pairs, edges  # type: ignore[return-value]


def check_case(path: Path) -> None:
    expected = expected_graph(path)
    code, svg = invoke("diagram", str(path), "--overview")
    if expected is None:  # the spec has an error: no picture, the same refusal as summary
        assert code == 1 and svg == "", path.name
        return
    assert code == 0, path.name
    want_boxes, want_pairs = expected
    boxes, pairs, edges = drawn_graph(svg)
    assert set(boxes) == want_boxes, path.name
    assert all(n == 1 for n in boxes.values()), (path.name, boxes)
    assert pairs == want_pairs, path.name
    assert len(edges) == len(pairs), path.name  # one arrow per (producer, consumer)
    for g in edges:  # each arrow is drawn: a path with an arrowhead
        (p,) = g.iter(f"{NS}path")
        assert p.get("marker-end") == "url(#arrow)" and p.get("d", "").startswith("M")


@pytest.mark.parametrize("path", CASE_FILES, ids=[f"{p.parent.parent.name}/{p.name}" for p in CASE_FILES])
def test_arrows_are_the_summary_connections(path: Path) -> None:
    check_case(path)


@pytest.mark.parametrize("case", SHARED_NESTED, ids=[c["name"] for c in SHARED_NESTED])
def test_shared_and_nested_models_draw_their_connections(case: dict[str, str], tmp_path: Path) -> None:
    """Keras-recorded shared layers (every call's inputs) and nested models (one box each)."""
    path = tmp_path / f"{case['name']}.yaml"
    path.write_text(case["spec"])
    check_case(path)


def test_the_corpora_cover_the_drawn_features() -> None:
    """The cases above include what the overview must draw, so the equality check means something."""
    graph_cases = sorted((ROOT / "tests" / "keras_graph" / "cases").glob("*.yaml"))
    assert len(CASE_FILES) > 350 and len(graph_cases) == 25
    merges = states = 0
    for path in graph_cases:
        summary = summarize(path.read_bytes(), str(path))
        merges += any(len(r.inputs) > 1 and r.type in {"Concatenate", "Add"} for r in summary.layers)
        states += any(i > 0 for r in summary.layers for i in r.input_indices)
    assert merges >= 5 and states >= 3
    assert any("call:" in c["spec"] for c in SHARED_NESTED)
    assert any("type: Sequential" in c["spec"] for c in SHARED_NESTED)


def _svg(spec: str, *args: str) -> str:
    return drawn_svg(spec.encode(), *args)


def drawn_svg(data: bytes, *args: str, tmp: Path | None = None) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.yaml"
        path.write_bytes(data)
        code, out = invoke("diagram", str(path), "--overview", *args)
    assert code == 0, out
    return out


HOSTILE = """name: "model<&\\"'\\u202e"
layers:
  - {type: Input, shape: [5, 3], name: "a\\"<b>&c'"}
  - {type: LSTM, units: 4, name: "x\\u202ey&amp;\\u2066"}
  - {type: Dense, units: 2, name: "<script>alert(1)<\\\\script>]]>"}
"""


def test_hostile_names_are_escaped_in_text_and_attributes() -> None:
    svg = _svg(HOSTILE)
    root = ET.fromstring(svg)  # well-formed despite quotes, <, & in names
    assert "\u202e" not in svg and "\u2066" not in svg  # bidi controls shown, not acting
    assert "<script" not in svg and "<b>" not in svg
    names = ['a"<b>&c\'', "x\u202ey&amp;\u2066", "<script>alert(1)<\\script>]]>"]
    boxes, pairs, _ = drawn_graph(svg)
    assert set(boxes) == {visible(n) for n in names}
    assert visible(names[1]) == "x\\u202ey&amp;\\u2066"
    assert pairs == {(visible(names[0]), visible(names[1])), (visible(names[1]), visible(names[2]))}
    texts = [t.text or "" for t in root.iter(f"{NS}text")]
    assert visible(names[2]) in texts and 'a"<b>&c\'' in texts
    title = root.find(f"{NS}title")
    assert title is not None and title.text == "model<&\"'\\u202e: model overview"
    assert "data-from=\"a&quot;&lt;b&gt;&amp;c&apos;\"" in svg


def test_self_contained_printable_and_titled() -> None:
    svg = _svg((ROOT / "specs" / "encoder_decoder_repeat.yaml").read_text())
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title") is not None
    assert "@media print" in svg
    for bad in ("<script", "<image", "<foreignObject", "href=", "@import", "url(http"):
        assert bad not in svg
    assert svg.count("http") == 1  # the SVG namespace only


def _relative_luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_meets_wcag_aa_contrast_on_every_background() -> None:
    """Every text colour (INK, MUTED) on every fill it can sit on: >= 4.5:1 (WCAG AA);
    arrows and box borders on the page: >= 3:1 (graphical objects, WCAG 1.4.11)."""
    backgrounds = [overview.PAGE, overview.BODY, *(fill for fill, _ in overview.KINDS.values())]
    worst = min(contrast(text, bg) for text in (overview.INK, overview.MUTED) for bg in backgrounds)
    assert worst >= 4.5, worst
    assert contrast(overview.EDGE, overview.PAGE) >= 3
    assert all(contrast(border, overview.PAGE) >= 3 for _, border in overview.KINDS.values())
    svg = _svg((ROOT / "specs" / "understanding_lstm.yaml").read_text())
    used = set(re.findall(r"fill:(#[0-9a-f]{6})", svg))  # the stylesheet uses only these colours for text
    assert used <= {overview.PAGE, overview.BODY, overview.INK, overview.MUTED}


def _centres(svg: str) -> dict[str, tuple[float, float]]:
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{NS}g"):
        name = g.get("data-layer")
        if name is not None:
            rect = g.find(f"{NS}rect")
            assert rect is not None
            out[name] = (float(rect.get("x", 0)) + float(rect.get("width", 0)) / 2,
                         float(rect.get("y", 0)) + float(rect.get("height", 0)) / 2)
    return out


def test_a_sequential_model_is_a_vertical_stack() -> None:
    spec = (ROOT / "specs" / "three_stacked_classifier.yaml").read_text()
    centres = _centres(_svg(spec))
    xs = {round(x, 1) for x, _ in centres.values()}
    ys = [y for _, y in centres.values()]
    assert len(centres) == 4 and len(xs) == 1 and ys == sorted(ys) and len(set(ys)) == 4
    across = _centres(_svg(spec, "--rankdir", "LR"))
    assert len({round(y, 1) for _, y in across.values()}) == 1
    assert [x for x, _ in across.values()] == sorted(x for x, _ in across.values())


def test_two_branches_meet_below_both_without_crossing() -> None:
    centres = _centres(_svg((ROOT / "tests" / "keras_graph" / "cases" / "g01_concat_two_inputs.yaml").read_text()))
    # series -> rnn and meta -> meta_dense side by side; joined below both, then out
    assert centres["series"][1] == centres["meta"][1]
    assert centres["rnn"][1] == centres["meta_dense"][1] < centres["joined"][1] < centres["out"][1]
    assert (centres["series"][0] < centres["meta"][0]) == (centres["rnn"][0] < centres["meta_dense"][0])
    assert min(centres["rnn"][0], centres["meta_dense"][0]) < centres["joined"][0] < max(
        centres["rnn"][0], centres["meta_dense"][0])


def test_rank_is_the_longest_path_and_long_arrows_get_waypoints() -> None:
    extent = dict.fromkeys("abc", (40.0, 80.0))
    lay = layout(list("abc"), [Edge("a", "b", ()), Edge("b", "c", ()), Edge("a", "c", ())], extent)
    assert [[n for n in r if not n.startswith("\0")] for r in lay.ranks] == [["a"], ["b"], ["c"]]
    assert len(lay.chains[("a", "c")]) == 3 and lay.chains[("a", "b")] == ["a", "b"]


def test_barycentre_ordering_removes_a_crossing() -> None:
    extent = dict.fromkeys("abcd", (40.0, 80.0))
    lay = layout(list("abcd"), [Edge("a", "d", ()), Edge("b", "c", ())], extent)
    assert lay.ranks == [["a", "b"], ["d", "c"]]
    assert lay.across["d"] < lay.across["c"]


def test_a_cycle_from_a_shared_layer_is_drawn_with_one_turned_arrow() -> None:
    (case,) = [c for c in SHARED_NESTED if c["name"] == "second_call_consumes_a_later_layer"]
    svg = _svg(case["spec"])
    _, pairs, edges = drawn_graph(svg)
    assert pairs == {("a", "bi"), ("proj", "bi"), ("bi", "proj")}
    back = [g for g in edges if "back" in (g.find(f"{NS}path").get("class") or "")]  # type: ignore[union-attr]
    assert len(back) == 1


def test_nested_model_is_one_box_and_params_show_on_request() -> None:
    (case,) = [c for c in SHARED_NESTED if c["name"] == "sequential_in_functional"]
    plain, with_params = _svg(case["spec"]), _svg(case["spec"], "--show-params")
    boxes, _, _ = drawn_graph(plain)
    assert set(boxes) == {"input_layer", "encoder", "lstm_1"}  # the encoder's lstm and dense stay inside
    assert "Params" not in plain and "Params" in with_params
    summary = summarize(case["spec"].encode(), "n")
    encoder = next(r for r in summary.layers if r.name == "encoder")
    assert f"{encoder.params:,}" in with_params


def test_initial_state_arrow_names_the_state_tensors() -> None:
    svg = _svg((ROOT / "tests" / "keras_graph" / "cases" / "g02_encoder_decoder_states.yaml").read_text())
    _, _, edges = drawn_graph(svg)
    (state,) = [g for g in edges if g.get("data-from") == "encoder"]
    assert state.get("data-to") == "decoder"
    assert [t.text for t in state.iter(f"{NS}text")] == ["[1] [2]"]


def test_options_need_overview_and_the_writer_refuses_to_overwrite(tmp_path: Path) -> None:
    spec = str(ROOT / "specs" / "understanding_lstm.yaml")
    result = CliRunner().invoke(cli, ["diagram", spec, "--show-params"])
    assert result.exit_code == 2 and "--overview" in result.output
    target = tmp_path / "m.svg"
    target.write_text("keep me")
    result = CliRunner().invoke(cli, ["diagram", spec, "--overview", "-o", str(target)])
    assert result.exit_code != 0 and "pass --force" in result.output and target.read_text() == "keep me"
    result = CliRunner().invoke(cli, ["diagram", spec, "--overview", "-o", str(target), "--force"])
    assert result.exit_code == 0 and target.read_text().startswith("<svg")


GOLDEN_CASES = {  # golden file -> command line
    "understanding_lstm.overview.svg": ["diagram", "specs/understanding_lstm.yaml", "--overview"],
    "g02_encoder_decoder_states.overview-lr-params.svg": [
        "diagram", "tests/keras_graph/cases/g02_encoder_decoder_states.yaml", "--overview", "--rankdir", "LR",
        "--show-params"],
}


@pytest.mark.parametrize("golden", list(GOLDEN_CASES))
def test_overview_golden(golden: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regenerate with `python -m pytest tests/test_overview.py --update-goldens` and review the diff."""
    monkeypatch.chdir(ROOT)
    code, output = invoke(*GOLDEN_CASES[golden])
    assert code == 0
    path = GOLDENS / golden
    if update_goldens:
        path.write_text(output)
    assert path.exists(), f"no golden {golden}: run pytest --update-goldens"
    assert output == path.read_text()


def test_docs_overview_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/seq2seq_overview.svg is shown in the README; regenerate with
    `lstmcalc diagram tests/keras_graph/cases/g02_encoder_decoder_states.yaml --overview --show-params
    -o docs/seq2seq_overview.svg --force`."""
    monkeypatch.chdir(ROOT)
    code, output = invoke("diagram", "tests/keras_graph/cases/g02_encoder_decoder_states.yaml", "--overview",
                          "--show-params")
    assert code == 0 and output == (ROOT / "docs" / "seq2seq_overview.svg").read_text()
    assert "docs/seq2seq_overview.svg" in (ROOT / "README.md").read_text()


def test_a_layer_called_on_its_own_output_draws_a_loop(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("name: loop\nlayers:\n  - {type: Input, shape: [4], name: x}\n"
                    "  - {type: Dense, units: 4, name: d, inputs: x}\n  - {call: d, inputs: d}\n"
                    "  - {type: Dense, units: 1, name: out}\n")
    check_case(path)
    _, pairs, _ = drawn_graph(invoke("diagram", str(path), "--overview")[1])
    assert ("d", "d") in pairs


def test_rankdir_choices_are_the_renderer_options() -> None:
    """The CLI lists the choices literally (so `lstmcalc --help` does not import the renderer)."""
    option = next(p for p in cli.commands["diagram"].params if p.name == "rankdir")
    assert list(option.type.choices) == [r.value for r in overview.Rankdir]  # type: ignore[attr-defined]


def test_a_masked_stack_stays_one_column_with_its_mask_op_beside_it() -> None:
    """Masking in a Sequential model: the LSTMs consume the mask op `any` (in summary's inputs),
    whose box goes beside the layers without pulling them out of line."""
    spec = ("name: masked_stack\nlayers:\n  - {type: Masking, mask_value: 0.0, input_shape: [20, 8]}\n"
            "  - {type: Dense, units: 16}\n  - {type: LSTM, units: 32, return_sequences: true}\n"
            "  - {type: LSTM, units: 16}\n  - {type: Dense, units: 1}\n")
    svg = _svg(spec)
    centres = _centres(svg)
    _, pairs, _ = drawn_graph(svg)
    assert {("any", "lstm"), ("any", "lstm_1")} <= pairs
    layers = [x for name, (x, _) in centres.items() if name != "any"]
    assert max(layers) - min(layers) < 1.0, centres
    assert centres["any"][0] > max(layers) and centres["dense"][1] <= centres["any"][1] < centres["lstm"][1]


def test_a_name_shaped_like_a_waypoint_id_stays_a_layer() -> None:
    """Names are untrusted: a layer named like the first waypoint's id ("\\x00" + count) keeps its
    own place, and the long arrow gets a waypoint of its own."""
    names = ["a", "b", "c", "\x004"]
    extent = dict.fromkeys(names, (40.0, 80.0))
    edges = [Edge("a", "b", ()), Edge("b", "c", ()), Edge("a", "c", ()), Edge("\x004", "c", ())]
    lay = layout(names, edges, extent)
    (point,) = lay.chains[("a", "c")][1:-1]
    assert point not in names
    (other,) = lay.chains[("\x004", "c")][1:-1]
    assert other not in names and other != point
    assert lay.along["\x004"] == lay.along["a"]  # an input, beside a, as its own box
    assert abs(lay.across["\x004"] - lay.across["a"]) >= 80.0
