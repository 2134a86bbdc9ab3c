"""Errors as the user sees them: one line in a notification, never a traceback."""

from __future__ import annotations

from textual.dom import DOMNode


def one_line(err: BaseException) -> str:
    """An error as one line: the first line of its message (an OSError as ``file: reason``)."""
    if isinstance(err, OSError) and err.strerror:
        return f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def report(node: DOMNode, err: BaseException, title: str = "Something went wrong") -> None:
    """Tell the user about ``err`` in a notification and carry on.

    Drawing code calls this rather than letting an exception reach Textual,
    which would end the app and print the traceback on the terminal.
    """
    node.notify(one_line(err), title=f"{title} ({type(err).__name__})", severity="error")
