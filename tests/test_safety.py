"""The trust boundary: hostile names through every output format, the atomic writer, the
crash barrier and exit statuses, file-kind sniffing, settings types and lint caps."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lstmcalc.cli import EXIT_INTERNAL, cli
from lstmcalc.safety.text import markdown_code, visible, xml_text
from lstmcalc.safety.writing import WriteError, write_atomic

HOSTILE_NAMES = [
    "line\nsrc/x.yaml:1:1: LC999 [error] forged",
    "cr\rforged",
    "esc\x1b[2Jclear",
    "osc\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "bell\x07",
    "[bold]markup[/bold]",
    "[/oops]",
    "[link=https://evil.example]x[/link]",
    "<script>alert(1)</script>",
    "amp&quot;\"'",
    "pipe|in|name",
    "tick`s``",
    "ls\u2028sep",
    "bidi\u202eevil",
    "nul\x00byte",
    "::error::forged",
    "%0Aencoded",
    ":smile:",
    "x" * 3000,
]

@contextlib.contextmanager
def inside(folder: Path):  # type: ignore[no-untyped-def]
    """Run in FOLDER (click's isolated_filesystem is deprecated)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e]")


def spec_with(name: str) -> str:
    """A small graph spec whose every name is NAME (with suffixes to stay unique)."""
    layers = [
        {"type": "Input", "name": name + "_in", "shape": [5, 3]},
        {"type": "LSTM", "name": name + "_rnn", "units": 4, "return_sequences": True},
        {"type": "Dense", "name": name, "units": 2},
    ]
    return json.dumps({"name": name + "_model", "layers": layers})


def invoke(tmp_path: Path, *args: str, name: str = "", stdin: str | None = None):  # type: ignore[no-untyped-def]
    """Run the CLI on a model named NAME. Keras refuses names with `/`, so those must come
    back as one LC015 line per named layer and no output; the others must be accepted."""
    runner = CliRunner()
    with inside(tmp_path):
        Path("m.json").write_text(spec_with(name))
        result = runner.invoke(cli, list(args), input=stdin)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        if "/" in name:
            assert result.exit_code == 1, result.output
            assert (result.stdout + result.stderr).count("LC015") == 4  # three layers and the model
            lines = result.stderr.splitlines()
            assert all(re.match(r"^m\.json:1:\d+: LC015 \[error\] Argument `name`", x) for x in lines), lines
            assert not CONTROL.search(result.stdout + result.stderr)
            return None  # refused as Keras refuses it; there is no output to check
        assert result.exit_code == 0, result.output
        return result


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "svg"])
def test_summary_formats_keep_hostile_names_inert(tmp_path: Path, name: str, fmt: str) -> None:
    result = invoke(tmp_path, "summary", "m.json", "--format", fmt, name=name)
    if result is None:
        return
    out = result.stdout
    assert not CONTROL.search(out), repr(out[:300])
    if fmt == "json":
        data = json.loads(out)
        assert data[0]["layers"][-1]["name"] == name  # JSON carries the exact name, escaped by json
    elif fmt == "svg":
        ET.fromstring(out)
    elif fmt == "html":
        assert "<script>alert" not in out
    elif fmt == "markdown":
        rows = [line for line in out.splitlines() if line.startswith("|")]
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(counts) == 1, rows
    else:
        assert "forged" not in "".join(line for line in out.splitlines() if line.startswith("src/"))
        assert "[bold]" not in name or "[bold]" in out  # markup is shown, not applied


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_lint_formats_keep_one_finding_per_line(tmp_path: Path, name: str, fmt: str) -> None:
    runner = CliRunner()
    with inside(tmp_path):
        # LC018 (duplicate names) and LC013 (unknown argument) quote the name and the key.
        spec = {"layers": [{"type": "Input", "shape": [5, 3]},
                           {"type": "LSTM", "name": name, "units": 4, name[:50]: 1},
                           {"type": "Dense", "name": name, "units": 1}]}
        Path("m.json").write_text(json.dumps(spec))
        result = runner.invoke(cli, ["lint", "m.json", "--format", fmt])
        counted = json.loads(runner.invoke(cli, ["lint", "m.json", "--format", "json"]).stdout)
    findings = len(counted["files"][0]["diagnostics"])
    assert findings >= 2  # LC013 for the key and LC018 for the name, at least
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert not CONTROL.search(out)
    lines = out.splitlines()
    if fmt == "text":
        assert all(re.match(r"^m\.json:\d+:\d+: LC\d{3} \[(error|warning|info)\] ", line) for line in lines[:-1])
        assert len(lines) == findings + 1  # one line per finding and the tally, whatever the name holds
    elif fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
        assert len(lines) == findings + 1
    elif fmt in ("json", "sarif"):
        json.loads(out)
    else:
        ET.fromstring(out)


@pytest.mark.parametrize("name", HOSTILE_NAMES[:18], ids=range(18))
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_explain_keeps_hostile_names_inert(tmp_path: Path, name: str, fmt: str) -> None:
    result = invoke(tmp_path, "explain", "m.json", "--format", fmt, name=name)
    if result is None:
        return
    assert not CONTROL.search(result.stdout)
    if fmt == "markdown":
        headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
        assert len(headings) == 3  # a newline in a name cannot start a heading of its own
    if fmt == "html":
        assert "<script>alert" not in result.stdout


@pytest.mark.parametrize("name", HOSTILE_NAMES[:18], ids=range(18))
def test_diagram_is_well_formed_xml(tmp_path: Path, name: str) -> None:
    result = invoke(tmp_path, "diagram", "m.json", name=name)
    if result is None:
        return
    ET.fromstring(result.stdout)


@pytest.mark.parametrize("name", HOSTILE_NAMES[:18], ids=range(18))
@pytest.mark.parametrize("target", ["yaml", "json", "keras"])
def test_convert_round_trips_names_as_data(tmp_path: Path, name: str, target: str) -> None:
    import ast

    result = invoke(tmp_path, "convert", "m.json", "--to", target, name=name)
    if result is None:
        return
    out = result.stdout
    if target == "keras":
        tree = ast.parse(out)
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        names = {kw.value.value for c in calls for kw in c.keywords if kw.arg == "name"
                 and isinstance(kw.value, ast.Constant)}
        assert name in names  # the exact name, as a string constant, nothing else
        assert not any(isinstance(n, (ast.Import, ast.ImportFrom)) and n.names[0].name not in ("keras", "layers")
                       for n in ast.walk(tree))
    elif target == "yaml":
        assert yaml.safe_load(out)["layers"][-1]["name"] == name
    else:
        assert json.loads(out)["layers"][-1]["name"] == name


def test_convert_refuses_what_summary_refuses_and_never_writes_code_from_a_type(tmp_path: Path) -> None:
    runner = CliRunner()
    with inside(tmp_path):
        Path("x.yaml").write_text(
            "layers:\n  - {type: Input, shape: [5, 3]}\n"
            "  - {type: \"LSTM(1)); __import__('os').system('id'); x=(layers.LSTM\", units: 2}\n")
        result = runner.invoke(cli, ["convert", "x.yaml", "--to", "keras"])
        assert result.exit_code == 1 and result.stdout == ""
        assert "LC012" in result.stderr
        Path("y.yaml").write_text("layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 2, \"a=1)#\": 3}\n")
        result = runner.invoke(cli, ["convert", "y.yaml", "--to", "keras"])
        assert result.exit_code == 1 and result.stdout == "" and "LC013" in result.stderr


def test_emitter_refuses_values_that_are_not_plain_data() -> None:
    from lstmcalc.spec import load_spec
    from lstmcalc.writers.keras_code import EmitError, to_keras_python

    spec, _ = load_spec(b"layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 2}\n", "x.yaml")
    assert spec is not None
    lstm = spec.layers[1]
    bad = lstm._replace(args={**lstm.args, "units": lstm.args["units"]._replace(value=object())})
    with pytest.raises(EmitError):
        to_keras_python(spec._replace(layers=(spec.layers[0], bad)))
    evil = lstm._replace(type="LSTM(1)\nimport os")
    with pytest.raises(EmitError):
        to_keras_python(spec._replace(layers=(spec.layers[0], evil)))


def test_graph_specs_survive_their_own_round_trip(tmp_path: Path) -> None:
    spec = Path(__file__).parent / "keras_graph" / "cases"
    cases = sorted(spec.glob("*.yaml"))
    assert cases
    runner = CliRunner()
    for case in cases:
        before = runner.invoke(cli, ["summary", str(case), "--format", "json"])
        if before.exit_code != 0:
            continue
        for target in ("yaml", "json"):
            converted = runner.invoke(cli, ["convert", str(case), "--to", target])
            assert converted.exit_code == 0, converted.output
            out = tmp_path / f"{case.stem}.{target}"
            out.write_text(converted.stdout)
            after = runner.invoke(cli, ["summary", str(out), "--format", "json"])
            assert _rows(after.stdout) == _rows(before.stdout), case.name


def _rows(text: str) -> list[object]:
    """Everything a summary says but where in the file each layer was written."""
    return [[{k: v for k, v in layer.items() if k not in ("line", "column")} for layer in s["layers"]]
            + [s["name"], s["total_params"], s["ok"]] for s in json.loads(text)]


# --- the atomic writer -------------------------------------------------------------


def test_writer_writes_exactly_the_path_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_atomic(target, b"one")
    assert target.read_bytes() == b"one" and sorted(os.listdir(tmp_path)) == ["out"]
    with pytest.raises(WriteError, match="--force"):
        write_atomic(target, b"two")
    assert target.read_bytes() == b"one"
    write_atomic(target, b"two", confirm=lambda _: True)
    assert target.read_bytes() == b"two"
    write_atomic(target, "three", force=True)
    assert target.read_text() == "three"
    with pytest.raises(WriteError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "out", b"x")
    with pytest.raises(WriteError, match="directory"):
        write_atomic(tmp_path, b"x")


def test_a_failed_write_leaves_the_old_file_whole_and_no_fragment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    target = tmp_path / "model.yaml"
    target.write_text("precious")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match="disk is full"):
        write_atomic(target, b"new" * 1000, force=True)
    assert target.read_text() == "precious"
    assert os.listdir(tmp_path) == ["model.yaml"]


def test_cli_writes_refuse_existing_files_without_force(tmp_path: Path) -> None:
    runner = CliRunner()
    with inside(tmp_path):
        Path("m.json").write_text(spec_with("a"))
        Path("out.yaml").write_text("mine")
        result = runner.invoke(cli, ["convert", "m.json", "--to", "yaml", "-o", "out.yaml"])
        assert result.exit_code == 2 and "--force" in result.output
        assert Path("out.yaml").read_text() == "mine"
        result = runner.invoke(cli, ["diagram", "m.json", "-o", "nowhere/d.svg"])
        assert result.exit_code == 2 and "does not exist" in result.output
        assert runner.invoke(cli, ["convert", "m.json", "--to", "yaml", "-o", "out.yaml", "--force"]).exit_code == 0
        assert "layers:" in Path("out.yaml").read_text()


# --- crash barrier and exit statuses ---------------------------------------------------


def test_an_unexpected_exception_is_one_line_and_status_3(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lstmcalc import render
    from lstmcalc.render import Format

    def boom(*_: object) -> None:
        raise KeyError("surprise\nsecond line")

    monkeypatch.setitem(render.RENDERERS, Format.TEXT, boom)
    runner = CliRunner()
    with inside(tmp_path):
        Path("m.json").write_text(spec_with("a"))
        result = runner.invoke(cli, ["summary", "m.json"])
    assert result.exit_code == EXIT_INTERNAL == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("internal error: KeyError")
    assert "LSTMCALC_DEBUG=1" in lines[0] and "Traceback" not in result.output


def test_debug_variable_shows_the_traceback(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lstmcalc import render
    from lstmcalc.render import Format

    monkeypatch.setitem(render.RENDERERS, Format.TEXT, lambda *_: 1 / 0)
    monkeypatch.setenv("LSTMCALC_DEBUG", "1")
    runner = CliRunner()
    with inside(tmp_path):
        Path("m.json").write_text(spec_with("a"))
        result = runner.invoke(cli, ["summary", "m.json"])
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_a_full_disk_on_stdout_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    spec = Path(__file__).parent.parent / "specs" / "understanding_lstm.yaml"
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-c", "from lstmcalc.cli import main; main()", "summary", str(spec)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "No space left" in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_a_full_disk_on_stderr_is_status_2_not_an_uncaught_exception(tmp_path: Path) -> None:
    spec = tmp_path / "w.yaml"
    spec.write_text("layers:\n  - {type: LSTM, units: 2}\n")  # LC020, a warning, goes to stderr
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-c", "from lstmcalc.cli import main; main()", "summary", str(spec)],
                              stdout=subprocess.PIPE, stderr=full, text=True, timeout=60, check=False)
    assert proc.returncode == 2  # Python's own status for an uncaught exception would be 1


# --- sniffing, settings, lint caps -------------------------------------------------------


def test_extension_decides_and_comments_never_sniff(tmp_path: Path) -> None:
    runner = CliRunner()
    with inside(tmp_path):
        Path("c.yaml").write_text("# built like keras.Sequential( in train.py\n"
                                  "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 2}\n")
        assert runner.invoke(cli, ["summary", "c.yaml"]).exit_code == 0
        Path("flow.yaml").write_text("{layers: [{type: Input, shape: [5, 3]}, {type: LSTM, units: 2}]}\n")
        assert runner.invoke(cli, ["summary", "flow.yaml"]).exit_code == 0
        flow = runner.invoke(cli, ["summary", "-"], input=Path("flow.yaml").read_text())
        assert flow.exit_code == 0, flow.output
        code = "import keras\nmodel = keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(2)])\n"
        assert runner.invoke(cli, ["summary", "-"], input=code).exit_code == 0
        Path("empty.keras").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
        result = runner.invoke(cli, ["summary", "empty.keras"])
        assert result.exit_code == 1 and "config.json" in result.stderr and "NUL" not in result.stderr


@pytest.mark.parametrize(("toml", "message"), [
    ('[tool.lstmcalc]\nstrict = "false"\n', "TOML boolean"),
    ("tool = 3\n", "must be a table"),
    ("[tool]\nlstmcalc = 3\n", "must be a table"),
    ("a = " + "[" * 5000 + "\n", "TOML"),
])
def test_settings_have_strict_types(tmp_path: Path, toml: str, message: str) -> None:
    runner = CliRunner()
    with inside(tmp_path):
        Path("m.json").write_text(spec_with("a"))
        Path("s.toml").write_text(toml)
        result = runner.invoke(cli, ["lint", "m.json", "--config", "s.toml"])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_settings_reads_are_capped(tmp_path: Path) -> None:
    runner = CliRunner()
    with inside(tmp_path):
        Path("m.json").write_text(spec_with("a"))
        result = runner.invoke(cli, ["lint", "m.json", "--config", "/dev/zero"])
        assert result.exit_code == 2 and "larger than" in result.output
        Path("bad.toml").write_bytes(b"\xff\xfe[tool]")
        result = runner.invoke(cli, ["lint", "m.json", "--config", "bad.toml"])
        assert result.exit_code == 2 and "UTF-8" in result.output


def test_findings_and_suppressions_are_capped(tmp_path: Path) -> None:
    body = "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 2}\n"
    comments = "".join(f"# lstmcalc: disable=LC{j:03d},LC{j + 1:03d}\n" for j in range(5000))
    runner = CliRunner()
    with inside(tmp_path):
        Path("s.yaml").write_text(body + comments)
        result = runner.invoke(cli, ["lint", "s.yaml", "--format", "json"])
    data = json.loads(result.stdout)
    found = data["files"][0]["diagnostics"]
    assert len(found) == 201
    assert found[-1]["message"].startswith("… ") and "more findings not shown" in found[-1]["message"]


def test_visible_and_markdown_code() -> None:
    assert visible("a\nb\x1b[0m\u202e") == "a\\nb\\x1b[0m\\u202e"
    assert visible("x" * 100, 10) == "x" * 9 + "…"
    assert xml_text("<&>\"\x00") == "&lt;&amp;&gt;&quot;\\x00"
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("`x", in_table=True) == "`` `x ``"
    assert markdown_code("a|b", in_table=True) == "`a\\|b`"


def test_json_scalars_follow_json_and_surrogate_pairs_keep_positions() -> None:
    from lstmcalc.spec.tree import TreeError, parse_text

    text = '{"a": "x\\ud83d\\ude00y", "b": 1e-06, "c": NaN, "d": -Infinity, "e": 1e999}'
    tree = parse_text(text, is_json=True)
    assert not isinstance(tree, TreeError)
    assert tree.plain()["a"] == "x\U0001f600y"
    assert tree.plain()["b"] == 1e-06 and tree.plain()["d"] == float("-inf") and tree.plain()["e"] == float("inf")
    assert tree.value["b"].span.column == text.index("1e-06") + 1  # columns still point into the file
    lone = parse_text('{"a": "\\ud800"}', is_json=True)
    assert isinstance(lone, TreeError) and "surrogate" in lone.message


@pytest.mark.parametrize(("text", "message"), [
    ("layers:\n  - {type: Input, shape: [3]}\n" + "  - {type: Dense, units: 2}\n" * 5000, "at most 5,000"),
    ("layers:\n  - {type: Input, shape: [" + ", ".join(["1"] * 65) + "]}\n", "at most 64 axes"),
    ("layers:\n  - {type: Input, name: a, shape: [3]}\n  - {type: Concatenate, inputs: [" + ", ".join(["a"] * 1001)
     + "]}\n", "at most 1,000 inputs"),
    ("layers:\n  - {type: Input, name: a, shape: [3]}\n" + "".join(
        f"  - {{type: Concatenate, name: c{i}, inputs: [{', '.join(['a'] * 1000)}]}}\n" for i in range(11)),
     "more than 10,000 input tensors"),
    ("layers:\n  - {type: Input, name: a, shape: [3]}\n  - {type: Dense, units: 2, inputs: \"a[1234567890]\"}\n",
     "layer reference"),
])
def test_model_size_caps_are_diagnostics(text: str, message: str) -> None:
    from lstmcalc.engine import summarize

    summary = summarize(text.encode(), "big.yaml")
    assert not summary.ok
    assert any(message in d.message for d in summary.diagnostics), [d.message for d in summary.diagnostics]


def test_writer_never_replaces_a_device_and_keeps_symlinks(tmp_path: Path) -> None:
    import stat

    write_atomic("/dev/null", b"data")  # a stream: written in place, never renamed over
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    real = tmp_path / "real.yaml"
    real.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(WriteError, match="exists"):
        write_atomic(link, b"new")
    write_atomic(link, b"new", force=True)
    assert link.is_symlink() and real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]


def test_a_wrapped_layer_that_is_not_a_mapping_says_so() -> None:
    from lstmcalc.engine import summarize

    summary = summarize(b"layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: Bidirectional, layer: [LSTM]}\n",
                        "w.yaml")
    (d,) = [d for d in summary.diagnostics if d.is_error]
    assert d.code == "LC014" and "`layer` holds the wrapped layer and must be a mapping, got a list" in d.message
    assert "did you mean" not in d.hint and (d.span.line, d.span.column) == (3, 34)


def test_a_bug_inside_the_repl_ends_with_the_internal_status(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lstmcalc.repl import Session

    def boom(self, rest):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr(Session, "cmd_show", boom)
    result = CliRunner().invoke(cli, ["interactive"], input="Input(shape=(5, 3))\n:show\n:help\n")
    assert result.exit_code == 3
    assert "internal error on that line (RuntimeError: 'bug')" in result.output
    assert ":insert N CALL" in result.output  # the session went on after the bug


def test_a_closed_pipe_keeps_the_commands_verdict(tmp_path: Path) -> None:
    """`lstmcalc summary big.yaml | head -1`: rich exits 1 on a broken pipe, which reads as
    'problems found'; the command must end with its own status instead."""
    spec = tmp_path / "long.yaml"
    spec.write_text("layers:\n  - {type: Input, shape: [5, 3]}\n" + "  - {type: Dense, units: 2}\n" * 3000)
    bad = tmp_path / "bad.yaml"
    bad.write_text("layers: 3\n")
    command = [sys.executable, "-c", "from lstmcalc.cli import main; main()"]
    for args, status in ((["summary", str(spec)], 0), (["lint", str(bad), str(spec), str(spec)], 1)):
        proc = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # the reader goes away, as `head -1` does
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == status, err
        assert "Traceback" not in err
