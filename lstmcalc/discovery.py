"""Which files `lstmcalc lint` checks, and with which settings, following ruff's conventions.

- Directories are walked; `.gitignore` files (nested ones, and `.git/info/exclude`) are
  respected through `pathspec`, which implements git's wildmatch exactly.
- `exclude` replaces DEFAULT_EXCLUDE, `extend-exclude` adds to it, both from the settings
  file nearest each folder or from the command line (which wins). A pattern matches a
  file's or folder's name, or its path relative to the folder of the settings file that
  gave it (the current folder for the command line and when there is none).
- A YAML/JSON file found in a walk is linted only when it is a spec (a top-level `layers`
  key) or a Keras config (`class_name` and `config`); a .keras archive always is; other
  YAML/JSON files are skipped and counted. Files matching `include` are linted whatever
  they hold (a Python model file, a spec the check would miss).
- A file named on the command line is always linted, unless `force_exclude` (the pre-commit
  hook's mode, since pre-commit names every staged file) asks for the walk's filters. Its
  `.gitignore` is not applied then: a file git passes is tracked, and git itself lints
  tracked files whatever .gitignore says.
- The same file, named twice or reached twice, is linted once.

Settings are resolved per folder, from the nearest lstmcalc.toml or pyproject.toml with a
[tool.lstmcalc] table, unless --config names one file for all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fnmatch import translate
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lstmcalc.config import load_config, settings_file_in

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

#: Skipped in walks unless `exclude` replaces the list: ruff's defaults, plus hidden files
#: and folders (`.*`), which lstmcalc's walk has always skipped. `.git` itself is never walked.
DEFAULT_EXCLUDE = (
    ".*", ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
    ".nox", ".pants.d", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv", ".vscode",
    "__pypackages__", "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
)
#: Suffixes looked at in a walk (spec detection then decides for YAML/JSON).
CANDIDATE_SUFFIXES = (".yaml", ".yml", ".json", ".keras")
#: Text a spec or Keras config cannot lack: a `layers` key (block YAML at the left margin,
#: or quoted in JSON / flow YAML) or a `class_name`. Files without it are never parsed.
_SIGNAL = re.compile(rb"""(?m)^(?:\xef\xbb\xbf)?["']?layers["']?[ \t]*:|["']layers["'][ \t]*:|class_name""")
#: A block-style top-level `layers:` key (at the left margin): a spec without parsing.
_BLOCK_LAYERS = re.compile(rb"""(?m)^(?:\xef\xbb\xbf)?["']?layers["']?[ \t]*:""")
#: Files up to this size are parsed (with the spec parser's own limits) to confirm the
#: signal; larger ones with the signal are linted, and the linter reports what they are.
_CONFIRM_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Overrides:
    """Patterns from the command line; None where the option was not given."""

    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    include: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Settings:
    """One settings file's view: its lint table, and the patterns, anchored at `root`."""

    root: Path
    source: Path | None
    table: dict[str, Any] = field(hash=False, compare=False)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    include: tuple[str, ...] = ()
    respect_gitignore: bool = True

    def excluded(self, path: Path) -> bool:
        return self._exclude.matches(path)

    def included(self, path: Path) -> bool:
        return self._include.matches(path)

    @cached_property
    def _exclude(self) -> _Patterns:
        return _Patterns(self.exclude, self.root)

    @cached_property
    def _include(self) -> _Patterns:
        return _Patterns(self.include, self.root)


class _Patterns:
    """ruff's rule, compiled once per settings file: a bare name matches a file's or folder's
    name anywhere; a pattern with a `/` matches its path below ROOT (where `*` crosses `/`,
    as in ruff's globs)."""

    def __init__(self, patterns: tuple[str, ...], root: Path) -> None:
        self.root = root
        names = [p.rstrip("/") for p in patterns if "/" not in p.rstrip("/")]
        paths = [p.rstrip("/").removeprefix("./") for p in patterns if "/" in p.rstrip("/")]
        self.names = re.compile("|".join(translate(p) for p in names)) if names else None
        self.paths = re.compile("|".join(translate(p) for p in paths)) if paths else None

    def matches(self, path: Path) -> bool:
        if self.names is not None and self.names.match(path.name):
            return True
        if self.paths is None:
            return False
        try:
            relative = path.relative_to(self.root).as_posix()
        except ValueError:
            return False
        return self.paths.match(relative) is not None


class Resolver:
    """Settings for each folder, read once per settings file."""

    def __init__(self, explicit: str | None, overrides: Overrides, cwd: Path | None = None) -> None:
        self.cwd = (cwd or Path.cwd()).resolve()
        self.overrides = overrides
        self.explicit = Path(explicit).resolve() if explicit else None
        self._by_file: dict[Path | None, Settings] = {}
        self._by_folder: dict[Path, Settings] = {}
        self._sources: dict[Path, Path | None] = {}

    def for_folder(self, folder: Path) -> Settings:
        cached = self._by_folder.get(folder)
        if cached is None:
            source = self.explicit or self._source(folder)
            cached = self._by_file.get(source)
            if cached is None:
                cached = self._by_file[source] = self._load(source)
            self._by_folder[folder] = cached
        return cached

    def _source(self, folder: Path) -> Path | None:
        """The settings file nearest FOLDER, each folder looked at once in a run (a loop, not
        recursion: a path can have thousands of parts)."""
        unknown: list[Path] = []
        found: Path | None = None
        for current in (folder, *folder.parents):
            if current in self._sources:
                found = self._sources[current]
                break
            unknown.append(current)
            found = settings_file_in(current)
            if found is not None:
                break
        for current in unknown:
            self._sources[current] = found
        return found

    def _load(self, source: Path | None) -> Settings:
        table: dict[str, Any] = {}
        if source is not None:
            table, _ = load_config(str(source), source.parent) if source == self.explicit else \
                load_config(None, source.parent)
        root = source.parent if source is not None else self.cwd
        exclude = tuple(table.get("exclude", DEFAULT_EXCLUDE))
        extend = tuple(table.get("extend-exclude", ()))
        include = tuple(table.get("include", ()))
        # Command-line patterns are relative to the current folder: anchor them there.
        cli_exclude = self.overrides.exclude
        if cli_exclude is not None:
            exclude = tuple(_anchor(p, self.cwd, root) for p in cli_exclude)
        if self.overrides.include is not None:
            include = tuple(_anchor(p, self.cwd, root) for p in self.overrides.include)
        extend = extend + tuple(_anchor(p, self.cwd, root) for p in self.overrides.extend_exclude)
        return Settings(root, source, table, exclude + extend, include, table.get("respect-gitignore", True) is True)


def _anchor(pattern: str, cwd: Path, root: Path) -> str:
    """A command-line PATTERN (relative to CWD) restated relative to ROOT; a bare name
    (no `/`) matches names anywhere and stays as it is."""
    if "/" not in pattern.rstrip("/") or cwd == root:
        return pattern
    try:
        prefix = cwd.relative_to(root).as_posix()
    except ValueError:
        return pattern  # outside the project: it still matches names
    return f"{prefix}/{pattern.removeprefix('./')}"


def is_spec_file(path: Path) -> bool:
    """Cheaply: is PATH a spec or Keras config? A .keras archive is. A YAML/JSON file is not
    unless its bytes hold a `layers` key or a `class_name` (most files end there); a block
    YAML `layers:` at the left margin is a top-level key, so such a file is. The rest (JSON,
    flow YAML, a `class_name`), up to _CONFIRM_BYTES, are parsed to see whether the top level
    has `layers` or `class_name` and `config`: JSON with the C parser, YAML with the spec
    reader's safe one. Text that has the signal but does not parse is a broken spec: it is
    linted, so the syntax error is reported rather than hidden."""
    if path.suffix.lower() == ".keras":
        return True
    from lstmcalc.safety.limits import MAX_INPUT_BYTES
    from lstmcalc.safety.reading import ReadError, read_path

    try:
        data = read_path(str(path), MAX_INPUT_BYTES)
    except ReadError:
        return True  # the linter reports why it cannot be read
    if not _SIGNAL.search(data):
        return False
    if _BLOCK_LAYERS.search(data) or len(data) > _CONFIRM_BYTES:
        return True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    value: object
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        import json

        try:
            value = json.loads(text)
        except (ValueError, RecursionError, MemoryError):
            value = None  # flow YAML, or broken JSON: the YAML reader decides
        if isinstance(value, dict):
            return "layers" in value or ("class_name" in value and "config" in value)
    from lstmcalc.spec.tree import TreeError, parse_text

    tree = parse_text(text, is_json=path.suffix.lower() == ".json")
    if isinstance(tree, TreeError):
        return True
    value = tree.value
    return isinstance(value, dict) and ("layers" in value or ("class_name" in value and "config" in value))


@dataclass
class Found:
    """What discovery returns: files with their settings, and what it passed over."""

    files: list[tuple[str, Settings | None]] = field(default_factory=list)
    #: YAML/JSON files a walk (or --force-exclude) found not to be specs
    skipped: int = 0
    #: paths given on the command line that yielded no spec to lint, with the number of
    #: non-spec YAML/JSON files in each
    empty: list[tuple[str, int]] = field(default_factory=list)


class _Ignores:
    """The .gitignore rules in force in one folder: (folder, spec) pairs, outermost first."""

    def __init__(self, rules: tuple[tuple[Path, GitIgnoreSpec], ...] = ()) -> None:
        self.rules = rules

    def below(self, folder: Path) -> _Ignores:
        spec = _gitignore(folder / ".gitignore")
        return _Ignores((*self.rules, (folder, spec))) if spec is not None else self

    def ignored(self, path: Path, is_dir: bool) -> bool:
        # git's precedence: the deepest .gitignore with an opinion (a match or a `!` re-include) decides
        for folder, spec in reversed(self.rules):
            relative = path.relative_to(folder).as_posix() + ("/" if is_dir else "")
            verdict = spec.check_file(relative).include
            if verdict is not None:
                return verdict
        return False


def _gitignore(path: Path) -> GitIgnoreSpec | None:
    if not path.is_file():
        return None
    from pathspec import GitIgnoreSpec  # imported when a walk meets a .gitignore: start-up stays fast

    from lstmcalc.safety.limits import MAX_CONFIG_BYTES
    from lstmcalc.safety.reading import ReadError, read_path

    try:
        raw = read_path(str(path), MAX_CONFIG_BYTES)[:MAX_CONFIG_BYTES]
    except ReadError:
        return None
    return GitIgnoreSpec.from_lines(raw.decode("utf-8", errors="replace").splitlines())


def _repo_ignores(folder: Path) -> _Ignores:
    """The .gitignore rules from the repository root down to FOLDER (and .git/info/exclude),
    for a walk that starts inside a repository; none outside one."""
    chain = [folder, *folder.parents]
    root = next((f for f in chain if (f / ".git").exists()), None)
    if root is None:
        return _Ignores().below(folder)
    ignores = _Ignores()
    exclude = _gitignore(root / ".git" / "info" / "exclude")
    if exclude is not None:
        ignores = _Ignores(((root, exclude),))
    for f in reversed(chain[: chain.index(root) + 1]):
        ignores = ignores.below(f)
    return ignores


def discover(paths: tuple[str, ...], resolver: Resolver, force_exclude: bool = False) -> Found:
    """The files to lint for PATHS, de-duplicated by their resolved path, in order."""
    found = Found()
    seen: set[Path] = set()

    def add(shown: str, real: Path, settings: Settings | None) -> bool:
        if real in seen:
            return False
        seen.add(real)
        found.files.append((shown, settings))
        return True

    for raw in paths:
        if raw == "-":
            found.files.append((raw, resolver.for_folder(resolver.cwd)))
            continue
        path = Path(raw)
        real = path.resolve()
        if path.is_file():
            settings = resolver.for_folder(real.parent)
            if force_exclude:
                if _excluded_with_parents(real, settings):
                    continue
                if not settings.included(real) and not _spec(real):
                    found.skipped += real.suffix.lower() in CANDIDATE_SUFFIXES
                    continue
            add(raw, real, settings)
            continue
        files, skipped = _walk(path, real, resolver)
        found.skipped += skipped
        for item in sorted(files, key=lambda item: item[0]):
            add(*item)
        if not files:
            found.empty.append((raw, skipped))
    return found


def _spec(path: Path) -> bool:
    return path.suffix.lower() in CANDIDATE_SUFFIXES and is_spec_file(path)


def _excluded_with_parents(path: Path, settings: Settings) -> bool:
    """--force-exclude: the file or a folder above it (below the settings root) is excluded."""
    folders = [path, *(p for p in path.parents if settings.root in p.parents)]
    return any(settings.excluded(p) for p in folders)


def _walk(shown: Path, real: Path, resolver: Resolver) -> tuple[list[tuple[str, Path, Settings]], int]:
    """The lintable files under the folder REAL (shown as SHOWN), and how many YAML/JSON
    files were skipped as non-specs."""
    skipped = 0
    files: list[tuple[str, Path, Settings]] = []
    base_ignores = _repo_ignores(real)
    stack: list[tuple[Path, Path, _Ignores]] = [(shown, real, base_ignores)]
    while stack:
        shown_dir, real_dir, ignores = stack.pop()
        settings = resolver.for_folder(real_dir)
        try:
            entries = sorted(os.scandir(real_dir), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            entry_path = real_dir / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                if entry.name == ".git" or settings.excluded(entry_path):
                    continue
                if settings.respect_gitignore and ignores.ignored(entry_path, True):
                    continue
                folders.append(entry)
            elif is_file:
                if settings.excluded(entry_path):
                    continue
                if settings.respect_gitignore and ignores.ignored(entry_path, False):
                    continue
                # folders are real paths already; only a symbolic link needs resolving
                real_file = entry_path.resolve() if entry.is_symlink() else entry_path
                if settings.included(entry_path):
                    files.append((str(shown_dir / entry.name), real_file, settings))
                elif entry_path.suffix.lower() in CANDIDATE_SUFFIXES:
                    if is_spec_file(entry_path):
                        files.append((str(shown_dir / entry.name), real_file, settings))
                    else:
                        skipped += 1
        for entry in reversed(folders):  # depth first, in name order
            sub = real_dir / entry.name
            child = ignores.below(sub) if settings.respect_gitignore else ignores
            stack.append((shown_dir / entry.name, sub, child))
    return files, skipped
