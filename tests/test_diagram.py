"""`lstmcalc diagram`: a well-formed, self-contained SVG whose every edge is one of the
engine's connections, with Bidirectional, convolution, embedding and layout checked."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.engine import summarize
from lstmcalc.engine.results import Summary
from lstmcalc.numeric.forward import prepare_weights, run
from lstmcalc.render.diagram import CELL_W, NAME_CHAR, diagram_svg, layout, undrawable
from lstmcalc.render.json_out import summary_json
from lstmcalc.render.timegraph import build, receptive_field

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).parent.parent
SPECS = ROOT / "specs"
GRAPH_CASES = sorted((Path(__file__).parent / "keras_graph" / "cases").glob("*.yaml"))
CONFORMANCE_CASES = sorted((Path(__file__).parent / "conformance" / "cases").glob("*.yaml"))


def spec(text: str, name: str = "t.yaml") -> Summary:
    return summarize(text.encode(), name)


def svg_of(summary: Summary, theme: str = "light") -> ET.Element:
    return ET.fromstring(diagram_svg(summary, theme))


def svg_for(name: str) -> ET.Element:
    return svg_of(summarize((SPECS / f"{name}.yaml").read_bytes(), name))


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def edges(root: ET.Element) -> list[ET.Element]:
    """Every drawn connector: lines and paths carrying an arrow head."""
    return [e for e in root.iter() if e.get("marker-end")]


def drawn_pairs(root: ET.Element) -> set[tuple[str, str]]:
    return {(e.get("data-from", "?"), e.get("data-to", "?")) for e in edges(root)}


def json_connections(summary: Summary) -> set[tuple[str, str]]:
    """(source, target) for every entry of every layer's `inputs` in `summary --format json`.

    What the JSON gives: `inputs` lists `name[index]` (or `name@node[index]`) for each tensor
    a layer's call consumes: its data inputs, merge inputs, the tensors given as
    `initial_state` (e.g. `encoder[1]`, `encoder[2]`, the return_state outputs) and the mask
    tensors Keras computes (`not_equal[0]`, `any[0]`). Those mask operations are summary
    rows, not layers, so the diagram draws each as an edge from the layers the mask is
    computed from; this test follows the operations' own inputs (Summary.operations) the
    same way, except through ZerosLike and OnesLike, which read only a shape (Keras's "no
    mask" stand-ins when a masked and an unmasked tensor merge), so no value flows from
    their input. A Sequential model's drawn input is not a layer: its edge has data-from="";
    the short arrows out of the model's outputs go to no layer: data-to="".
    """
    document = summary_json(summary)
    layers = {entry["name"] for entry in document["layers"]}
    ops = {o.name: o for o in summary.operations if o.is_op}

    def origins(name: str) -> set[str]:
        if name in layers:
            return {name}
        if name not in ops or ops[name].type in ("ZerosLike", "OnesLike"):
            return set()
        return set().union(*(origins(i) for i in ops[name].inputs))

    out = set()
    for entry in document["layers"]:
        for link in entry["inputs"]:
            source = link.split("[")[0].split("@")[0]
            out |= {(o, entry["name"]) for o in origins(source)}
    return out


def want_pairs(summary: Summary) -> set[tuple[str, str]]:
    pairs = json_connections(summary)
    if not summary.functional:
        pairs.add(("", summary.layers[0].name))
    return pairs


ALL_CASES = [*sorted(SPECS.glob("*.yaml")), *GRAPH_CASES, *CONFORMANCE_CASES]


@pytest.mark.parametrize("path", ALL_CASES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_every_edge_is_a_connection_of_the_engine(path: Path) -> None:
    """For every bundled spec, every graph fixture (tests/keras_graph/cases) and every
    conformance case (tests/conformance/cases: all are stacks; none has a second input or
    initial_state, so the graph fixtures carry those), the (from, to) pairs of the drawn
    edges with from != to are exactly the connections of `summary --format json`."""
    summary = summarize(path.read_bytes(), path.name)
    if not summary.ok or not summary.built or undrawable(summary) is not None:
        result = CliRunner().invoke(cli, ["diagram", str(path)])
        assert result.exit_code == 1, result.output  # refused, with a diagnostic, not drawn wrong
        return
    root = svg_of(summary)
    for e in edges(root):  # every connector names both ends
        assert e.get("data-from") is not None and e.get("data-to") is not None, ET.tostring(e)
    outputs = {a for a, b in drawn_pairs(root) if b == ""}
    assert outputs == {n for n in build(summary).nodes if n not in {a for a, _ in want_pairs(summary)}}
    pairs = {(a, b) for a, b in drawn_pairs(root) if b not in (a, "")}
    want = json_connections(summary)
    if not summary.functional:
        first = summary.layers[0].name
        assert ("", first) in pairs  # the Sequential model's drawn input feeds its first layer
        pairs.discard(("", first))
    assert pairs == want
    # self-edges are a recurrent layer's state chain, and only there
    for a, b in drawn_pairs(root):
        if a == b:
            assert build(summary).nodes[a].kind == "recurrent"


def test_the_fixture_cases_mostly_draw() -> None:
    """The edge test above is not vacuous: most graph fixtures draw."""
    drawn = 0
    for path in GRAPH_CASES:
        s = summarize(path.read_bytes(), path.name)
        drawn += s.ok and s.built and undrawable(s) is None
    assert drawn >= 20


@pytest.mark.parametrize("name", sorted(p.stem for p in SPECS.glob("*.yaml") if "error" not in p.stem))
def test_every_bundled_example_draws(name: str) -> None:
    root = svg_for(name)
    assert root.tag == f"{NS}svg"
    raw = ET.tostring(root, encoding="unicode")
    assert "http" not in raw.replace("http://www.w3.org/2000/svg", "")
    model = summarize((SPECS / f"{name}.yaml").read_bytes(), name)
    assert texts(root)[0].startswith(f"{model.name}: ")
    names = " ".join(t.text or "" for t in root.iter(f"{NS}text") if t.get("class") == "name")
    for layer in model.layers:  # a long "name (Type)" wraps onto two lines
        assert f"{layer.name} (" in names, layer.name


def test_seq2seq_states_enter_the_decoder_at_t1() -> None:
    """The teacher's seq2seq: the encoder's states (encoder[1], encoder[2]) reach the
    decoder's first step; nothing from the encoder goes into decoder_inputs."""
    summary = summarize((GRAPH_CASES[1]).read_bytes(), "g02")
    assert GRAPH_CASES[1].stem == "g02_encoder_decoder_states"
    root = svg_of(summary)
    lay = layout(build(summary), "")
    enc, dec = lay.blocks["encoder"], lay.blocks["decoder"]
    states = [e for e in edges(root) if e.get("data-from") == "encoder" and e.get("data-to") == "decoder"]
    assert len(states) == 2 and all(e.get("class") == "state" for e in states)
    for e in states:
        d = e.get("d", "")
        start = d.split()[0][1:].split(",")
        end = d.split()[-1].split(",")
        assert float(start[0]) == pytest.approx(enc.xs[-1], abs=0.1)  # from the encoder's t=T
        assert float(end[0]) == pytest.approx(dec.xs[0] - lay.cell_w / 2, abs=0.1)  # into the decoder's t=1
    assert {"h", "c"} <= set(texts(root))  # which state each arrow carries
    into_input = [e for e in edges(root) if e.get("data-to") == "decoder_inputs"]
    assert into_input == []
    # decoder_inputs has no fixed length: t=1, 2, 3, …, T, one arrow up from each box
    assert len([e for e in edges(root) if e.get("data-from") == "decoder_inputs"]) == 4


def test_two_branch_merge_has_an_arrow_from_each_branch() -> None:
    summary = summarize(GRAPH_CASES[0].read_bytes(), "g01")
    root = svg_of(summary)
    into = {e.get("data-from") for e in edges(root) if e.get("data-to") == "joined"}
    assert into == {"rnn", "meta_dense"}
    assert not [e for e in edges(root) if e.get("data-to") == "meta"]
    blocks = layout(build(summary), "").blocks
    assert blocks["meta"].left > blocks["series"].xs[-1]  # the branches side by side, not stacked
    assert blocks["joined"].y < blocks["rnn"].y == blocks["meta_dense"].y


BIDI = """
name: bidi
layers:
  - {type: Input, shape: [30, 4]}
  - type: Bidirectional
    name: bi
    layer: {type: LSTM, units: 8}
  - {type: Dense, name: out, units: 1}
"""


def _state_lines(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in edges(root) if e.get("data-from") == name and e.get("data-to") == name]


def test_bidirectional_has_both_chains_through_the_elided_steps() -> None:
    summary = spec(BIDI)
    root = svg_of(summary)
    block = layout(build(summary), "").blocks["bi"]
    lines = _state_lines(root, "bi")
    forward = [e for e in lines if float(e.get("x2", 0)) > float(e.get("x1", 0))]
    backward = [e for e in lines if float(e.get("x2", 0)) < float(e.get("x1", 0))]
    # 1→2, 2→3, 3→…, …→30 one way; 30→…, …→3, 3→2, 2→1 the other: no break at the elision
    assert len(forward) == len(backward) == 4
    ellipsis_x = block.xs[3]
    assert any(abs(float(e.get("x2", 0)) - ellipsis_x) < 10 for e in backward)  # t=30 → …
    assert any(abs(float(e.get("x1", 0)) - ellipsis_x) < 10 for e in backward)  # … → t=3
    assert min(float(e.get("x2", 0)) for e in backward) < block.xs[0] + CELL_W  # ends at t=1
    assert {e.get("y1") for e in forward}.isdisjoint({e.get("y1") for e in backward})  # two rows of arrows


def test_bidirectional_final_output_comes_from_t1_and_tT() -> None:
    summary = spec(BIDI)
    root = svg_of(summary)
    block = layout(build(summary), "").blocks["bi"]
    heads = [e for e in edges(root) if e.get("data-from") == "bi" and e.get("data-to") == "out"]
    assert sorted(float(e.get("x1", 0)) for e in heads) == pytest.approx([block.xs[0], block.xs[-1]])


def test_backward_initial_states_enter_at_tT() -> None:
    """g18: a Bidirectional decoder takes enc[1] (forward h, from enc's t=T) into its
    forward chain at t=1 and enc[2] (backward h, from enc's t=1) into its backward chain at t=T."""
    path = next(p for p in GRAPH_CASES if p.stem == "g18_state_from_bidi")
    summary = summarize(path.read_bytes(), path.name)
    graph = build(summary)
    states = [e for e in graph.edges if e.role == "state"]
    assert [e.steps for e in states] == [((8, 0),), ((0, 4),)]
    root = svg_of(summary)
    lay = layout(graph, "")
    ends = sorted(float(e.get("d", "").split()[-1].split(",")[0]) for e in edges(root)
                  if e.get("data-from") == "enc" and e.get("data-to") == "dec")
    dec = lay.blocks["dec"]
    assert ends == pytest.approx([dec.xs[0] - lay.cell_w / 2, dec.xs[-1] + lay.cell_w / 2])
    assert {"h→", "h←"} <= set(texts(root))


def test_go_backwards_chain_runs_right_to_left_and_ends_at_t1() -> None:
    summary = spec("""
layers:
  - {type: Input, shape: [4, 2]}
  - {type: GRU, name: back, units: 3, go_backwards: true}
  - {type: Dense, name: out, units: 1}
""")
    root = svg_of(summary)
    block = layout(build(summary), "").blocks["back"]
    assert all(float(e.get("x2", 0)) < float(e.get("x1", 0)) for e in _state_lines(root, "back"))
    (head,) = [e for e in edges(root) if e.get("data-to") == "out"]
    assert float(head.get("x1", 0)) == pytest.approx(block.xs[0])


def test_go_backwards_sequence_comes_out_in_the_order_it_ran() -> None:
    """Keras 3 returns a go_backwards layer's steps in processing order: output step 1 is
    the cell that read input step T (Bidirectional flips its backward half back; a lone
    go_backwards layer does not)."""
    summary = spec("""
layers:
  - {type: Input, shape: [4, 2]}
  - {type: GRU, name: back, units: 3, go_backwards: true, return_sequences: true}
  - {type: Conv1D, name: conv, filters: 1, kernel_size: 1}
""")
    graph = build(summary)
    (edge,) = [e for e in graph.edges if e.target == "conv"]
    assert sorted(edge.steps) == [(0, 3), (1, 2), (2, 1), (3, 0)]
    weights = prepare_weights(summary, None, 0)
    x = np.random.default_rng(2).normal(size=(1, 4, 2)).astype(np.float32)
    produced = run(summary, weights, [x])[0]
    z = x.copy()
    z[0, 0] += 1.0  # the numpy forward pass agrees: input step 1 is read last, so only output step 4 changes
    moved = np.abs(run(summary, weights, [z])[0]["back"][0] - produced["back"][0]).max(axis=-1)[0] > 1e-6
    assert moved.tolist() == [False, False, False, True]


CONV = """
layers:
  - {{type: Input, shape: [{steps}, 2]}}
  - {{type: {kind}, name: w, {args}}}
"""


@pytest.mark.parametrize(("kind", "args", "steps", "expected"), [
    ("Conv1D", "filters: 1, kernel_size: 3, strides: 2", 6, {0: [0, 1, 2], 1: [2, 3, 4]}),
    ("Conv1D", "filters: 1, kernel_size: 3, strides: 2, padding: same", 6, {0: [0, 1, 2], 1: [2, 3, 4], 2: [4, 5]}),
    ("Conv1D", "filters: 1, kernel_size: 3, dilation_rate: 2, padding: same", 6,
     {0: [0, 2], 1: [1, 3], 2: [0, 2, 4], 3: [1, 3, 5], 4: [2, 4], 5: [3, 5]}),
    ("Conv1D", "filters: 1, kernel_size: 2, dilation_rate: 2", 5, {0: [0, 2], 1: [1, 3], 2: [2, 4]}),
    ("Conv1D", "filters: 1, kernel_size: 3, dilation_rate: 2, padding: causal", 6,
     {0: [0], 1: [1], 2: [0, 2], 3: [1, 3], 4: [0, 2, 4], 5: [1, 3, 5]}),
    ("MaxPooling1D", "pool_size: 2", 6, {0: [0, 1], 1: [2, 3], 2: [4, 5]}),
    ("AveragePooling1D", "pool_size: 3, strides: 2, padding: same", 6, {0: [0, 1, 2], 1: [2, 3, 4], 2: [4, 5]}),
])
def test_conv_and_pooling_read_their_receptive_field(kind: str, args: str, steps: int,
                                                     expected: dict[int, list[int]]) -> None:
    summary = spec(CONV.format(kind=kind, args=args, steps=steps))
    graph = build(summary)
    (edge,) = [e for e in graph.edges if e.target == "w"]
    got: dict[int, list[int]] = {}
    for s, t in edge.steps:
        assert s is not None and t is not None
        got.setdefault(t, []).append(s)
    assert got == expected
    # the numpy forward pass agrees: output step t changes exactly when an input step in its field does
    if kind != "AveragePooling1D" or "same" not in args:
        weights = prepare_weights(summary, None, 0)
        x = np.random.default_rng(1).normal(size=(1, steps, 2)).astype(np.float32)
        base = run(summary, weights, [x])[0]["w"][0]
        for i in range(steps):
            y = x.copy()
            y[0, i] += 1.0
            moved = np.abs(run(summary, weights, [y])[0]["w"][0] - base).max(axis=-1)[0] > 1e-6
            assert {t for t in range(len(moved)) if moved[t]} == {t for t, ins in expected.items() if i in ins}
    # the drawing shows one arrow per (input step, output step) and the window's geometry
    root = svg_of(summary)
    assert len([e for e in edges(root) if e.get("data-to") == "w"]) == sum(map(len, expected.values()))
    assert any("stride" in t for t in texts(root))


def test_conv_rows_keep_their_own_time_grid() -> None:
    """100 → Conv1D(k=5, s=2) → 48 → pool → 24: each row is captioned with its own steps, and
    output step 48 reads input steps 95..99 (elided: the arrow starts at the "…")."""
    summary = spec("""
layers:
  - {type: Input, shape: [100, 8]}
  - {type: Conv1D, name: conv, filters: 4, kernel_size: 5, strides: 2}
  - {type: MaxPooling1D, name: pool}
""")
    root = svg_of(summary)
    captions = texts(root)
    assert "t=100" in captions and "t=48" in captions and "t=24" in captions
    graph = build(summary)
    (edge,) = [e for e in graph.edges if e.target == "conv"]
    assert sorted(s for s, t in edge.steps if t == 47) == [94, 95, 96, 97, 98]
    assert receptive_field(47, 100, 48, (5, 2, 1, "valid")) == [94, 95, 96, 97, 98]
    last = layout(graph, "").blocks["conv"].xs[-1]
    into_last = [e for e in edges(root) if e.get("data-to") == "conv" and float(e.get("x2", 0)) == pytest.approx(last)]
    assert into_last and all("elided" in (e.get("class") or "") for e in into_last)


def test_embedding_input_is_one_token_box_per_step() -> None:
    summary = summarize((SPECS / "word_vectors.yaml").read_bytes(), "w")
    root = svg_of(summary)
    assert texts(root).count("id") == 5
    tokens = [e for e in edges(root) if e.get("data-from") == "input_layer" and e.get("data-to") == "embed"]
    assert len(tokens) == 5 and all(e.get("x1") == e.get("x2") for e in tokens)  # step to step, no fan-out


def test_global_pooling_gathers_every_step_and_repeat_vector_fans_out() -> None:
    summary = spec("""
layers:
  - {type: Input, shape: [5, 2]}
  - {type: GlobalAveragePooling1D, name: pool}
  - {type: RepeatVector, name: rep, n: 4}
  - {type: MultiHeadAttention, name: att, num_heads: 1, key_dim: 2, inputs: [rep, rep]}
""")
    root = svg_of(summary)
    assert len([e for e in edges(root) if e.get("data-to") == "pool"]) == 5
    fan = [e for e in edges(root) if e.get("data-to") == "rep"]
    assert len(fan) == 4 and len({e.get("x1") for e in fan}) == 1
    # every step to every step, once as the query and once as the value
    assert len([e for e in edges(root) if e.get("data-to") == "att"]) == 2 * 4 * 4


LONG = "a_remarkably_long_layer_name_that_a_student_typed_for_clarity_indeed"


def test_long_names_wrap_beside_the_boxes_and_long_titles_are_not_clipped() -> None:
    summary = spec(f"""
name: {"an_unusually_long_model_name_" * 5}
layers:
  - {{type: Input, shape: [3, 2]}}
  - {{type: LSTM, name: {LONG}, units: 4}}
""")
    root = svg_of(summary)
    width = float(root.get("width", 0))
    lay = layout(build(summary), "")
    first_box = min(x for b in lay.blocks.values() for x in b.xs) - lay.cell_w / 2
    for t in root.iter(f"{NS}text"):
        if t.get("class") in ("name", "shape"):
            assert float(t.get("x", 0)) + len(t.text or "") * NAME_CHAR <= first_box + 1
        if t.get("class") == "title":
            assert 16 + len(t.text or "") * 8.6 <= width
        if t.get("class") == "cap" and t.get("x") == "16":  # the caption under the title
            assert 16 + len(t.text or "") * 6.3 <= width
    assert LONG in "".join(t.text or "" for t in root.iter(f"{NS}text") if t.get("class") == "name")
    assert len([t for t in root.iter(f"{NS}text") if t.get("class") == "title"]) >= 2


def test_untrusted_names_are_escaped_in_edge_attributes() -> None:
    name = 'x"<&>y'
    summary = spec(f"""
layers:
  - {{type: Input, name: 'in{name}', shape: [3, 2]}}
  - {{type: LSTM, name: 'l{name}', units: 4}}
""")
    if not summary.ok:
        pytest.fail(str(summary.diagnostics))
    raw = diagram_svg(summary)
    root = ET.fromstring(raw)  # well formed
    assert (f"in{name}", f"l{name}") in drawn_pairs(root)


@pytest.mark.parametrize(("theme", "background"), [("light", "#ffffff"), ("dark", "#1b1d23")])
def test_themes(theme: str, background: str) -> None:
    out = CliRunner().invoke(cli, ["diagram", str(SPECS / "understanding_lstm.yaml"), "--theme", theme])
    assert out.exit_code == 0
    root = ET.fromstring(out.output)
    assert next(root.iter(f"{NS}rect")).get("fill") == background


def test_light_theme_meets_wcag_aa() -> None:
    from lstmcalc.render.diagram import THEMES

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for theme in THEMES.values():
        for text in ("text", "muted"):
            assert contrast(theme[text], theme["bg"]) >= 4.5
        for line in ("flow", "state", "mask"):
            assert contrast(theme[line], theme["bg"]) >= 3
        for kind in ("input", "token", "recurrent", "step", "vector"):
            fill, stroke = theme[kind].split("/")
            assert contrast(theme["cell"], fill) >= 4.5  # box labels
            assert contrast(stroke, theme["bg"]) >= 3  # box outlines


def test_a_100_step_model_stays_small() -> None:
    """Its speed is measured by bench/bench_diagram.py, beside the summary, not here."""
    summary = spec("""
layers:
  - {type: Input, shape: [100, 16]}
  - {type: Conv1D, filters: 8, kernel_size: 5, padding: same}
  - type: Bidirectional
    layer: {type: LSTM, units: 32, return_sequences: true}
  - {type: LSTM, units: 16}
  - {type: Dense, units: 1}
""")
    raw = diagram_svg(summary)
    root = ET.fromstring(raw)
    assert len(list(root.iter(f"{NS}rect"))) < 40  # middle steps elided: 5 columns per row
    assert "t=100" in texts(root)


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


#: the diagrams the README shows, and the spec each is drawn from
README_DIAGRAMS = {
    "understanding_lstm": SPECS / "understanding_lstm.yaml",
    "encoder_decoder_repeat": SPECS / "encoder_decoder_repeat.yaml",
    "bidirectional_sum": SPECS / "bidirectional_sum.yaml",
    "seq2seq_states": Path(__file__).parent / "keras_graph" / "cases" / "g02_encoder_decoder_states.yaml",
}


@pytest.mark.parametrize("name", list(README_DIAGRAMS))
def test_readme_diagrams_are_current(name: str, update_goldens: bool) -> None:
    """docs/*.svg are shown in the README; regenerate with `pytest --update-goldens`
    (which runs `lstmcalc diagram SPEC` as the goldens do)."""
    result = CliRunner().invoke(cli, ["diagram", str(README_DIAGRAMS[name])])
    assert result.exit_code == 0, result.output
    target = ROOT / "docs" / f"{name}.svg"
    if update_goldens:
        target.write_text(result.output)
    assert target.read_text() == result.output


def test_concatenate_along_time_places_each_input_after_the_one_before() -> None:
    """g12: a (unknown length) then b (6 steps) joined on axis 1: the output starts with a's
    steps and ends with b's, so t=T comes from b's t=6 and t=1..3 from a's."""
    path = next(p for p in GRAPH_CASES if p.stem == "g12_concat_axis_time")
    graph = build(summarize(path.read_bytes(), path.name))
    steps = {e.source: e.steps for e in graph.edges if e.target == "concatenate"}
    assert steps == {"a": ((0, 0), (1, 1), (2, 2)), "b": ((5, -1),)}
    summary = spec("""
layers:
  - {type: Input, name: a, shape: [2, 3]}
  - {type: Input, name: b, shape: [3, 3]}
  - {type: Concatenate, name: cat, axis: 1, inputs: [a, b]}
""")
    steps = {e.source: e.steps for e in build(summary).edges}
    assert steps == {"a": ((0, 0), (1, 1)), "b": ((0, 2), (1, 3), (2, 4))}


def test_a_huge_name_is_cut_in_its_column_but_whole_in_the_edges() -> None:
    name = "n" * 5000
    summary = spec(f"""
layers:
  - {{type: Input, shape: [3, 2]}}
  - {{type: LSTM, name: {name}, units: 4}}
""")
    root = svg_of(summary)
    name_lines = [t.text or "" for t in root.iter(f"{NS}text") if t.get("class") == "name"]
    assert len(name_lines) == 1 + 4 and name_lines[-1].endswith("…")  # input_layer's line, then four
    assert ("input_layer", name) in drawn_pairs(root)
    assert float(root.get("height", 0)) < 400


def test_layers_by_longest_path_and_ordered_by_parents_so_edges_do_not_cross() -> None:
    """from_b comes first in the spec, but its parent b sits right of a: ordering a layer's
    blocks by their parents' barycentre puts from_a left, so the two edges do not cross."""
    summary = spec("""
layers:
  - {type: Input, name: a, shape: [4]}
  - {type: Input, name: b, shape: [4]}
  - {type: Dense, name: from_b, units: 2, inputs: b}
  - {type: Dense, name: from_a, units: 2, inputs: a}
  - {type: Concatenate, name: cat, inputs: [from_b, from_a]}
  - {type: Dense, name: skip_head, units: 1, inputs: a}
  - {type: Add, name: late, inputs: [cat, b]}
""")
    from lstmcalc.render.diagram import levels

    graph = build(summary)
    assert levels(graph) == {"a": 0, "b": 0, "from_b": 1, "from_a": 1, "skip_head": 1, "cat": 2, "late": 3}
    blocks = layout(graph, "").blocks
    assert blocks["a"].xs[0] < blocks["b"].xs[0]
    assert blocks["from_a"].xs[0] < blocks["from_b"].xs[0]
    root = svg_of(summary)
    # b → late skips two layers: it is drawn as a curve (a path), not a line through cat
    (skip,) = [e for e in edges(root) if e.get("data-from") == "b" and e.get("data-to") == "late"]
    assert skip.tag == f"{NS}path" or not any(abs(float(skip.get("x1", 0)) - x) < 30 for x in blocks["cat"].xs)


def test_zero_padding_and_cropping_shift_the_steps() -> None:
    summary = spec("""
layers:
  - {type: Input, shape: [5, 2]}
  - {type: ZeroPadding1D, name: zp, padding: [2, 1]}
  - {type: Cropping1D, name: cr, cropping: [1, 3]}
""")
    steps = {e.target: e.steps for e in build(summary).edges}
    assert steps["zp"] == ((0, 2),)  # of the shown steps 1, 2, 3, …, 8, only t=3 holds input t=1; t=8 is padding
    assert steps["cr"] == ((1, 0), (2, 1), (3, 2), (4, 3))
