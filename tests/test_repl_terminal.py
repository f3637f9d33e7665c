"""`lstmcalc interactive` on a pseudo-terminal (pexpect): Ctrl-C at every prompt keeps the
model, Ctrl-D asks about unsaved changes, and tab completes paths. CliRunner cannot test these:
they need a terminal, readline and real signals."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

ROOT = Path(__file__).resolve().parent.parent
PROMPT = "lstmcalc> "


@pytest.fixture
def repl(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A session on a pseudo-terminal, HOME in TMP_PATH so the history file is its own."""
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TERM": "xterm", "PYTHONPATH": str(ROOT),
           "COLUMNS": "120", "LINES": "40"}
    child = pexpect.spawn(sys.executable, ["-m", "lstmcalc", "interactive"], cwd=str(tmp_path), env=env,
                          encoding="utf-8", timeout=20, dimensions=(40, 200))
    child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def expect_text(child, text: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for TEXT as shown on the terminal: rich may put colour codes between its words."""
    child.expect(r"(?:\s|\x1b\[[0-9;]*m)+".join(re.escape(word) for word in text.split(" ")))


def interrupt(child) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C once readline is waiting for a key. CPython's readline only notices a signal
    that arrives while it waits (select is interrupted), not one that lands while it is still
    drawing the prompt or the echo, so a Ctrl-C sent at once on a busy machine can sit unseen
    until the next key. A person is never that fast; the pause stands in for them."""
    time.sleep(0.3)
    child.sendintr()


def build(child) -> None:  # type: ignore[no-untyped-def]
    for line in ("Input(shape=(50, 10))", "LSTM(128)"):
        child.sendline(line)
        child.expect_exact(PROMPT)


def assert_model_kept(child) -> None:  # type: ignore[no-untyped-def]
    child.sendline(":show")
    expect_text(child, "Total params: 71,168")
    child.expect_exact(PROMPT)
    assert child.isalive()


def test_ctrl_c_at_the_main_prompt_keeps_the_model(repl) -> None:  # type: ignore[no-untyped-def]
    build(repl)
    repl.send("Dense(")  # half-typed: Ctrl-C drops the line, not the model
    repl.expect_exact("Dense(")
    interrupt(repl)
    repl.expect_exact(PROMPT)
    assert_model_kept(repl)


def test_ctrl_c_at_the_overwrite_prompt_keeps_the_model_and_the_file(repl, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "model.yaml"
    target.write_text("keep me")
    build(repl)
    repl.sendline(f":save {target}")
    repl.expect_exact("exists; overwrite it? [y/N] ")
    interrupt(repl)
    repl.expect_exact(f"not saved: {target} is unchanged")
    repl.expect_exact(PROMPT)
    assert target.read_text() == "keep me"
    assert_model_kept(repl)


def test_ctrl_c_at_the_unsaved_changes_prompt_keeps_the_model(repl) -> None:  # type: ignore[no-untyped-def]
    build(repl)
    repl.sendline(":quit")
    repl.expect_exact("the model has unsaved changes; discard them and quit? [y/N] ")
    interrupt(repl)
    repl.expect_exact("still here")
    repl.expect_exact(PROMPT)
    assert_model_kept(repl)
    repl.sendline(":load /work/none")  # unreadable: nothing asked, nothing lost
    repl.expect_exact("cannot read")
    repl.expect_exact(PROMPT)
    assert_model_kept(repl)


def test_load_over_unsaved_changes_asks_and_no_keeps_the_model(repl) -> None:  # type: ignore[no-untyped-def]
    build(repl)
    repl.sendline(f":load {ROOT / 'specs/understanding_lstm.yaml'}")
    repl.expect_exact("discard them and load")
    repl.sendline("n")
    repl.expect_exact("not loaded: the model has unsaved changes")
    repl.expect_exact(PROMPT)
    assert_model_kept(repl)


def test_ctrl_d_asks_about_unsaved_changes_then_quits_on_yes(repl) -> None:  # type: ignore[no-untyped-def]
    build(repl)
    repl.sendeof()
    repl.expect_exact("the model has unsaved changes; discard them and quit? [y/N] ")
    repl.sendline("")  # the default is no: still here
    repl.expect_exact("still here")
    repl.expect_exact(PROMPT)
    assert_model_kept(repl)
    repl.sendeof()
    repl.expect_exact("discard them and quit? [y/N] ")
    repl.sendline("y")
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 0


def test_ctrl_d_quits_at_once_when_everything_is_saved(repl, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build(repl)
    repl.sendline(f":save {tmp_path / 'm.yaml'}")
    repl.expect_exact("saved 2 layers")
    repl.expect_exact(PROMPT)
    repl.sendeof()
    repl.expect(pexpect.EOF)
    assert "unsaved" not in (repl.before or "")


def test_tab_completes_a_path_for_load(repl, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "specs_here"
    folder.mkdir()
    shutil.copy(ROOT / "specs/understanding_lstm.yaml", folder / "understanding_copy.yaml")
    repl.send(":load spe\t")  # completes the folder: specs_here/
    repl.send("under\t")  # then the only file in it
    repl.sendline("")
    expect_text(repl, "Total params: 137,217")
    repl.expect_exact(PROMPT)


def test_endless_end_of_input_does_not_spin_forever(repl) -> None:  # type: ignore[no-untyped-def]
    """Each Ctrl-D asks again (and Ctrl-D at the question is a no), but a terminal whose
    every read ends at once must not loop for ever: after MAX_ENDS the session ends."""
    from lstmcalc.repl import MAX_ENDS

    build(repl)
    for _ in range(MAX_ENDS - 1):
        repl.sendeof()  # at the prompt: the question
        repl.expect_exact("discard them and quit? [y/N] ")
        repl.sendeof()  # at the question: no
        repl.expect_exact(PROMPT)
    assert repl.isalive()
    repl.sendeof()
    repl.expect(pexpect.EOF)
