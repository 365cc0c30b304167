"""The front ends: the command, renderings, comparison, batch files, the HTTP service and lint.

The names below are its API; the modules' other names are internal. Each is imported when first
asked for: the service needs the ``serve`` extra, and a batch worker needs none of the command's.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hukou.front.cli import app
    from hukou.front.compare import markdown, matrix, row_of
    from hukou.front.render import check_report, city_panel
    from hukou.front.serve import create_app

_HOME = {
    "app": "hukou.front.cli",
    "check_report": "hukou.front.render",
    "city_panel": "hukou.front.render",
    "create_app": "hukou.front.serve",
    "markdown": "hukou.front.compare",
    "matrix": "hukou.front.compare",
    "row_of": "hukou.front.compare",
}

__all__ = ["app", "check_report", "city_panel", "create_app", "markdown", "matrix", "row_of"]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
