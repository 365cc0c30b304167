"""Stopping a long run cleanly: Ctrl-C (SIGINT) and SIGTERM both end it as KeyboardInterrupt, so that
the command can keep or drop its partial output, say so, and print the totals so far."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

EXIT_INTERRUPTED = 130  # as a shell reports a process ended by Ctrl-C


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Inside: SIGTERM raises KeyboardInterrupt as Ctrl-C does (in the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
