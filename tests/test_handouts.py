"""Print-ready handouts: summary --format svg|html|markdown and explain --format text|markdown|html.

What a teacher found rendering them in headless Chromium, each checked here: widths taken
from a redirected terminal, colours below WCAG AA on white, no <title>, Markdown tables
broken by a `|`, explain text not wrapped, "1 units", merge layers showing one input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmcalc.cli import cli
from lstmcalc.render.themes import PALETTES, Theme, contrast_ratio, palette

ROOT = Path(__file__).parent.parent
BUNDLED = sorted((ROOT / "specs").glob("*.yaml")) + sorted((ROOT / "specs").glob("*.py"))
CONCAT = ROOT / "tests" / "keras_graph" / "cases" / "g01_concat_two_inputs.yaml"  # functional, 2 inputs
SEQUENTIAL = ROOT / "specs" / "understanding_lstm.yaml"
AA = 4.5


def run(args: list[str], columns: int = 80) -> str:
    result = CliRunner(env={"COLUMNS": str(columns), "NO_COLOR": None}).invoke(cli, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result.output


# --- colours ------------------------------------------------------------------------------

def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    # Keras's cyan None on white: the ratio the teacher measured
    assert contrast_ratio("#00d7ff", "#ffffff") == pytest.approx(1.7, abs=0.05)


@pytest.mark.parametrize("theme", list(Theme), ids=str)
@pytest.mark.parametrize("color", [True, False], ids=["colour", "monochrome"])
def test_every_foreground_meets_aa_on_every_background_of_its_theme(theme: Theme, color: bool) -> None:
    colours = palette(theme, color=color)
    for fg_name, fg in colours.foregrounds.items():
        for bg_name, bg in colours.backgrounds.items():
            ratio = contrast_ratio(fg, bg)
            assert ratio >= AA, f"{theme} {fg_name} {fg} on {bg_name} {bg}: {ratio:.2f}:1"


def _svg_text_colours(svg: str) -> set[str]:
    return {c.lower() for c in re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", svg)}


def _html_text_colours(page: str) -> set[str]:
    return {c.lower() for c in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", page)}


@pytest.mark.parametrize("theme", list(Theme), ids=str)
@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_rendered_text_colours_meet_aa_on_the_page(theme: Theme, fmt: str) -> None:
    """Not just the palette: every colour the rendered file actually uses for text."""
    out = run(["summary", "--format", fmt, "--theme", theme.value, CONCAT, SEQUENTIAL])
    colours = _svg_text_colours(out) if fmt == "svg" else _html_text_colours(out)
    background = PALETTES[theme].background
    assert len(colours) >= 4, colours  # text, None, numbers, layer types
    for colour in colours:
        assert contrast_ratio(colour, background) >= AA, (colour, background)
    assert "#00d7ff" not in colours or theme is Theme.TERMINAL  # Keras's cyan only on the dark page


@pytest.mark.parametrize("theme", list(Theme), ids=str)
def test_explain_html_colours_meet_aa_on_its_backgrounds(theme: Theme) -> None:
    out = run(["explain", "--format", "html", "--theme", theme.value, CONCAT])
    colours = set(re.findall(r"(?<![-\w])color:(#[0-9a-fA-F]{6})", out))
    backgrounds = set(re.findall(r"background:(#[0-9a-fA-F]{6})", out))
    # text and notes; the page and code (one shade in the terminal theme)
    assert len(colours) >= 2 and len(backgrounds) >= (2 if theme is Theme.LIGHT else 1), (colours, backgrounds)
    for fg in colours:
        for bg in backgrounds:
            assert contrast_ratio(fg, bg) >= AA, (fg, bg)


@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_no_color_is_monochrome(fmt: str) -> None:
    out = run(["summary", "--format", fmt, "--no-color", CONCAT])
    colours = _svg_text_colours(out) if fmt == "svg" else _html_text_colours(out)
    assert colours == {PALETTES[Theme.LIGHT].text}


def test_light_svg_has_no_terminal_window_and_terminal_svg_keeps_it() -> None:
    light = run(["summary", "--format", "svg", SEQUENTIAL])
    terminal = run(["summary", "--format", "svg", "--theme", "terminal", SEQUENTIAL])
    assert "#ff5f57" not in light and 'fill="#ffffff"' in light  # no window buttons; a white page
    assert "#ff5f57" in terminal and PALETTES[Theme.TERMINAL].background in terminal
    assert "cdnjs" not in light + terminal  # stands alone: no web fonts


# --- widths ---------------------------------------------------------------------------------

def _table_width(out: str) -> int:
    """Width of the first table's top rule (┏━━…┓), as text."""
    plain = re.sub(r"<[^>]+>", "", out).replace("&#160;", " ")
    rule = re.search(r"┏[━┳]+┓", plain)
    assert rule, "no table rule"
    return len(rule.group())


@pytest.mark.parametrize("fmt", ["svg", "html"])
@pytest.mark.parametrize("columns", [40, 92, 300])
def test_files_take_keras_widths_not_the_terminal(fmt: str, columns: int) -> None:
    assert _table_width(run(["summary", "--format", fmt, CONCAT], columns)) == 108
    assert _table_width(run(["summary", "--format", fmt, SEQUENTIAL], columns)) == 88
    assert _table_width(run(["summary", "--format", fmt, "--line-length", "120", CONCAT], columns)) == 120


def test_connected_to_is_not_truncated_in_a_narrow_terminal() -> None:
    out = run(["summary", "--format", "html", CONCAT], columns=40)
    assert "…" not in out
    assert "meta_dense[" in out and "rnn[" in out


def test_text_summary_still_follows_the_terminal_as_keras_does() -> None:
    assert _table_width(run(["summary", CONCAT], columns=64)) == 60  # min(108, 64 - 4)


# --- titles -----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["svg", "html"])
@pytest.mark.parametrize("theme", list(Theme), ids=str)
def test_title_is_the_escaped_model_name(tmp_path: Path, fmt: str, theme: Theme) -> None:
    spec = tmp_path / "m.yaml"
    spec.write_text('name: "<script>x<script> & \\u202e{y}"\nlayers:\n- {type: Input, shape: [5, 3]}\n'
                    "- {type: LSTM, units: 2}\n")
    out = run(["summary", "--format", fmt, "--theme", theme.value, spec])
    titles = re.findall(r"<title>(.*?)</title>", out)
    assert titles == ["&lt;script&gt;x&lt;script&gt; &amp; \\u202e{y}"]
    assert "<script>" not in out and "\u202e" not in out


# --- print ------------------------------------------------------------------------------------

def test_summary_html_print_rules_fit_the_widest_table() -> None:
    out = run(["summary", "--format", "html", CONCAT])
    size = float(re.search(r"@media print \{.*?pre \{ font-size: ([\d.]+)pt", out, re.S).group(1))
    assert 0.6 * size * 108 <= 500  # 108 monospace characters within A4/Letter's printable width
    assert "break-inside: avoid" in out


def test_explain_html_keeps_layer_blocks_whole_and_shapes_unbroken() -> None:
    out = run(["explain", "--format", "html", CONCAT])
    assert re.search(r"@media print\{[^@]*\.layer\{break-inside:avoid", out)
    assert out.count('<section class="layer">') == out.count("</section>") == 6
    assert ".shape{white-space:nowrap}" in out
    text = re.sub(r'<span class="shape">\([^<]*\)</span>', "", out)  # every shape sits in a nowrap span
    assert not re.search(r"\((?:None|\d+), (?:None|\d+)", text)
    assert "`" not in out and "<code>shape</code>" in out


# --- markdown tables --------------------------------------------------------------------------

def _tables(markdown: str) -> list[tuple[int, list[int]]]:
    """(header cells, [cells of each body row]) for every table markdown-it finds."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables, header, rows, cells, section = [], 0, [], 0, ""
    for token in tokens:
        if token.type == "table_open":
            header, rows = 0, []
        elif token.type in ("thead_open", "tbody_open"):
            section = token.type
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            if section == "thead_open":
                header = cells
            else:
                rows.append(cells)
        elif token.type == "table_close":
            tables.append((header, rows))
    return tables


def _source_table_rows(markdown: str) -> int:
    return sum(1 for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| ---"))


def _check_tables(markdown: str) -> int:
    tables = _tables(markdown)
    for header, rows in tables:
        assert rows, "a table without rows"
        assert all(r == header for r in rows), (header, rows)
    # every table line we wrote is a row of some table: none fell out as a paragraph
    assert sum(1 + len(rows) for _, rows in tables) == _source_table_rows(markdown)
    return len(tables)


def test_markdown_tables_of_every_bundled_spec_keep_their_columns() -> None:
    found = 0
    for spec in BUNDLED:
        found += _check_tables(run(["summary", "--format", "markdown", spec]))
        found += _check_tables(run(["explain", "--format", "markdown", spec]))
    assert found >= 2 * len(list((ROOT / "specs").glob("*.yaml"))) // 2  # most specs build and give tables


@pytest.mark.parametrize("name", ["a|b", "a\\|b", "ends\\", "`x|y`", "x`|`y", "*[a](b)|<i>"])
def test_markdown_tables_survive_hostile_names(tmp_path: Path, name: str) -> None:
    import json

    spec = tmp_path / "m.yaml"
    spec.write_text(f"name: {json.dumps(name)}\nlayers:\n- {{type: Input, shape: [5, 3]}}\n"
                    f"- {{type: LSTM, name: {json.dumps(name)}, units: 2}}\n"
                    f"- {{type: Dense, name: {json.dumps(name + '2')}, units: 1}}\n")
    for command in ("summary", "explain"):
        out = run([command, "--format", "markdown", spec])
        assert _check_tables(out) >= 1
        from markdown_it import MarkdownIt

        rendered = MarkdownIt("commonmark").enable("table").render(out)
        assert "<i>" not in rendered and "<a " not in rendered  # no raw HTML, no link from a name


# --- explain text -----------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [*BUNDLED, CONCAT], ids=lambda p: p.name)
@pytest.mark.parametrize("columns", [60, 80])
def test_explain_text_wraps_at_word_boundaries(spec: Path, columns: int) -> None:
    wide = run(["explain", spec], columns=1000)
    narrow = run(["explain", spec], columns=columns)
    if not wide.strip():
        return  # a spec with errors explains nothing; the text is checked on the others
    assert narrow.split() == wide.split()  # same words in the same order: none was cut
    for line in narrow.splitlines():
        words = line.split()
        assert len(line) <= columns or len(words) == 1 or "(" in line, line  # only an unbreakable run is longer
    assert max(len(line) for line in wide.splitlines()) > columns  # the wide one did need wrapping


def test_explain_text_never_breaks_inside_a_shape() -> None:
    out = run(["explain", SEQUENTIAL], columns=50)
    wrapped = 0
    for line in out.splitlines():
        assert not re.search(r"\((?:None|\d+),$", line.rstrip()), line  # a tuple left open at the end
        assert not re.match(r"\s*(?:None|\d+)(?:, (?:None|\d+))*\)", line), line  # and closed on the next
        wrapped += line.startswith(" " * 11) and not line.startswith(" " * 12)
    assert wrapped >= 5  # at 50 columns plenty of fields continue on a second line


def test_counts_have_separators_and_nouns_agree() -> None:
    out = run(["explain", ROOT / "specs" / "word_vectors.yaml"], columns=200)
    assert "10,000 ids" in out and "10,000 × 64 = 640,000" in out
    assert not re.search(r"(?<![\w.,(])\d{4,}(?![\w.,)])", re.sub(r"\([^()]*\)", "", out))
    dense = run(["explain", CONCAT], columns=200)
    assert "→ 1 unit →" in dense and "batch × 1 feature\n" in dense
    seq = run(["explain", ROOT / "specs" / "encoder_decoder_repeat.yaml"], columns=300)
    assert "seeing the 1 input feature and" in seq  # an adjective between the number and its noun
    assert not re.search(r"\b1 (?:input |token )?(units|features|outputs|ids)\b", dense + out + seq)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_merge_layers_list_every_input(fmt: str) -> None:
    out = run(["explain", "--format", fmt, CONCAT], columns=200)
    block = out[out.index("joined"):]
    block = block[:block.index("Dense")]
    assert "rnn: (None, 16)" in re.sub(r"<[^>]+>", "", block)
    assert "meta_dense: (None, 8)" in re.sub(r"<[^>]+>", "", block)
    assert "joins its 2 inputs" in block


def test_calc_merge_lists_every_input() -> None:
    out = CliRunner(env={"COLUMNS": "120"}).invoke(cli, ["calc", "Add()", "--input", "(None, 5)",
                                                         "--input", "(None, 5)"]).output
    assert out.count("(None, 5): batch × 5 features") >= 3  # two inputs and the output


def test_a_coloured_terminal_table_first_does_not_discolour_a_later_page() -> None:
    """rich keeps a style's escape codes on the (shared, parsed-once) Style, for the colour
    system of the first console that drew it; a 16-colour `--color` table drawn first in the
    same process (the REPL, a test run) must not turn the page's colours into plain text.
    A fresh interpreter, so that no earlier test has drawn these styles first."""
    import subprocess
    import sys

    program = f"""
from click.testing import CliRunner
from lstmcalc.cli import cli
spec = {str(ROOT / "specs" / "understanding_lstm.yaml")!r}
first = CliRunner(env={{"COLUMNS": "120", "TERM": "xterm", "COLORTERM": None, "NO_COLOR": None}}).invoke(
    cli, ["summary", "--color", spec])
page = CliRunner(env={{"COLUMNS": "92", "NO_COLOR": None}}).invoke(cli, ["summary", "--format", "html", spec])
print(repr(first.output))
print(page.output)
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=ROOT)
    first, page = done.stdout.split("\n", 1)
    assert "\\x1b[96m" in first  # color(45) drawn for 16 colours: the state that used to leak
    light = palette()
    assert all(colour in page for colour in (light.none, light.number, light.symbol))


# --- Keras's summary() options in the handouts ------------------------------------------------

def _option_records() -> list[dict]:
    import json

    corpus = ROOT / "tests" / "keras_summary_options"
    records = [json.loads(line) for line in (corpus / "expected.jsonl").read_text().splitlines() if line]
    return [r for r in records if "spec" in r and "keras_error" not in r]


OPTION_RECORDS = _option_records()


def _keras_blocks(text: str) -> list[list[str]]:
    """Each row of Keras's text table as its cells, wrapped lines joined without spaces."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("┡")) + 1
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in lines[start:]:
        if line.startswith(("├", "└")):
            if current is not None:
                blocks.append(current)
            current = None
            if line.startswith("└"):
                break
            continue
        cells = [re.sub(r"\s+", "", c) for c in line.split("│")[1:-1]]
        current = cells if current is None else [a + b for a, b in zip(current, cells, strict=True)]
    return blocks


def _markdown_rows(markdown: str) -> list[list[str]]:
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| ---")][1:]
    return [[re.sub(r"\s+", "", c.replace("\\|", "|")) for c in row.strip("| ").split(" | ")] for row in rows]


@pytest.mark.parametrize("record", OPTION_RECORDS, ids=[r["case"] for r in OPTION_RECORDS])
def test_html_follows_summary_options_as_keras_prints_them(record: dict) -> None:
    """The HTML page's table is Keras's text for the same options (Keras's widths are the
    file formats' widths; the recorded text was printed 120 columns wide)."""
    import html as html_module

    from test_summary_options import cli_args

    spec = str(ROOT / "tests" / "keras_summary_options" / "cases" / f"{record['spec']}.yaml")
    options = dict(record["options"])
    natural = (108 if "Connected to" in record["keras_text"] else 88) + (12 if options.get("show_trainable") else 0)
    if "line_length" not in options and natural > 116:  # Keras took min(natural, 120 columns - 4)
        options["line_length"] = 116
    page = run(["summary", "--format", "html", *cli_args(options), spec])
    code = html_module.unescape(re.sub(r"<[^>]+>", "", page.split("<code>", 1)[1].split("</code>", 1)[0]))
    expected = record["keras_text"].rstrip("\n")
    if record["options"].get("expand_wrappers"):
        from lstmcalc.render.keras_table import WRAPPERS_NOTE

        expected += "\n" + WRAPPERS_NOTE
    assert code.rstrip("\n") == expected


@pytest.mark.parametrize("record", OPTION_RECORDS, ids=[r["case"] for r in OPTION_RECORDS])
def test_markdown_follows_summary_options_as_keras_prints_them(record: dict) -> None:
    """The Markdown rows are Keras's rows for the same options (names, shapes, counts,
    Connected to, Trainable), whatever the widths Keras wrapped them to."""
    from test_summary_options import cli_args

    spec = str(ROOT / "tests" / "keras_summary_options" / "cases" / f"{record['spec']}.yaml")
    markdown = run(["summary", "--format", "markdown", *cli_args(record["options"]), spec])
    assert _check_tables(markdown) == 1
    ours = [[c.replace("└", "") for c in row] for row in _markdown_rows(markdown)]
    keras = [[c.replace("└", "") for c in row] for row in _keras_blocks(record["keras_text"])]
    assert len(ours) == len(keras) and all(len(a) == len(b) for a, b in zip(ours, keras, strict=True))
    for row, keras_row in zip(ours, keras, strict=True):
        for cell, keras_cell in zip(row, keras_row, strict=True):  # Keras cuts a cell too narrow with "…"
            if "…" not in keras_cell:
                assert cell == keras_cell
                continue
            position = 0  # what Keras kept of each wrapped line is in ours, in order
            for piece in keras_cell.split("…"):
                found = cell.find(piece, position)
                assert found >= 0, (cell, keras_cell)
                position = found + len(piece)
