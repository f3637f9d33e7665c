"""`lstmcalc interactive`: build a model one Keras call per line and watch the shapes.

Each line is a layer call (`LSTM(128, return_sequences=True)`) appended to the model, or a
`:command`. After every change the Keras table is shown, with any diagnostic and its hint.
A layer that does not fit the model (a shape Keras would refuse) is kept and flagged, so it
can be fixed with `:set` or dropped with `:undo`; a line that does not parse, or a call Keras
would refuse to construct (an unknown argument, a bad value), is refused and nothing is added.
Argument values may be any expression the Python reader can evaluate (`LSTM(64*2)`), and the
functional forms pasted from tutorials (`x = Dense(4)(x)`, `inputs = Input(...)`) add the layer
in sequence. Nothing ever ends the session but `:quit` or end of input (Ctrl-D), and both ask
first when the model has unsaved changes; Ctrl-C at any prompt returns to the calculator.

With stdin not a terminal, commands are read line by line with no prompt, so sessions can be
scripted. There is no one to ask, so the unsaved-changes question is answered "no": `:load`
over unsaved changes is refused, and at `:quit` or end of input the session ends (a script
cannot go on) with a note that the model was not saved. A script exits 0 when every line
worked, 1 when any line was refused or failed, 2 when any command was used wrongly (unknown
command, missing arguments), and 3 after an internal error.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import sys
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from lstmcalc.diagnostics import Diagnostic, cap_findings
from lstmcalc.engine import Summary
from lstmcalc.engine.infer import Analysis
from lstmcalc.engine.results import LayerResult
from lstmcalc.layers import REGISTRY
from lstmcalc.render.diagnostics import diagnostic_line
from lstmcalc.render.keras_table import to_text
from lstmcalc.safety.limits import MAX_INPUT_BYTES
from lstmcalc.safety.reading import ReadError, read_path
from lstmcalc.safety.text import quoted, visible
from lstmcalc.safety.writing import WriteError, write_atomic
from lstmcalc.span import Span
from lstmcalc.spec.dump import to_yaml
from lstmcalc.spec.model import ArgSpec, LayerSpec, ModelSpec
from lstmcalc.spec.pycall import NotLiteral, TooLarge, describe, literal, parse_call, parse_quietly

HELP = """\
Type a Keras layer call to add it, e.g.
  Input(shape=(50, 10))
  LSTM(128, return_sequences=True)
  x = Dense(4)(x)            (tutorial lines: the layer is added in sequence)
Values may be arithmetic: LSTM(64*2), Dropout(1/4).
Commands:
  :show                      the model's table again
  :explain [NAME]            explain every layer, or one
  :set NAME key=value ...    change arguments, e.g. :set lstm return_sequences=True
  :insert N CALL             insert CALL as layer N (1 = first)
  :delete NAME               remove a layer
  :undo                      undo the last change
  :save FILE                 write the model as a spec v1 YAML file (asks before overwriting)
  :load FILE                 replace the model with a spec file (asks if unsaved changes)
  :help                      this text
  :quit                      leave (also Ctrl-D); asks if there are unsaved changes
Ctrl-C at any prompt or question returns here with the model as it was."""

if TYPE_CHECKING:
    from rich.console import Console

    from lstmcalc.cost.report import Running

SOURCE = "<interactive>"
COMMANDS = [":show", ":explain", ":set", ":insert", ":delete", ":undo", ":save", ":load", ":help", ":quit"]
ORIGIN = Span(1, 1)


#: Up to this many layers every change prints the whole table; past it, a change prints the
#: rows it changed and the totals (`:show` prints all), so each line costs the same however
#: long the session.
FULL_TABLE_LAYERS = 20
#: Layers in one session, and changes `:undo` can take back.
MAX_LAYERS = 1000
MAX_UNDO = 100
#: Layers analysed again by edits (:set, :insert, :delete, :undo, :load) or printed whole
#: (:show, :explain) in one session: each costs the model's size, so this bounds a session's
#: time (about 50 µs a layer) while adding layers, which costs the same at any size, stays free.
MAX_REANALYSED = 100_000


class Session:
    def __init__(self, out: TextIO, ask: object = None, interactive: bool = False) -> None:
        self.out = out
        self.layers: list[LayerSpec] = []
        self.name: str | None = None
        # ("append", None, None) is undone by dropping the last layer; anything else keeps a
        # copy of the layers before it.
        self.history: deque[tuple[str, list[LayerSpec] | None, str | None]] = deque(maxlen=MAX_UNDO)
        self.interactive = interactive
        self.ask = ask  # a callable(prompt) -> str, for the overwrite question
        self.analysis = Analysis(SOURCE)
        self._summary: Summary | None = None
        self.work_done = 0
        self.running: Running | None = None  # the running cost's counted rows (large sessions)
        #: Whether the model changed since it was last saved or loaded.
        self.dirty = False
        #: The script's exit status so far: 1 once a line failed, 2 once a command was misused.
        self.status = 0

    # --- state ----------------------------------------------------------------------
    def summary(self) -> Summary:
        if self._summary is None:
            self._summary = self.analysis.summary()
        return self._summary

    def _reanalyze(self) -> None:
        self.analysis = Analysis(SOURCE, self.name)
        self.analysis.construct_all(self.layers)
        self._summary = None

    def _charge(self, size: int) -> bool:
        """Charge SIZE layers of work to the session; False (and says why) past its limit."""
        if self.work_done + size <= MAX_REANALYSED:
            self.work_done += size
            return True
        self.fail(f"refused: this session has re-analysed or printed {MAX_REANALYSED:,} layers, its limit; "
                 ":save FILE and start again with `lstmcalc interactive FILE` (adding layers still works)")
        return False

    def append(self, layer: LayerSpec) -> None:
        """Add a layer at the end: the common case, at a cost that does not grow."""
        if len(self.layers) >= MAX_LAYERS:
            self.fail(f"refused: the session holds {MAX_LAYERS:,} layers, its limit; write larger models "
                      "as a spec file")
            return
        results_before, ops_before = len(self.analysis.results), len(self.analysis.ops)
        self.history.append(("append", None, None))
        self.layers.append(layer)
        self.dirty = True
        index = self.analysis.add(layer)
        self._summary = None
        if len(self.layers) <= FULL_TABLE_LAYERS:
            self.show()
            return
        # the layer's rows and any mask op it made (two lists: slicing their concatenation by the
        # old total showed an old op row instead of the new layer once a mask op existed)
        new_rows = [*self.analysis.results[results_before:], *self.analysis.ops[ops_before:]]
        problems = list(self.analysis.per_layer[index])
        duplicate = self.analysis.duplicate_problem(index)
        if duplicate is not None:
            problems.append(duplicate)
        self._show_rows(new_rows, f"layer {index + 1} added")
        self._show_running_cost(new_rows)
        self._show_problems(problems)

    def change(self, layers: list[LayerSpec], name: str | None = None) -> bool:
        """Replace the model (insert, delete, :set, :load): analysed again, changed rows shown.
        False when refused (the model is unchanged)."""
        if len(layers) > MAX_LAYERS:
            self.fail(f"refused: the session holds at most {MAX_LAYERS:,} layers")
            return False
        if not self._charge(len(layers)):
            return False
        before = {self._key(r) for r in self.summary().table_rows} if len(self.layers) > FULL_TABLE_LAYERS else None
        self.history.append(("replace", self.layers, self.name))
        self.layers = layers
        if name is not None:
            self.name = name
        self._reanalyze()
        self.dirty = True
        self._show_changes(before)
        return True

    def undo(self) -> bool:
        if not self.history:
            return False
        if not self._charge(len(self.layers)):
            return True
        before = {self._key(r) for r in self.summary().table_rows} if len(self.layers) > FULL_TABLE_LAYERS else None
        kind, layers, name = self.history.pop()
        if kind == "append":
            self.layers.pop()
        else:
            self.layers, self.name = layers or [], name
        self._reanalyze()
        self.dirty = True
        self._show_changes(before)
        return True

    def checkpoint(self) -> tuple[list[LayerSpec], str | None, int, bool]:
        """What restore needs to take back a line stopped half-way (a copy of up to
        MAX_LAYERS references: microseconds)."""
        return list(self.layers), self.name, len(self.history), self.dirty

    def restore(self, saved: tuple[list[LayerSpec], str | None, int, bool]) -> None:
        layers, name, undo_steps, dirty = saved
        if layers == self.layers and name == self.name:
            return
        self.layers, self.name, self.dirty = layers, name, dirty
        while len(self.history) > undo_steps:
            self.history.pop()
        self._reanalyze()

    def names(self) -> list[str]:
        return [b.name for b in self.analysis.built]

    def index_of(self, name: str) -> int | None:
        names = self.names()
        return names.index(name) if name in names else None

    # --- output ---------------------------------------------------------------------
    def say(self, text: str) -> None:
        """One line of output; whatever the user typed in it is shown, never acted on."""
        self.out.write(visible(text) + "\n")

    def fail(self, text: str, usage: bool = False) -> None:
        """Say TEXT and mark the line failed: the script's exit status becomes 1, or 2 for a
        command used wrongly (2 wins: a misused command is the script's own mistake)."""
        self.say(text)
        self.status = 2 if usage else max(self.status, 1)

    def usage(self, text: str) -> None:
        self.fail(text, usage=True)

    def yes(self, prompt: str) -> bool:
        """Ask PROMPT; only y or yes is a yes. Ctrl-C, Ctrl-D and no terminal are a no."""
        answer = self.ask(prompt) if callable(self.ask) else ""
        return str(answer).strip().lower() in ("y", "yes")

    def may_discard(self, doing: str) -> bool:
        """Whether the unsaved model may be dropped for DOING ('load FILE', 'quit'); asked on
        a terminal, answered no in a script (nobody to ask: the work is not thrown away)."""
        if not self.dirty or not self.layers:
            return True
        if not self.interactive:
            return False
        return self.yes(f"the model has unsaved changes; discard them and {doing}? [y/N] ")

    def _console(self) -> Console:
        from rich.console import Console

        return Console(file=self.out, highlight=False, force_terminal=self.interactive or None,
                       width=None if self.interactive else 120)

    def show(self) -> None:
        """The whole table and every diagnostic."""
        if not self.layers:
            self.say("(the model is empty: start with e.g. Input(shape=(50, 10)))")
            return
        summary = self.summary()
        if summary.layers and summary.keras == 2:  # --keras 2: tf.keras 2's own table, or why it has none
            from lstmcalc.engine.table_options import requested
            from lstmcalc.render.keras2_table import Keras2Error, summary_text

            try:
                for line in summary_text(summary, requested(summary)).splitlines():
                    self.say(line)
            except Keras2Error as exc:
                self.say(f"(no table: tf.keras 2's summary() raises {exc.kind}: {exc})")
        elif summary.layers:
            from lstmcalc.render.keras_table import print_summary

            print_summary(summary, self._console(), None if self.interactive else 88)
        self._show_cost(summary)
        self._show_problems(list(summary.diagnostics))

    def _show_cost(self, summary: Summary) -> None:
        """The running cost under the whole table (formulas in T for variable lengths)."""
        if not summary.ok or not summary.built or not summary.layers:
            return
        from lstmcalc.cost import Options, report
        from lstmcalc.render.cost_out import running_line

        self.say(running_line(report(summary, ModelSpec(SOURCE, tuple(self.layers), self.name), Options())))

    def _show_running_cost(self, added: list[LayerResult] | None) -> None:
        """A large session's running cost: ADDED rows counted onto the sums; None (a change
        elsewhere in the model) counts the model again. Nothing while the model is refused."""
        from lstmcalc.cost.report import Running
        from lstmcalc.render.cost_out import running_sums_line

        if self.analysis.unbuilt or not self.analysis.alive:
            self.running = None
            return
        if self.running is None or added is None:
            self.running = Running()
            self.running.restart(self.summary())
        else:
            keys = {(name, node) for row in added for name, node, _i in row.links()} | {(self.running.last, 0)}
            masked = frozenset((t.op, t.node, t.position) for key in keys for t in self.analysis.produced.get(key, ())
                               if t.mask)
            self.running.add(added, masked)
        self.say(running_sums_line(self.running.macs, self.running.flops))

    @staticmethod
    def _key(row: LayerResult) -> tuple[object, ...]:
        return (row.name, row.type, row.output_shape, row.outputs, row.params, row.inputs)

    def _show_changes(self, before: set[tuple[object, ...]] | None) -> None:
        if before is None or len(self.layers) <= FULL_TABLE_LAYERS or self.analysis.namer.keras == 2:
            self.show()
            return
        summary = self.summary()
        changed = [r for r in summary.table_rows if self._key(r) not in before]
        self._show_rows(changed, f"{len(changed)} row{'s' if len(changed) != 1 else ''} changed")
        self._show_running_cost(None)
        self._show_problems(list(summary.diagnostics))

    def _show_rows(self, rows: list[LayerResult], what: str) -> None:
        """Only ROWS, in Keras's table, then the model's totals."""
        from lstmcalc.render.keras_table import build_table, footer

        self.say(f"{what}; {len(self.layers):,} layers in all, :show prints the whole table")
        analysis = self.analysis
        if rows and not analysis.unbuilt:
            part = Summary(SOURCE, "", tuple(rows), functional=analysis.functional, sequential_like=True)
            console = self._console()
            console.print(build_table(part, console.width - 4 if self.interactive else 88))
            totals = analysis.totals
            for text, count, size in (("Total params", totals.params, totals.trainable_bytes + totals.non_trainable_bytes),
                                      ("Trainable params", totals.trainable, totals.trainable_bytes),
                                      ("Non-trainable params", totals.non_trainable, totals.non_trainable_bytes)):
                console.print(to_text(footer(text, count, size)))

    def _show_problems(self, problems: list[Diagnostic]) -> None:
        for d in cap_findings(problems):
            marker = "✗" if d.is_error else "!"
            self.say(f"{marker} {diagnostic_line('line', d).split(': ', 1)[1]}")

    # --- commands -------------------------------------------------------------------
    def handle(self, line: str) -> bool:
        """Run one line; False when the session should end."""
        text = line.strip()
        if not text or text.startswith("#"):
            return True
        if _NOT_UTF8.search(text):
            self.fail("refused: the line is not UTF-8 text")
            return True
        if text.startswith(":"):
            word, _, rest = text.partition(" ")
            handler = getattr(self, "cmd_" + word[1:], None)
            if handler is None:
                from lstmcalc.diagnostics import did_you_mean

                guess = did_you_mean(word, COMMANDS)
                self.usage(f"unknown command {visible(word, 40)}" + (f"; did you mean {guess}?" if guess else
                                                                   "; :help lists them"))
                return True
            result = handler(rest.strip())
            return result is not False
        layer = self.parse_layer(text)
        if layer is not None:
            self.append(layer)
        return True

    def parse_layer(self, text: str) -> LayerSpec | None:
        """The layer of one line, or None after saying why it is refused. A call Keras would
        refuse to construct (an unknown argument, a value out of range) is refused here, the
        way an unknown type is, so the model only ever holds layers Keras could create."""
        text = layer_call_text(text)
        layer, problems = parse_call(text, resolve=evaluate)
        if layer is not None and not self.constructible(layer, problems):
            layer = None
        for d in problems:
            hint = f" (hint: {d.hint})" if d.hint else ""
            if layer is None:
                self.fail(f"refused: {d.message}{hint}")
            else:  # a warning about a layer that is added
                self.say(f"! {d.message}{hint}")
        return layer

    @staticmethod
    def constructible(layer: LayerSpec, problems: list[Diagnostic]) -> bool:
        """Whether Keras would create LAYER (its arguments alone, before any input); adds
        the reasons it would not to PROBLEMS."""
        from lstmcalc.engine.infer import construct
        from lstmcalc.spec.naming import Namer

        found: list[Diagnostic] = []
        construct(layer, Namer(), found)
        errors = [d for d in found if d.is_error]
        problems.extend(errors)
        return not errors

    def cmd_help(self, rest: str) -> None:
        self.out.write(HELP + "\n")  # our own text, several lines

    def cmd_quit(self, rest: str) -> bool:
        if self.interactive:
            if self.may_discard("quit"):
                return False
            self.say("still here; :save FILE keeps the model")
            return True
        if self.dirty and self.layers:
            self.say("note: the model was not saved (end the script with :save FILE to keep it)")
        return False

    cmd_exit = cmd_q = cmd_quit

    def cmd_show(self, rest: str) -> None:
        if self._charge(len(self.layers)):
            self.show()

    def cmd_explain(self, rest: str) -> None:
        from lstmcalc.render.explain_out import explain_text
        from lstmcalc.teach.explain import explain

        if not rest and not self._charge(len(self.layers)):
            return
        summary = self.summary()
        if rest and rest not in {r.name for r in summary.layers}:
            self.usage(f"no layer {quoted(rest)}; layers: {', '.join(r.name for r in summary.layers) or 'none'}")
            return
        self.out.write(explain_text(summary, explain(summary, rest or None)))  # sanitized by explain_text

    def cmd_undo(self, rest: str) -> None:
        if not self.undo():
            self.fail("nothing to undo")

    def cmd_delete(self, rest: str) -> None:
        index = self.index_of(rest)
        if index is None:
            self.usage(f"no layer {quoted(rest)}; layers: {', '.join(self.names()) or 'none'}")
            return
        self.change(self.layers[:index] + self.layers[index + 1:])

    def cmd_insert(self, rest: str) -> None:
        position, _, call = rest.partition(" ")
        if not position.isdigit() or not call.strip():
            self.usage("usage: :insert N CALL, e.g. :insert 2 Dropout(0.2)")
            return
        index = int(position) - 1
        if not 0 <= index <= len(self.layers):
            self.usage(f"N must be between 1 and {len(self.layers) + 1}")
            return
        layer = self.parse_layer(call.strip())
        if layer is not None:
            self.change([*self.layers[:index], layer, *self.layers[index:]])

    def cmd_set(self, rest: str) -> None:
        name, _, assignments = rest.partition(" ")
        index = self.index_of(name)
        if index is None or not assignments.strip():
            self.usage(f"usage: :set NAME key=value ...; layers: {', '.join(self.names()) or 'none'}")
            return
        values = parse_assignments(assignments)
        if values is None:
            self.usage("refused: write the changes as key=value pairs, "
                       "e.g. :set lstm return_sequences=True units=64")
            return
        old = self.layers[index]
        args = dict(old.args)
        new_name = old.name
        for key, value in values.items():
            if key == "name":
                new_name = value if isinstance(value, str) else new_name
                continue
            args[key] = ArgSpec(value, ORIGIN, ORIGIN)
        updated = old._replace(args=args, name=new_name)
        problems: list[Diagnostic] = []
        if not self.constructible(updated, problems):
            for d in problems:
                self.fail(f"refused: {d.message}" + (f" (hint: {d.hint})" if d.hint else "") + "; nothing changed")
            return
        self.change([*self.layers[:index], updated, *self.layers[index + 1:]])

    def cmd_save(self, rest: str) -> None:
        if not rest:
            self.usage("usage: :save FILE")
            return
        path = Path(rest).expanduser()
        if os.path.isdir(path):  # not Path.is_dir: that raises for a name too long, isdir says False
            self.fail(f"not saved: {path} is a directory; name a file in it, e.g. :save {path / 'model.yaml'}")
            return

        def confirm(shown: str) -> bool:
            return self.yes(f"{visible(shown)} exists; overwrite it? [y/N] ")

        try:
            write_atomic(path, to_yaml(self.layers, self.name), confirm=confirm)
        except WriteError as exc:
            if "exists" in str(exc):
                self.fail(f"not saved: {path} is unchanged")
            else:
                self.fail(f"not saved: {exc}")
            return
        self.dirty = False
        self.say(f"saved {len(self.layers)} layers to {path}")

    def cmd_load(self, rest: str) -> None:
        if not rest:
            self.usage("usage: :load FILE")
            return
        path = Path(rest).expanduser()
        try:
            data = read_path(str(path), MAX_INPUT_BYTES)
        except ReadError as exc:
            self.fail(str(exc))
            return
        from lstmcalc.spec import load_spec

        spec, problems = load_spec(data, str(path))
        if spec is None:
            for d in problems:
                self.fail(f"refused: {diagnostic_line(str(path), d)}")
            return
        if not self.may_discard(f"load {path}"):
            self.fail("not loaded: the model has unsaved changes; :save FILE first (the model is unchanged)")
            return
        if self.change(list(spec.layers), spec.name or ""):
            self.dirty = False


_ASSIGNED = re.compile(r"\s*[A-Za-z_][A-Za-z_0-9]*\s*=(?!=)\s*")


def layer_call_text(text: str) -> str:
    """The layer call in one pasted line. `model.add(CALL)`, `x = CALL`, `x = CALL(x)` and
    `CALL(x)` all mean CALL, added in sequence: Keras does not name a layer after the
    variable holding it, and the REPL's model is the chain of lines, so the variable and
    the tensor the layer is applied to carry nothing the model needs."""
    assigned = _ASSIGNED.match(text)
    if assigned:
        text = text[assigned.end():]
    if text.startswith("model.add(") and text.endswith(")"):
        return text[len("model.add("):-1]
    if text.endswith(")") and ")(" in text:
        try:
            tree = parse_quietly(text, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return text  # parse_call says why
        body = tree.body
        if isinstance(body, ast.Call) and isinstance(body.func, ast.Call):
            inner = ast.get_source_segment(text, body.func)
            if inner is not None:
                return inner
    return text


def evaluate(node: ast.expr) -> object:
    """One argument's value: a literal at once, otherwise the Python reader's interpreter
    (`64*2`, `2**3`, `1/4`, `max(3, 4)`), imported only then so start-up stays quick. Names,
    imports and anything else it cannot know are refused (NotLiteral), never guessed."""
    try:
        return literal(node)
    except TooLarge:
        raise
    except NotLiteral:
        pass
    from lstmcalc.readers.python.interpreter import Interpreter
    from lstmcalc.readers.python.values import OutOfSteps, Refused, Unresolved, plain, to_spec

    try:
        value = Interpreter({}).value(node)
    except Refused:
        raise TooLarge(node, f"`{visible(describe(node), 80)}`") from None
    except (Unresolved, OutOfSteps, RecursionError, ArithmeticError, TypeError, ValueError):
        raise NotLiteral(node, describe(node)) from None
    if not plain(value):
        raise NotLiteral(node, describe(node))
    return to_spec(value)


def parse_assignments(text: str) -> dict[str, object] | None:
    """'return_sequences=True units=64 activation=relu' -> values; bare words are strings."""
    tokens = _split_top_level(text)
    if tokens is None:
        return None
    values: dict[str, object] = {}
    for token in tokens:
        key, sep, raw = token.partition("=")
        if not sep or not key.isidentifier() or not raw:
            return None
        try:
            values[key] = literal(parse_quietly(raw, mode="eval").body)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            return None
        except NotLiteral:
            if not raw.isidentifier():
                return None
            values[key] = raw  # activation=relu: a bare word is the string
    return values


def _split_top_level(text: str) -> list[str] | None:
    """Split on spaces and commas outside brackets and quotes; None when unbalanced."""
    tokens, current, depth, quote = [], "", 0, ""
    for ch in text:
        if quote:
            current += ch
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            current, quote = current + ch, ch
        elif ch in "([{":
            current, depth = current + ch, depth + 1
        elif ch in ")]}":
            current, depth = current + ch, depth - 1
            if depth < 0:
                return None
        elif ch in " ,\t" and depth == 0:
            if current:
                tokens.append(current)
            current = ""
        else:
            current += ch
    if quote or depth:
        return None
    return [*tokens, current] if current else tokens


def completer_for(session: Session):  # type: ignore[no-untyped-def]
    """Tab completion of commands, layer types, argument names and layer names."""
    def complete(text: str, state: int) -> str | None:
        import readline

        line = readline.get_line_buffer()
        if line.startswith(":"):
            words = line.split()
            if len(words) <= 1 and not line.endswith(" "):
                options = [c + " " for c in COMMANDS if c.startswith(text)]
            elif words[0] in (":save", ":load"):
                options = complete_path(text)
            else:
                options = [n for n in session.names() if n.startswith(text)]
        elif "(" in line:
            type_name = line.split("(", 1)[0].strip().rsplit(".", 1)[-1]
            cls = REGISTRY.get(type_name)
            args = [a.name for a in cls.args] + list(cls.nested) if cls else []
            options = [a + "=" for a in args if a.startswith(text)]
        else:
            options = [t + "(" for t in sorted(REGISTRY) if t.startswith(text)]
        return options[state] if state < len(options) else None
    return complete


#: Ends of input in a row after which the session ends though the model is unsaved: a person
#: pressing Ctrl-D gets the question each time, a terminal that has gone away (every read
#: ends at once) must not spin forever.
MAX_ENDS = 20

#: Paths offered at one tab press: a huge folder is not listed whole.
MAX_COMPLETIONS = 200


def complete_path(text: str) -> list[str]:
    """Files and folders starting with TEXT (folders end in /, so a tab goes on into them);
    `~` is expanded for the search but kept in what is offered."""
    folder, _, start = text.rpartition("/")
    if text.startswith("/") and not folder:
        folder = "/"
    where = os.path.expanduser(folder) if folder else "."
    prefix = folder + "/" if folder and folder != "/" else folder
    options: list[str] = []
    try:
        with os.scandir(where) as entries:
            for entry in entries:
                if not entry.name.startswith(start) or (entry.name.startswith(".") and not start.startswith(".")):
                    continue
                is_dir = entry.is_dir()
                options.append(prefix + entry.name + ("/" if is_dir else ""))
                if len(options) >= MAX_COMPLETIONS:
                    break
    except OSError:
        return []
    return sorted(options)


#: Characters in one line of input; a longer line is skipped whole and refused.
MAX_LINE = 64 * 1024


def _read_line(stdin: TextIO) -> str | None:
    """One line of a script, '' at the end, None for a line over MAX_LINE (skipped whole).
    Bytes that are not UTF-8 arrive as surrogate escapes (see run) and are refused by handle."""
    line = stdin.readline(MAX_LINE + 1)
    if len(line) <= MAX_LINE or line.endswith("\n"):
        return line
    while line and not line.endswith("\n"):
        line = stdin.readline(MAX_LINE)
    return None


_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def run(spec_path: str | None, stdin: TextIO, out: TextIO) -> int:
    interactive = stdin.isatty()
    with contextlib.suppress(AttributeError, ValueError, OSError):  # not a TextIOWrapper: it decodes as it likes
        stdin.reconfigure(errors="surrogateescape")  # type: ignore[attr-defined]
    session = Session(out, interactive=interactive)
    session.ask = _asker(session, stdin)
    if interactive:
        _start_readline(session)
        session.say("lstmcalc interactive: one Keras layer call per line; :help for commands, :quit to leave")
    if spec_path:
        session.cmd_load(spec_path)
    crashed = False
    ends = 0  # end-of-input in a row at the prompt
    while True:
        try:
            line = input("lstmcalc> ") if interactive else _read_line(stdin)
        except EOFError:  # Ctrl-D at the prompt: :quit, with its question
            session.say("")
            ends += 1
            if ends < MAX_ENDS and session.handle(":quit"):
                continue
            break
        except UnicodeDecodeError:  # a stream that would not take surrogateescape
            session.say("refused: standard input is not UTF-8 text; the session ends")
            return 1
        except KeyboardInterrupt:
            session.say("")
            continue
        ends = 0
        if line is None:
            session.fail(f"refused: a line longer than {MAX_LINE:,} characters")
            continue
        if not interactive and line == "":
            session.handle(":quit")  # the end of a script: notes an unsaved model
            break
        before = session.checkpoint()
        try:
            if not session.handle(line):
                break
        except KeyboardInterrupt:  # Ctrl-C while a line runs: it may have stopped half-way
            session.restore(before)
            session.say("interrupted; the model is as it was before that line")
        except Exception as exc:  # noqa: BLE001 - the session's crash barrier; a bug, counted by the fuzz tests
            crashed = True
            session.say(f"internal error on that line ({type(exc).__name__}: {quoted(str(exc), 200)}); "
                        "the model is unchanged (please report)")
    if interactive:
        _save_history()
    if crashed:
        return 3  # the CLI's internal-error status
    return 0 if interactive else session.status


HISTORY = Path.home() / ".lstmcalc_history"


def _asker(session: Session, stdin: TextIO):  # type: ignore[no-untyped-def]
    """How SESSION asks a question: on a terminal, input() where Ctrl-C and Ctrl-D mean no;
    in a script, the next line (the overwrite question: `:save FILE` then `y`)."""
    out = session.out
    if not session.interactive:
        def ask_scripted(prompt: str) -> str:
            out.write(prompt + "\n")
            return _read_line(stdin) or ""
        return ask_scripted

    def ask(prompt: str) -> str:
        try:
            answer = input(prompt)
        except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C at a question: no
            out.write("\n")
            return ""
        _forget_answer(answer)
        return answer
    return ask


def _save_history() -> None:
    try:
        import readline

        readline.write_history_file(HISTORY)
    except (ImportError, OSError):
        pass


def _forget_answer(answer: str) -> None:
    """Keep a y/n answer out of the history, so the up arrow brings back model lines."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without readline
        return
    length = readline.get_current_history_length()
    if answer.strip() and length and readline.get_history_item(length) == answer:
        readline.remove_history_item(length - 1)


def _start_readline(session: Session) -> None:
    """History and tab completion on a terminal."""
    try:
        import readline

        with contextlib.suppress(OSError):
            readline.read_history_file(HISTORY)
        readline.set_completer(completer_for(session))
        readline.set_completer_delims(" ()=,")
        readline.parse_and_bind("tab: complete")
    except ImportError:  # pragma: no cover - Windows without readline
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(None, sys.stdin, sys.stdout))
