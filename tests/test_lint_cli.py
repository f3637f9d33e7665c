"""`lstmcalc lint`: paths, formats, options, configuration and suppressions, via CliRunner."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstmcalc.cli import cli

GOOD = "layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, units: 8}\n  - {type: Dense, units: 1}\n"
BROKEN = ("layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, name: lstm1, units: 8}\n"
          "  - {type: LSTM, name: lstm2, units: 4}\n")
WARNS = ("layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, name: seq, units: 8, return_sequences: true}\n"
         "  - {type: Dense, name: head, units: 1}\n")


def run(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["lint", *args], input=stdin)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs" / "nested").mkdir(parents=True)
    (tmp_path / "specs" / "good.yaml").write_text(GOOD)
    (tmp_path / "specs" / "nested" / "broken.yml").write_text(BROKEN)
    (tmp_path / "specs" / "warns.json").write_text(json.dumps({"layers": [
        {"type": "Input", "shape": [50, 10]},
        {"type": "LSTM", "name": "seq", "units": 8, "return_sequences": True},
        {"type": "Dense", "name": "head", "units": 1}]}))
    (tmp_path / "specs" / "notes.txt").write_text("not a spec")
    (tmp_path / "specs" / ".hidden").mkdir()
    (tmp_path / "specs" / ".hidden" / "x.yaml").write_text("garbage: [")
    return tmp_path


def test_clean_file_exits_zero_with_tally(tree: Path) -> None:
    result = run("specs/good.yaml")
    assert result.exit_code == 0
    assert result.output == "0 errors, 0 warnings, 0 info in 1 file (1 clean)\n"


def test_directory_recursion_and_text_lines(tree: Path) -> None:
    result = run("specs")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("specs/nested/broken.yml:4:5: LC100 [error] lstm2 expects 3D input (batch, timesteps, "
                        "features) but receives (None, 8) from lstm1 (Keras: expected ndim=3, found ndim=2) "
                        "(hint: set return_sequences=True on lstm1)")
    assert lines[1].startswith("specs/warns.json:1:")
    assert "LC201 [warning]" in lines[1]
    assert lines[-1] == "1 error, 1 warning, 0 info in 3 files (1 clean)"
    assert ".hidden" not in result.output and "notes.txt" not in result.output


def test_warnings_pass_unless_strict(tree: Path) -> None:
    assert run("specs/warns.json").exit_code == 0
    assert run("--strict", "specs/warns.json").exit_code == 1


def test_stdin(tree: Path) -> None:
    result = run("-", stdin=BROKEN)
    assert result.exit_code == 1
    assert result.output.startswith("<stdin>:4:5: LC100")


def test_usage_errors_exit_two(tree: Path) -> None:
    assert run("missing.yaml").exit_code == 2
    assert run().exit_code == 2
    assert run("--format", "xml", "specs").exit_code == 2
    assert run("--severity", "LC201", "specs").exit_code == 2
    assert run("--severity", "LC201=loud", "specs").exit_code == 2


def test_select_ignore_prefixes_and_severity(tree: Path) -> None:
    only_rules = run("--select", "LC2", "specs")
    assert "LC100" not in only_rules.output and "LC201" in only_rules.output
    assert only_rules.exit_code == 0
    no_rules = run("--ignore", "LC2", "specs")
    assert "LC201" not in no_rules.output and "LC100" in no_rules.output
    promoted = run("--severity", "LC201=error", "specs/warns.json")
    assert promoted.exit_code == 1 and "LC201 [error]" in promoted.output
    off = run("--severity", "LC201=off", "specs/warns.json")
    assert "LC201" not in off.output


def test_max_params_budget(tree: Path) -> None:
    over = run("--max-params", "100", "specs/good.yaml")
    assert over.exit_code == 1
    assert "LC208 [error] the model has 617 parameters, over the budget of 100" in over.output
    assert run("--max-params", "617", "specs/good.yaml").exit_code == 0


def test_pyproject_config_and_cli_override(tree: Path) -> None:
    (tree / "pyproject.toml").write_text('[tool.lstmcalc]\nstrict = true\nignore = ["LC100"]\n'
                                         'severity = {LC201 = "error"}\nmax-params = 100000\n')
    result = run("specs")
    assert "LC100" not in result.output
    assert "LC201 [error]" in result.output and result.exit_code == 1
    relaxed = run("--no-strict", "--severity", "LC201=info", "specs")
    assert relaxed.exit_code == 0 and "LC201 [info]" in relaxed.output


def test_config_found_in_parent_folder_and_explicit_file(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "pyproject.toml").write_text('[tool.lstmcalc]\nselect = ["LC100"]\n')
    monkeypatch.chdir(tree / "specs")
    result = run(".")
    assert "LC100" in result.output and "LC201" not in result.output
    (tree / "other.toml").write_text('[tool.lstmcalc]\nignore = ["LC100"]\n')
    explicit = run("--config", str(tree / "other.toml"), ".")
    assert "LC100" not in explicit.output and "LC201" in explicit.output


def test_bad_config_is_usage_error(tree: Path) -> None:
    (tree / "pyproject.toml").write_text("[tool.lstmcalc]\nstrickt = true\n")
    result = run("specs")
    assert result.exit_code == 2 and "strickt" in result.output
    (tree / "pyproject.toml").write_text("[tool.lstmcalc\n")
    assert run("specs").exit_code == 2


def test_line_and_file_suppressions(tree: Path) -> None:
    line = WARNS.replace("return_sequences: true}", "return_sequences: true}  # lstmcalc: disable=LC201")
    (tree / "line.yaml").write_text(line)
    assert "LC201" not in run("line.yaml").output
    (tree / "file.yaml").write_text("# lstmcalc: disable-file=LC201,LC203\n" + WARNS)
    result = run("file.yaml")
    assert "LC201 [" not in result.output
    assert "file.yaml:1:1: LC900 [warning] `# lstmcalc: disable-file=LC203` suppresses nothing" in result.output


def test_block_style_layer_line_suppression(tree: Path) -> None:
    text = ("layers:\n  - type: Input\n    shape: [5, 2]\n  - type: LSTM  # lstmcalc: disable=LC203\n"
            "    units: 4\n    recurrent_dropout: 0.5\n")
    (tree / "block.yaml").write_text(text)
    assert "LC203" not in run("block.yaml").output
    (tree / "wrong.yaml").write_text(text.replace("LC203", "LC201"))
    result = run("wrong.yaml")
    assert "LC203 [info]" in result.output and "LC900" in result.output


def test_json_format(tree: Path) -> None:
    data = json.loads(run("--format", "json", "specs").output)
    assert [f["path"] for f in data["files"]] == ["specs/good.yaml", "specs/nested/broken.yml", "specs/warns.json"]
    assert data["errors"] == 1 and data["warnings"] == 1
    broken = data["files"][1]
    assert broken["ok"] is False
    assert broken["diagnostics"][0] == {
        "code": "LC100", "severity": "error", "layer": "lstm2", "cell": None, "line": 4, "column": 5,
        "message": broken["diagnostics"][0]["message"], "hint": "set return_sequences=True on lstm1",
        "name": "incompatible-rank", "end_line": 4, "end_column": 40}


def test_github_format(tree: Path) -> None:
    out = run("--format", "github", "specs").output.splitlines()
    assert out[0].startswith("::error file=specs/nested/broken.yml,line=4,col=5,title=LC100::lstm2 expects 3D input")
    assert out[1].startswith("::warning file=specs/warns.json,line=1,")
    assert "title=LC201::" in out[1]


def test_sarif_format(tree: Path) -> None:
    log = json.loads(run("--format", "sarif", "specs").output)
    assert log["version"] == "2.1.0"
    run0 = log["runs"][0]
    rules = {r["id"]: r for r in run0["tool"]["driver"]["rules"]}
    assert rules["LC201"]["name"] == "sequences-into-dense-head"
    assert rules["LC201"]["shortDescription"]["text"]
    assert "Bad:" in rules["LC201"]["help"]["text"]
    result = run0["results"][0]
    assert result["ruleId"] == "LC100" and result["level"] == "error"
    assert run0["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "LC100"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 40}
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "specs/nested/broken.yml"


def test_junit_format(tree: Path) -> None:
    root = ET.fromstring(run("--format", "junit", "specs").output)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["specs/good.yaml", "specs/nested/broken.yml", "specs/warns.json"]
    assert cases[1].find("failure") is not None
    assert cases[2].find("failure") is None and cases[0].find("failure") is None
    assert suite.get("failures") == "1"


HOSTILE = {
    "alias_bomb.yaml": ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)) + "layers: []\n"),
    "python_tag.yaml": "layers: !!python/object/apply:os.system ['echo pwned']\n",
    "deep_flow.json": "[" * 100_000 + "]" * 100_000,
    "deep_block.yaml": "- " * 100_000 + "x\n",
    "not_utf8.yaml": b"layers:\n  - {type: LSTM, units: \xff}\n",
    "nul.yaml": b"layers:\x00\n",
    "nan.yaml": "layers:\n  - {type: Input, shape: [.nan, 3]}\n  - {type: LSTM, units: .inf}\n",
    "huge_units.yaml": "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 1000000000000000000000000000000}\n",
    "zero_sizes.yaml": "layers:\n  - {type: Input, shape: [-5, 3]}\n  - {type: LSTM, units: 0}\n",
    "duplicate_keys.yaml": "layers:\n  - {type: Input, shape: [5, 3]}\n  - {type: LSTM, units: 4, units: 8}\n",
    "list_not_mapping.yaml": "- type: LSTM\n  units: 4\n",
    "empty.yaml": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_a_quick_diagnostic(tmp_path: Path, name: str) -> None:
    content = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    start = time.perf_counter()
    result = run(str(path))
    assert time.perf_counter() - start < 1.0
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{path}:") and "[error]" in first


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w") as fh:
        line = "- {type: Dropout, rate: 0.1}\n"
        fh.write("layers:\n" + line * (50 * 1024 * 1024 // len(line)))
    start = time.perf_counter()
    result = run(str(path))
    assert time.perf_counter() - start < 1.0
    assert result.exit_code == 1
    assert "LC002 [error] file is" in result.output
