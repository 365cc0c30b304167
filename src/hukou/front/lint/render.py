"""The lint report for people: findings grouped by file, the worst first."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text as RichText

from hukou.front.lint.findings import Finding, LintReport
from hukou.front.wrap import Wrapped

_MARKS = {"error": ("✗ error", "bold red"), "warning": ("! warning", "yellow"), "note": ("· note", "dim")}
_ORDER = {"error": 0, "warning": 1, "note": 2}


def lint_report(report: LintReport, root: Path | None = None, lang: str = "zh") -> RenderableType:
    parts: list[RenderableType] = []
    for file in report.files:
        findings = sorted(
            (f for f in report.findings if f.file == file), key=lambda f: (_ORDER[f.severity], f.line or 0)
        )
        parts.append(RichText(f"{_short(file, root)}: {len(findings)} findings", style="bold"))
        parts.extend(_finding(f, root, lang) for f in findings)
    parts.append(Wrapped(RichText(f"searched by {report.method}", style="dim")))
    verdict = "clean" if report.clean else "not clean"
    explained = sum(f.explained is not None for f in report.findings)
    parts.append(
        Wrapped(
            RichText(
                f"{verdict}: {report.errors} errors, {report.unexplained_warnings} unexplained warnings, "
                f"{explained} findings explained in the rule files, "
                f"{sum(f.severity == 'note' for f in report.findings)} notes",
                style="bold green" if report.clean else "bold red",
            )
        )
    )
    return Group(*parts)


def _finding(finding: Finding, root: Path | None, lang: str) -> RenderableType:
    mark, style = _MARKS[finding.severity]
    if finding.explained is not None:
        mark, style = "✓ explained", "green"
    where = f"{_short(finding.file, root)}:{finding.line}" if finding.line else _short(finding.file, root)
    head = RichText.assemble((f"  {mark} ", style), (f"[{finding.code}] ", "cyan"), finding.message)
    lines: list[RenderableType] = [Wrapped(head, indent=6)]  # wrapped lines stay under the finding
    lines.append(Wrapped(RichText(f"      at {where}", style="dim")))
    if finding.quote:
        lines.append(Wrapped(RichText(f"      「{finding.quote}」 ({finding.document})", style="dim")))
    if finding.explained is not None:
        lines.append(Wrapped(RichText(f"      answered: {getattr(finding.explained, lang)}", style="green")))
    return Group(*lines)


def _short(file: str, root: Path | None) -> str:
    if root is None:
        return file
    try:
        return str(Path(file).resolve().relative_to(root.resolve()))
    except ValueError:
        return file
