"""Stopping a long run cleanly: Ctrl-C (SIGINT) and SIGTERM both end it as KeyboardInterrupt, so that
the command can keep or drop its partial output, say so, and print the totals so far. A signal that
comes while rows are being written waits until they are: a kept file never ends part-way
through one input's rows."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import FrameType
from typing import Any

EXIT_INTERRUPTED = 130  # as a shell reports a process ended by Ctrl-C


class Stopping:
    """The signals that stop a run, held off while a chunk of rows is written."""

    def __init__(self) -> None:
        self._holding = False
        self._asked = False

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self._holding:
            self._asked = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        """Inside, a stop waits; it takes effect as soon as the block ends."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._asked:
            raise KeyboardInterrupt


def unheld() -> AbstractContextManager[Any]:
    return nullcontext()


@contextmanager
def stopped_by_signals() -> Iterator[Stopping]:
    """Inside: SIGINT and SIGTERM raise KeyboardInterrupt, except while writes are ``held`` (main
    thread only: elsewhere signals stay as they are)."""
    stopping = Stopping()
    if threading.current_thread() is not threading.main_thread():
        yield stopping
        return
    before = {s: signal.signal(s, stopping._stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopping
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
