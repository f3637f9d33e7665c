"""`lstmcalc lint --fix` and `--diff`, via CliRunner: every fixable code has a hand-written
fixture pair in tests/fixtures/fixes (<code>_<case>.yaml and .fixed.yaml), compared byte
for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmcalc.cli import cli
from lstmcalc.diagnostics import Edit, Fix
from lstmcalc.lint import lint_bytes
from lstmcalc.lint.apply import fix_bytes
from lstmcalc.lint.fixes import FIXABLE as FIXABLE_CODES

FIXES = Path(__file__).parent / "fixtures" / "fixes"
CASES = sorted(p for p in FIXES.iterdir() if ".fixed." not in p.name and p.suffix in (".yaml", ".json"))
#: Every code that carries a structured fix has at least one fixture pair.
FIXABLE = set(FIXABLE_CODES)


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["lint", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def expected(case: Path) -> Path:
    return case.with_name(case.name.replace(case.suffix, ".fixed" + case.suffix))


def test_every_fixable_code_has_a_fixture() -> None:
    assert {c.name.split("_")[0] for c in CASES} == FIXABLE
    for case in CASES:
        assert expected(case).exists(), case


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fix_matches_the_hand_written_file(case: Path, tmp_path: Path) -> None:
    code = case.name.split("_")[0]
    target = tmp_path / case.name
    shutil.copy(case, target)
    before = run(str(target))
    assert code in before.output
    result = run("--fix", str(target))
    assert target.read_bytes() == expected(case).read_bytes()
    assert "fixed" in result.stderr and code in result.stderr
    after = run(str(target))
    assert code not in after.output, after.output
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic writer left nothing behind


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_diff_shows_the_fix_and_writes_nothing(case: Path, tmp_path: Path) -> None:
    target = tmp_path / case.name
    shutil.copy(case, target)
    result = run("--diff", str(target))
    assert result.exit_code == 1
    assert target.read_bytes() == case.read_bytes()
    assert result.stdout.startswith(f"--- {target}\n+++ {target}\n@@ ")
    body = result.stdout.splitlines()[2:]
    added = [line[1:] for line in body if line.startswith("+")]
    removed = [line[1:] for line in body if line.startswith("-")]
    assert added or removed
    assert all(line in expected(case).read_text().splitlines() for line in added)
    assert all(line in case.read_text().splitlines() for line in removed)


def test_diff_of_a_clean_file_is_empty_and_exits_0(tmp_path: Path) -> None:
    target = tmp_path / "ok.yaml"
    target.write_text("layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, units: 2}\n")
    result = run("--diff", str(target))
    assert (result.exit_code, result.stdout) == (0, "")


def test_diff_relative_path_uses_a_b_prefixes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXES / "LC100_return_sequences.yaml", "spec.yaml")
    result = run("--diff", "spec.yaml")
    assert result.stdout.startswith("--- a/spec.yaml\n+++ b/spec.yaml\n")
    assert "+    return_sequences: true\n" in result.stdout


def test_fix_reports_remaining_findings_and_exit_code(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text("layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, units: 2}\n- {type: LSTM, units: 2}\n"
                      "- {type: Dense, units: 3, activation: relu, kernel_size: 3}\n")
    result = run("--fix", str(target))
    assert "LC100" not in result.stdout and "LC013" in result.stdout  # kernel_size has no one suggestion
    assert result.exit_code == 1


def test_python_file_is_never_edited(tmp_path: Path) -> None:
    target = tmp_path / "model.py"
    source = ("import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((5, 3)), "
              "layers.LSTM(4), layers.LSTM(2)])\n")
    target.write_text(source)
    result = run("--fix", str(target))
    assert target.read_text() == source
    assert "Python files are never edited" in result.stderr
    diff = run("--diff", str(target))
    assert diff.stdout == "" and "never edited" in diff.stderr


def test_notebook_is_never_edited(tmp_path: Path) -> None:
    import json

    target = tmp_path / "n.ipynb"
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ["import keras\n", "from keras import layers\n",
                       "model = keras.Sequential([keras.Input((5, 3)), layers.LSTM(4), layers.LSTM(2)])\n"]}
    text = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    target.write_text(text)
    result = run("--fix", str(target))
    assert target.read_text() == text
    assert "notebooks are never edited" in result.stderr


def test_a_fix_that_leaves_its_finding_is_reverted() -> None:
    """A fix is kept only when the re-check no longer reports its finding."""
    data = b"layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, units: 2}\n- {type: LSTM, units: 2}\n"

    def check(d: bytes) -> list:  # type: ignore[type-arg]
        found = lint_bytes(d, "s.yaml").diagnostics
        # a wrong fix: sets an argument that does not change the shapes
        bogus = Fix("set dropout", (Edit("set", found[0].fix.edits[0].layer, "dropout", 0.5),))  # type: ignore[union-attr]
        return [f._replace(fix=bogus) if f.code == "LC100" else f for f in found]

    outcome = fix_bytes(data, "yaml", check)
    assert outcome.data == data
    assert not outcome.applied and [d.code for d in outcome.refused] == ["LC100"]


def test_unfaithful_round_trip_leaves_the_file_alone(tmp_path: Path) -> None:
    """A file ruamel would reformat (odd indentation) is not rewritten."""
    target = tmp_path / "odd.yaml"
    text = "layers:\n   -   {type: Input, shape: [5, 3]}\n   -   {type: LSTM, units: 2}\n   -   {type: LSTM, units: 2}\n"
    target.write_text(text)
    result = run("--fix", str(target))
    assert target.read_text() == text
    assert "without reformatting" in result.stderr
    assert "LC100" in result.stdout


def test_hostile_names_are_sanitized_in_the_diff(tmp_path: Path) -> None:
    target = tmp_path / "h.yaml"
    target.write_text('layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, name: "a\\e[31mred", units: 2}\n'
                      "- {type: LSTM, units: 2}\n")
    result = run("--diff", str(target))
    assert result.exit_code == 1
    assert "\x1b" not in result.output


def test_fix_json_keeps_one_line_layout(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_text('{"layers": [{"type": "Input", "shape": [5, 3]}, {"type": "LSTM", "units": 2}, '
                      '{"type": "LSTM", "units": 2}]}')
    run("--fix", str(target))
    assert target.read_text() == ('{"layers": [{"type": "Input", "shape": [5, 3]}, {"type": "LSTM", "units": 2, '
                                  '"return_sequences": true}, {"type": "LSTM", "units": 2}]}')


def test_fix_respects_select(tmp_path: Path) -> None:
    case = FIXES / "LC015_activation.yaml"
    target = tmp_path / case.name
    shutil.copy(case, target)
    run("--fix", "--select", "LC1", str(target))
    run("--fix", "--ignore", "LC015", str(target))
    assert target.read_bytes() == case.read_bytes()


def test_stdin_diff_works_and_fix_declines() -> None:
    spec = "layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, units: 2}\n- {type: LSTM, units: 2}\n"
    diff = CliRunner().invoke(cli, ["lint", "--diff", "-"], input=spec)
    assert diff.exit_code == 1
    assert "+- {type: LSTM, units: 2, return_sequences: true}\n" in diff.stdout
    fixed = CliRunner().invoke(cli, ["lint", "--fix", "-"], input=spec)
    assert fixed.exit_code == 1 and "LC100" in fixed.stdout
    assert "standard input cannot be fixed in place" in fixed.stderr


def test_comment_line_between_flow_items_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    text = ("layers:\n- {type: Input, shape: [50, 10]}\n- {type: LSTM, units: 8}\n# binary head\n"
            "- {type: Dense, units: 1, activation: softmax}\n")
    target.write_text(text)
    run("--fix", str(target))
    assert target.read_text() == text.replace("softmax", "sigmoid")


def test_comment_line_between_flow_items_is_not_lost(tmp_path: Path) -> None:
    """ruamel.yaml drops a comment line between two flow-style list items when the last item
    has an end-of-line comment; the round-trip check sees it and leaves the file alone
    rather than lose the comment."""
    target = tmp_path / "c.yaml"
    text = ("layers:\n- {type: Input, shape: [50, 10]}\n- {type: LSTM, units: 8}\n# binary head\n"
            "- {type: Dense, units: 1, activation: softmax}  # always 1.0\n")
    target.write_text(text)
    result = run("--fix", str(target))
    assert target.read_text() == text
    assert "without reformatting" in result.stderr


def test_only_listed_codes_carry_fixes() -> None:
    """FIXABLE documents every code a fix can come with: check the shipped specs and the
    fixtures, whose findings span the engine and the rules."""
    paths = [*Path(__file__).parent.parent.joinpath("specs").glob("*.yaml"), *CASES]
    codes = {d.code for p in paths for d in lint_bytes(p.read_bytes(), str(p)).diagnostics if d.fix}
    assert codes and codes <= FIXABLE


def test_anchored_layers_are_not_edited(tmp_path: Path) -> None:
    """An alias shares one mapping between two layers: editing it would change both."""
    target = tmp_path / "a.yaml"
    text = ("layers:\n- {type: Input, shape: [5, 3]}\n- &rnn {type: LSTM, units: 2}\n- {type: LSTM, units: 2}\n"
            "- {type: Dense, units: 1, activation: softmax}\n")
    target.write_text(text)
    result = run("--fix", str(target))
    assert target.read_text() == text
    assert "anchors" in result.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(CASES), cut=st.integers(0, 400), insert=st.text(max_size=6))
def test_fix_never_crashes_on_mangled_specs(case: Path, cut: int, insert: str, tmp_path: Path) -> None:
    """A mangled spec is fixed or left alone, never a crash, and --diff agrees with --fix."""
    text = case.read_text()
    cut = min(cut, len(text))
    mangled = text[:cut] + insert + text[cut:]
    target = tmp_path / ("m" + case.suffix)
    target.write_text(mangled, encoding="utf-8", errors="surrogatepass")
    original = target.read_bytes()
    diff = run("--diff", str(target))
    assert diff.exit_code in (0, 1)
    assert target.read_bytes() == original
    fixed = run("--fix", str(target))
    assert fixed.exit_code in (0, 1)
    assert (target.read_bytes() != original) == (diff.exit_code == 1)


def test_fixing_a_warning_may_not_bring_an_error() -> None:
    data = (b"layers:\n- {type: Input, shape: [5, 3]}\n- {type: LSTM, units: 2, return_sequences: true}\n"
            b"- {type: Dense, units: 1}\n")

    def check(d: bytes) -> list:  # type: ignore[type-arg]
        found = lint_bytes(d, "s.yaml").diagnostics
        # a harmful fix for LC201: a quoted unit count is an error (LC014)
        lc201 = next((f for f in found if f.code == "LC201"), None)
        if lc201 is None:
            return list(found)
        harmful = Fix("quote units", tuple(e._replace(key="units", value="two") for e in lc201.fix.edits))  # type: ignore[union-attr]
        return [f._replace(fix=harmful) if f.code == "LC201" else f for f in found]

    outcome = fix_bytes(data, "yaml", check)
    assert outcome.data == data and [d.code for d in outcome.refused] == ["LC201"]
