"""The pager, as git does it: output taller than the screen, on a terminal, goes through ``less -FRX``.

``GOVAI_PAGER``, then ``PAGER``, name the pager (empty or ``cat``: none); ``LESS`` is set to
``FRX`` only when it is not set, so a reader's own ``LESS`` wins. Output that is not for a
terminal is never paged. A pager that cannot start is no error: the text is written as it is.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import threading
from typing import IO

DEFAULT_PAGER = "less"
# OSC 8 hyperlinks: less -R shows only colours raw, so the links' escapes are left out when paging.
# Compiled on first use (by re's own cache), not on every start
_HYPERLINK = r"\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)"


def pager_command() -> list[str] | None:
    """The pager to run, as argv; None when paging is turned off (empty or ``cat``)."""
    for name in ("GOVAI_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            break
    else:
        value = DEFAULT_PAGER
    try:
        argv = shlex.split(value)
    except ValueError:
        return None
    return None if not argv or argv == ["cat"] else argv


def is_terminal(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def screen_lines(out: IO[str]) -> int:
    """The screen's height: ``LINES`` if set (as Rich reads it), else the terminal's."""
    lines = os.environ.get("LINES", "")
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(out.fileno()).lines
    except (AttributeError, ValueError, OSError):
        return 24


def wants_pager(out: IO[str], enabled: bool) -> list[str] | None:
    """The pager for ``out``, if its output should be paged when taller than the screen."""
    if not enabled or not is_terminal(out):
        return None
    return pager_command()


def page(text: str, out: IO[str], argv: list[str]) -> None:
    """``text`` through the pager if it is taller than the screen, else straight to ``out``."""
    if text.count("\n") < screen_lines(out):
        out.write(text)
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    out.flush()
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env, stdout=out.fileno())
    except OSError:
        out.write(text)
        return
    assert process.stdin is not None
    encoding, errors = getattr(out, "encoding", None) or "utf-8", getattr(out, "errors", None) or "replace"
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search), as with git.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if _main_thread() else None
    try:
        process.stdin.write(re.sub(_HYPERLINK, "", text).encode(encoding, errors))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit before the end: nothing left to show
        pass
    finally:
        process.wait()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()
