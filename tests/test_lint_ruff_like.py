"""`lstmcalc lint` behaves like ruff: strict selectors, rule names, suppressions where the
fix goes, --exit-zero/--output-file/--statistics/--stdin-filename/--quiet, colour, more
formats, and `rules` by name or as JSON. Through CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstmcalc.cli import cli
from lstmcalc.lint import RULES

# LC201 (on the LSTM's return_sequences, line 3) and LC203 (the LSTM, line 3)
WARNS = ("layers:\n  - {type: Input, shape: [50, 10]}\n"
         "  - {type: LSTM, name: seq, units: 8, return_sequences: true, recurrent_dropout: 0.1}\n"
         "  - {type: Dense, name: head, units: 1}\n")
BROKEN = ("layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, name: lstm1, units: 8}\n"
          "  - {type: LSTM, name: lstm2, units: 4}\n")


def run(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "warns.yaml").write_text(WARNS)
    (tmp_path / "broken.yaml").write_text(BROKEN)
    return tmp_path


@pytest.mark.parametrize(("args", "said"), [
    (["--select", "XYZ"], "'XYZ' is not a known code, code prefix or rule name"),
    (["--ignore", "LC2O1"], "did you mean LC201?"),
    (["--select", "LC2,mask-fails-when-rum"], "did you mean mask-fails-when-run?"),
    (["--severity", "LC999=error"], "'LC999' is not a known code or rule name"),
    (["--severity", "LC2=error"], "'LC2' is not a known code or rule name"),
])
def test_unknown_selectors_are_usage_errors(here: Path, args: list[str], said: str) -> None:
    result = run("lint", *args, "warns.yaml")
    assert result.exit_code == 2 and said in result.output
    assert "LC201 [" not in result.output


@pytest.mark.parametrize("config", [
    'select = ["LC2O1"]', 'ignore = ["sequences-into-dense-heap"]', 'severity = {LC999 = "error"}',
])
def test_unknown_selectors_in_config_are_usage_errors(here: Path, config: str) -> None:
    (here / "pyproject.toml").write_text(f"[tool.lstmcalc]\n{config}\n")
    result = run("lint", "warns.yaml")
    assert result.exit_code == 2
    assert f"Invalid value for [tool.lstmcalc] {config.split(maxsplit=1)[0]}: " in result.output
    assert "not a known code" in result.output


def test_rule_names_work_wherever_codes_do(here: Path) -> None:
    only = run("lint", "--select", "sequences-into-dense-head", "warns.yaml", "broken.yaml")
    assert "LC201 [warning]" in only.output and "LC203" not in only.output and "LC100" not in only.output
    skipped = run("lint", "--ignore", "no-cudnn-kernel,LC1", "warns.yaml", "broken.yaml")
    assert "LC201" in skipped.output and "LC203" not in skipped.output and "LC100" not in skipped.output
    promoted = run("lint", "--severity", "sequences-into-dense-head=error", "warns.yaml")
    assert promoted.exit_code == 1 and "LC201 [error]" in promoted.output
    (here / "pyproject.toml").write_text('[tool.lstmcalc]\nignore = ["sequences-into-dense-head"]\n')
    assert "LC201" not in run("lint", "warns.yaml").output


def test_lc201_is_reported_and_suppressed_where_its_fix_goes(here: Path) -> None:
    result = run("lint", "warns.yaml")
    assert "warns.yaml:3:39: LC201 [warning] seq returns sequences into head" in result.output
    on_lstm = WARNS.replace("recurrent_dropout: 0.1}", "recurrent_dropout: 0.1}  # lstmcalc: disable=LC201")
    (here / "lstm.yaml").write_text(on_lstm)
    quiet = run("lint", "lstm.yaml")
    assert "LC201" not in quiet.output and "LC900" not in quiet.output
    on_dense = WARNS.replace("units: 1}", "units: 1}  # lstmcalc: disable=LC201")
    (here / "dense.yaml").write_text(on_dense)
    stale = run("lint", "dense.yaml")
    column = on_dense.splitlines()[3].index("#") + 1  # LC900 points at the comment itself
    assert "LC201 [warning]" in stale.output and f"dense.yaml:4:{column}: LC900" in stale.output


def test_bare_disable_and_names_and_unknown_words_in_suppressions(here: Path) -> None:
    bare = WARNS.replace("recurrent_dropout: 0.1}", "recurrent_dropout: 0.1}  # lstmcalc: disable")
    (here / "bare.yaml").write_text(bare)
    result = run("lint", "bare.yaml")
    assert "LC201" not in result.output and "LC203" not in result.output and "LC900" not in result.output
    (here / "unused.yaml").write_text(WARNS.replace("units: 1}", "units: 1}  # lstmcalc: disable"))
    unused = run("lint", "--format", "json-lines", "unused.yaml").output.splitlines()
    stale = json.loads(unused[-1])
    assert (stale["code"], stale["message"]) == ("LC900", "`# lstmcalc: disable` suppresses nothing")
    comment = "# lstmcalc: disable"
    start = WARNS.splitlines()[3].index("units: 1}") + len("units: 1}  ") + 1
    assert (stale["line"], stale["column"], stale["end_line"], stale["end_column"]) == (4, start, 4, start + len(comment))
    named = WARNS.replace("recurrent_dropout: 0.1}", "recurrent_dropout: 0.1}  # lstmcalc: disable=no-cudnn-kernel, LC2O1")
    (here / "named.yaml").write_text(named)
    out = run("lint", "named.yaml").output
    assert "LC203" not in out and "LC201 [warning]" in out
    assert "LC900 [warning] `# lstmcalc: disable=LC2O1` names no rule (hint: 'LC2O1' is not a known code or " \
           "rule name; did you mean LC201?)" in out
    (here / "nothere.yaml").write_text("# lstmcalc: disabled\n" + WARNS)
    assert "LC900" not in run("lint", "nothere.yaml").output


def test_exit_zero_keeps_the_report(here: Path) -> None:
    assert run("lint", "broken.yaml").exit_code == 1
    result = run("lint", "--exit-zero", "broken.yaml")
    assert result.exit_code == 0 and "LC100 [error]" in result.output
    assert run("lint", "--exit-zero", "--select", "XYZ", "broken.yaml").exit_code == 2


def test_output_file_is_written_and_replaced(here: Path) -> None:
    (here / "report.json").write_text("old")
    result = run("lint", "--format", "json", "--output-file", "report.json", "broken.yaml")
    assert result.exit_code == 1 and result.output == ""
    data = json.loads((here / "report.json").read_text())
    assert data["files"][0]["diagnostics"][0]["code"] == "LC100"
    assert not [p for p in here.iterdir() if p.name.endswith(".tmp")]
    assert run("lint", "-o", "nowhere/report.txt", "broken.yaml").exit_code == 2


def test_statistics_count_per_code(here: Path) -> None:
    (here / "twice.yaml").write_text(WARNS)
    text = run("lint", "--statistics", "warns.yaml", "twice.yaml", "broken.yaml")
    assert text.exit_code == 1
    assert text.output.splitlines() == ["    2  LC201  sequences-into-dense-head", "    2  LC203  no-cudnn-kernel",
                                        "    1  LC100  incompatible-rank"]
    data = json.loads(run("lint", "--statistics", "--format", "json", "warns.yaml").output)
    assert data == [{"code": "LC201", "name": "sequences-into-dense-head", "count": 1},
                    {"code": "LC203", "name": "no-cudnn-kernel", "count": 1}]
    assert run("lint", "--statistics", "--format", "junit", "warns.yaml").exit_code == 2


def test_stdin_filename_names_stdin_and_picks_the_reader(here: Path) -> None:
    result = run("lint", "--stdin-filename", "models/seq.yaml", stdin=WARNS)
    assert "models/seq.yaml:3:39: LC201" in result.output and "<stdin>" not in result.output
    as_json = run("lint", "--stdin-filename", "x.json", "-", stdin=json.dumps({"layers": [
        {"type": "Input", "shape": [5, 2]}, {"type": "LSTM", "units": 4}, {"type": "LSTM", "units": 4}]}))
    assert as_json.exit_code == 1 and "x.json:1:" in as_json.output
    assert run("lint").exit_code == 2


def test_quiet_drops_the_tally(here: Path) -> None:
    loud = run("lint", "warns.yaml").output
    quiet = run("lint", "-q", "warns.yaml").output
    assert "in 1 file" in loud and "in 1 file" not in quiet and "LC201" in quiet
    assert run("lint", "--quiet", "--format", "github", "warns.yaml").output.startswith("::notice")
    assert run("lint", "--quiet", "--format", "github", "warns.yaml").output.count("\n") == 2


def test_colour_when_asked_and_never_through_a_pipe(here: Path) -> None:
    coloured = run("lint", "--color", "warns.yaml").output
    assert "\x1b[1;33mLC201 [warning]\x1b[0m" in coloured and "\x1b[1mwarns.yaml\x1b[0m" in coloured
    assert "\x1b[" not in run("lint", "warns.yaml").output
    assert "\x1b[" not in run("lint", "--no-color", "warns.yaml").output
    assert "\x1b[" not in run("lint", "--color", "--format", "json", "warns.yaml").output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False)])
def test_colour_on_a_terminal_unless_no_color(here: Path, no_color: str | None, coloured: bool) -> None:
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    root = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "lstmcalc", "lint", "warns.yaml"], stdout=follower,
                          stderr=subprocess.PIPE, env=env, timeout=60, check=False)
    os.close(follower)
    out = b""
    try:
        while chunk := os.read(leader, 65536):
            out += chunk
    except OSError:
        pass
    os.close(leader)
    assert proc.returncode == 0
    assert b"LC201" in out and (b"\x1b[1;33m" in out) is coloured


def test_json_has_rule_names_and_end_positions(here: Path) -> None:
    data = json.loads(run("lint", "--format", "json", "warns.yaml").output)
    first = data["files"][0]["diagnostics"][1]  # sorted by position: LC203 at 3:5 comes first
    assert (first["code"], first["name"], first["layer"]) == ("LC201", "sequences-into-dense-head", "seq")
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (3, 39, 3, 61)
    assert WARNS.splitlines()[2][38:60] == "return_sequences: true"
    lines = run("lint", "--format", "json-lines", "warns.yaml", "broken.yaml").output.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["path"], r["code"], r["name"]) for r in rows] == [
        ("warns.yaml", "LC203", "no-cudnn-kernel"), ("warns.yaml", "LC201", "sequences-into-dense-head"),
        ("broken.yaml", "LC100", "incompatible-rank")]
    assert rows[2]["end_line"] == 4 and rows[2]["end_column"] == len(BROKEN.splitlines()[3]) + 1


def test_gitlab_code_quality_report(here: Path) -> None:
    (here / "twice.yaml").write_text(WARNS + "  - {type: Dense, name: head2, units: 1}\n")
    result = run("lint", "--format", "gitlab", "warns.yaml", "twice.yaml", "broken.yaml")
    issues = json.loads(result.output)
    assert result.exit_code == 1 and len(issues) == 5
    assert {i["severity"] for i in issues} == {"minor", "info", "major"}
    first = issues[1]
    assert first["check_name"] == "LC201 sequences-into-dense-head"
    assert first["location"] == {"path": "warns.yaml",
                                 "positions": {"begin": {"line": 3, "column": 39}, "end": {"line": 3, "column": 61}}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    again = json.loads(run("lint", "--format", "gitlab", "warns.yaml", "twice.yaml", "broken.yaml").output)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]


def test_rules_by_name_and_as_json() -> None:
    by_name = run("rules", "mask-fails-when-run")
    assert by_name.exit_code == 0 and by_name.output.startswith("LC210 mask-fails-when-run [warning]")
    wrong = run("rules", "mask-fails-when-rum")
    assert wrong.exit_code == 2 and "did you mean mask-fails-when-run?" in wrong.output
    listed = json.loads(run("rules", "--format", "json").output)
    assert [r["code"] for r in listed] == sorted(RULES)
    lc201 = next(r for r in listed if r["code"] == "LC201")
    assert lc201["name"] == "sequences-into-dense-head" and lc201["severity"] == "warning"
    assert lc201["summary"] == RULES["LC201"].summary_line() and "Bad:" in lc201["docs"]
    one = json.loads(run("rules", "--format", "json", "no-cudnn-kernel").output)
    assert [r["code"] for r in one] == ["LC203"]
