"""The other evaluators of the same rules: durable-rules (a Rete network) and the vectorised one.

Each reads the rulebook's compiled form and judging's facts; each is checked against the explaining
engine (hukou.judging.engine) by the tests. The names below are its API; the modules' other names
are internal. Each is imported when first asked for: the Rete network needs the ``durable`` extra
and the vectorised evaluator the ``batch`` extra, and neither is needed by the other.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hukou.backends.durable_engine import judge_rete
    from hukou.backends.durable_report import judge_durable
    from hukou.backends.vector.judge import judge_columns

_HOME = {
    "judge_rete": "hukou.backends.durable_engine",
    "judge_durable": "hukou.backends.durable_report",
    "judge_columns": "hukou.backends.vector.judge",
}

__all__ = ["judge_columns", "judge_durable", "judge_rete"]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
