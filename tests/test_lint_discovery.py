"""`lstmcalc lint` file discovery and per-file configuration (issue 13), via CliRunner.

.gitignore, exclude/extend-exclude/include (command line and settings files), spec detection,
explicit files, paths with no specs (LC023), de-duplication, settings per subproject,
--force-exclude, and a throwaway git repository linted as CI and the pre-commit hook would.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from lstmcalc.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOOD = "layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, units: 8}\n  - {type: Dense, units: 1}\n"
#: LC100 at line 4: a 2D output into a second LSTM
BROKEN = ("layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, name: lstm1, units: 8}\n"
          "  - {type: LSTM, name: lstm2, units: 4}\n")
#: LC201 warning: return_sequences into Dense
WARNS = ("layers:\n  - {type: Input, shape: [50, 10]}\n  - {type: LSTM, name: seq, units: 8, return_sequences: true}\n"
         "  - {type: Dense, name: head, units: 1}\n")
KERAS_CONFIG = json.dumps({"class_name": "Sequential", "config": {"name": "s", "layers": [
    {"class_name": "InputLayer", "config": {"batch_shape": [None, 5, 3], "name": "in"}},
    {"class_name": "LSTM", "config": {"name": "l", "units": 2}}]}})
WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: pytest}]\n"
PACKAGE = json.dumps({"name": "web", "version": "1.0.0", "dependencies": {"left-pad": "1.3.0"}})


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["lint", *args])
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def linted(result: Result) -> list[str]:
    """The files the JSON report lists."""
    return [f["path"] for f in json.loads(result.output)["files"]]


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {
        "models/good.yaml": GOOD,
        "models/keras.json": KERAS_CONFIG,
        "models/ci.yml": WORKFLOW,
        "package.json": PACKAGE,
        "tsconfig.json": json.dumps({"compilerOptions": {"strict": True}}),
        "build/broken.yaml": BROKEN,
        "node_modules/pkg/broken.yaml": BROKEN,
        "generated/broken.yaml": BROKEN,
    })
    return tmp_path


def test_only_specs_are_linted_and_non_specs_counted(project: Path) -> None:
    result = run(".")
    assert result.exit_code == 1, result.output  # generated/broken.yaml: not a default exclude
    # build/, node_modules/ are default excludes; the Keras config has an info note (LC206)
    assert result.output.splitlines()[-1] == "1 error, 0 warnings, 1 info in 3 files (1 clean; 3 non-spec files skipped)"
    report = json.loads(run("--format", "json", ".").output)
    assert sorted(f["path"] for f in report["files"]) == ["generated/broken.yaml", "models/good.yaml",
                                                           "models/keras.json"]
    assert report["skipped"] == 3
    assert "package.json" not in result.output and "ci.yml" not in result.output


def test_a_spec_with_broken_syntax_is_still_linted(project: Path) -> None:
    (project / "models" / "typo.yaml").write_text("layers:\n  - {type: LSTM, units: 4\n")
    result = run("models")
    assert result.exit_code == 1
    assert "models/typo.yaml:" in result.output and "LC001" in result.output


def test_an_explicit_file_is_always_linted(project: Path) -> None:
    result = run("package.json")
    assert result.exit_code == 1
    assert result.output.startswith("package.json:") and "LC010" in result.output
    result = run("build/broken.yaml")  # excluded in walks, but named
    assert result.exit_code == 1 and "LC100" in result.output


def test_gitignore_respected_nested_negated_and_info_exclude(project: Path) -> None:
    (project / ".git" / "info").mkdir(parents=True)
    (project / ".git" / "info" / "exclude").write_text("scratch/\n")
    write(project, {
        ".gitignore": "generated/\n*.tmp.yaml\n",
        "models/.gitignore": "old_*.yaml\n!old_keep.yaml\n",
        "models/old_a.yaml": BROKEN,
        "models/old_keep.yaml": BROKEN,
        "models/x.tmp.yaml": BROKEN,
        "scratch/broken.yaml": BROKEN,
    })
    result = run("--format", "json", ".")
    assert sorted(linted(result)) == ["models/good.yaml", "models/keras.json", "models/old_keep.yaml"]
    # a walk that starts below the repository root still sees the root's .gitignore
    assert sorted(linted(run("--format", "json", "models"))) == [
        "models/good.yaml", "models/keras.json", "models/old_keep.yaml"]
    (project / "lstmcalc.toml").write_text("respect-gitignore = false\n")
    assert "generated/broken.yaml" in linted(run("--format", "json", "."))


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(project: Path) -> None:
    assert "build/broken.yaml" in linted(run("--format", "json", "--exclude", "generated", "."))
    assert "generated/broken.yaml" not in linted(run("--format", "json", "--exclude", "generated", "."))
    files = linted(run("--format", "json", "--extend-exclude", "generated,models/keras.json", "."))
    assert files == ["models/good.yaml"]  # build/ and node_modules/ stay excluded


def test_exclude_and_include_from_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.lstmcalc]\nextend-exclude = ["generated"]\ninclude = ["models/*.txt"]\n')
    (project / "models" / "model.txt").write_text(GOOD)
    files = linted(run("--format", "json", "."))
    assert sorted(files) == ["models/good.yaml", "models/keras.json", "models/model.txt"]
    # the command line's include replaces the settings file's
    assert "models/model.txt" not in linted(run("--format", "json", "--include", "nothing*", "."))


def test_include_on_the_command_line_lints_what_detection_skips(project: Path) -> None:
    (project / "models" / "notes.yml").write_text("title: not a model\n")
    result = run("--format", "json", "--include", "notes.yml", "models")
    assert "models/notes.yml" in linted(result)
    assert result.exit_code == 1  # LC010: it is not a spec, and the user asked for it


def test_a_path_with_no_specs_warns_and_fails_under_strict(project: Path) -> None:
    (project / "empty").mkdir()
    result = run("empty")
    assert result.exit_code == 0
    assert "empty:1:1: LC023 [warning] 'empty' holds no spec to lint" in result.output
    strict = run("--strict", "empty")
    assert strict.exit_code == 1 and "LC023 [error]" in strict.output
    (project / "vendor" / "node_modules").mkdir(parents=True)
    (project / "vendor" / "node_modules" / "broken.yaml").write_text(BROKEN)
    all_excluded = run("--strict", "models", "vendor")
    assert all_excluded.exit_code == 1 and "vendor:1:1: LC023 [error] 'vendor' holds no spec" in all_excluded.output
    (project / "ci").mkdir()
    (project / "ci" / "deploy.yml").write_text(WORKFLOW)
    assert "1 YAML/JSON file in it is not a spec" in run("ci").output
    assert run("--ignore", "LC023", "--strict", "ci").exit_code == 0


def test_the_same_file_is_linted_once(project: Path) -> None:
    result = run("--format", "json", "models", "models/good.yaml", "./models/good.yaml",
                 str(project / "models" / "good.yaml"), "models/../models")
    assert linted(result) == ["models/good.yaml", "models/keras.json"]


def test_settings_are_read_per_file(project: Path) -> None:
    write(project, {
        "a/pyproject.toml": '[tool.lstmcalc]\nignore = ["LC201"]\n',
        "a/warns.yaml": WARNS,
        "b/pyproject.toml": '[tool.lstmcalc]\nstrict = true\nextend-exclude = ["skip_me"]\n',
        "b/warns.yaml": WARNS,
        "b/skip_me/broken.yaml": BROKEN,
        "a/skip_me/broken.yaml": BROKEN,
        "c/pyproject.toml": '[project]\nname = "c"\n',  # no [tool.lstmcalc]: passed over, as ruff does
        "c/lstmcalc.toml": 'select = ["LC1"]\n',
        "c/warns.yaml": WARNS,
    })
    result = run("a", "b", "c")
    lines = result.output.splitlines()
    assert not any(line.startswith("a/warns.yaml") for line in lines)  # a ignores LC201
    assert any(line.startswith("b/warns.yaml") and "LC201 [warning]" in line for line in lines)
    assert not any(line.startswith("c/warns.yaml") for line in lines)  # c selects LC1xx only
    assert any(line.startswith("a/skip_me/broken.yaml") for line in lines)  # b's exclude is b's alone
    assert not any(line.startswith("b/skip_me") for line in lines)
    assert result.exit_code == 1  # the LC100 in a/skip_me fails
    only_b = run("b")
    assert only_b.exit_code == 1  # b is strict: its warning fails
    assert run("a/warns.yaml").exit_code == 0


def test_config_on_the_command_line_overrides_every_subproject(project: Path) -> None:
    write(project, {
        "a/pyproject.toml": '[tool.lstmcalc]\nignore = ["LC201"]\n',
        "a/warns.yaml": WARNS,
        "all.toml": 'select = ["LC201"]\nstrict = true\n',
    })
    result = run("--config", "all.toml", "a/warns.yaml")
    assert result.exit_code == 1 and "LC201" in result.output


def test_bad_pattern_settings_are_usage_errors(project: Path) -> None:
    (project / "lstmcalc.toml").write_text("exclude = 3\n")
    result = run(".")
    assert result.exit_code == 2 and "exclude must be a list of glob patterns" in result.output


def test_force_exclude_filters_named_files(project: Path) -> None:
    names = ["package.json", "models/ci.yml", "models/good.yaml", "build/broken.yaml", "generated/broken.yaml"]
    result = run("--force-exclude", "--format", "json", *names)
    assert linted(result) == ["models/good.yaml", "generated/broken.yaml"]
    assert json.loads(result.output)["skipped"] == 2
    assert result.exit_code == 1
    nothing = run("--force-exclude", "package.json", "models/ci.yml")
    assert nothing.exit_code == 0  # a commit without specs passes
    assert nothing.output == "0 errors, 0 warnings, 0 info in 0 files (0 clean; 2 non-spec files skipped)\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_end_to_end_git_repository_ci_and_pre_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    write(repo, {
        ".gitignore": "checkpoints/\n",
        ".github/workflows/ci.yml": WORKFLOW,
        "package.json": PACKAGE,
        "pyproject.toml": '[project]\nname = "m"\n\n[tool.lstmcalc]\nextend-exclude = ["legacy"]\nstrict = true\n',
        "models/encoder.yaml": GOOD,
        "models/config.json": KERAS_CONFIG,
        "models/hparams.yaml": "learning_rate: 0.001\nepochs: 10\n",
        "checkpoints/broken.yaml": BROKEN,
        "legacy/broken.yaml": BROKEN,
    })
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "init"], check=True)

    ci = run(".")  # as a CI job runs it
    assert ci.exit_code == 0, ci.output
    # package.json and models/hparams.yaml are skipped; .github is hidden, checkpoints/ ignored, legacy/ excluded
    assert ci.output.splitlines()[-1].endswith(" info in 2 files (1 clean; 2 non-spec files skipped)")
    assert "LC1" not in ci.output and "LC0" not in ci.output

    # a commit that breaks a model: the hook's entry and args, with pre-commit's file list
    (repo / "models" / "encoder.yaml").write_text(WARNS)
    (repo / "legacy" / "broken.yaml").write_text(BROKEN + "\n")
    (repo / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW + "# touched\n")
    subprocess.run([*git, "add", "-A"], check=True)
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], check=True, capture_output=True,
                            text=True).stdout.split()
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    wanted = set(hook["types_or"])
    suffixes = {"yaml": (".yaml", ".yml"), "json": (".json",)}
    files = [f for f in staged if any(f.endswith(s) for kind in wanted for s in suffixes[kind])]
    assert sorted(files) == [".github/workflows/ci.yml", "legacy/broken.yaml", "models/encoder.yaml"]
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["lstmcalc", "lint"]
    result = run(*entry[2:], *hook.get("args", []), *files)
    assert result.exit_code == 1, result.output  # strict (from pyproject): the LC201 warning fails
    lines = result.output.splitlines()
    assert lines[0].startswith("models/encoder.yaml:") and "LC201" in lines[0]
    assert not any("legacy" in line or "ci.yml" in line for line in lines)
    assert lines[-1] == "0 errors, 1 warning, 0 info in 1 file (0 clean)"


def test_detection_parses_only_files_that_could_be_specs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workflows and package.json have no `layers` key or `class_name`: they are passed over
    by a byte search, never parsed; a block-YAML spec needs no parse either, and a JSON
    candidate is parsed once, by the C JSON parser."""
    from lstmcalc.discovery import Overrides, Resolver, discover
    from lstmcalc.spec import tree

    (project / "big.json").write_text(json.dumps({"rows": list(range(300_000))}))  # ~2 MB
    parsed: list[str] = []
    real_tree, real_json = tree.parse_text, json.loads

    def tree_counting(text: str, *, is_json: bool = False) -> object:
        parsed.append(text)
        return real_tree(text, is_json=is_json)

    def json_counting(text: str, **kwargs: object) -> object:
        parsed.append(text)
        return real_json(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tree, "parse_text", tree_counting)
    monkeypatch.setattr(json, "loads", json_counting)
    found = discover((".",), Resolver(None, Overrides()))
    assert sorted(name for name, _ in found.files) == ["generated/broken.yaml", "models/good.yaml",
                                                       "models/keras.json"]
    assert found.skipped == 4
    assert parsed == [KERAS_CONFIG]  # the Keras config, to see its top level; nothing else
