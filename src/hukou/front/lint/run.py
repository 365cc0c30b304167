"""`hukou rules lint`: read the rule files as a policy analyst would.

Findings are searched for by reasoning over intervals (see hukou.front.lint.logic): every condition is
a comparison with a stated threshold, so the checks below are exact for what they claim, within
two limits: people are taken as fully known (no unknown facts), and "within" is checked term by
term, so a channel that another admits only in pieces is not reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations
from pathlib import Path

from hukou.errors import TooComplex
from hukou.front.lint.findings import Finding, LintReport, Severity
from hukou.front.lint.logic import (
    Domains,
    Term,
    admits_all_of,
    channel_terms,
    describe,
    overlap,
    terms,
    witness,
)
from hukou.front.lint.national import LIMITS
from hukou.labels import TIER_SIZES as SIZES
from hukou.rulebook.compiled import Exists, compiled, nodes, sure
from hukou.rulebook.loader import LoadedRules, Rulebook
from hukou.rulebook.quotes import misquotes
from hukou.rulebook.schema import Channel, Window
from hukou.yamlio import LineIndex, read_yaml

METHOD = "interval reasoning over the thresholds the rules state (exact; people taken as fully known)"


def lint(rulebook: Rulebook, only: Iterable[Path] | None = None) -> LintReport:
    """Lint every rule file of the rulebook (or only those at the given paths)."""
    wanted = {p.resolve() for p in only} if only is not None else None
    files = [f for f in rulebook if wanted is None or f.path.resolve() in wanted]
    findings: list[Finding] = []
    bad_quotes = misquotes(rulebook)
    for loaded in files:
        _, where = read_yaml(loaded.path)
        linter = _FileLinter(loaded, where)
        findings.extend(linter.misquotes(q for q in bad_quotes if q.rule_file == loaded.path))
        findings.extend(linter.logic())
        findings.extend(linter.national())
    return LintReport(files=[str(f.path) for f in files], method=METHOD, findings=findings)


class _FileLinter:
    def __init__(self, loaded: LoadedRules, where: LineIndex) -> None:
        self.loaded = loaded
        self.where = where
        self.channels = loaded.rules.channels
        leaves = (leaf for channel in self.channels for leaf in compiled(channel).leaves())
        self.domains = Domains(leaves, loaded.rules.jurisdiction.areas)

    def finding(
        self,
        kind: str,
        code: str,
        severity: Severity,
        message: str,
        channel: Channel | None = None,
        path: tuple[str | int, ...] = (),
        **extra: object,
    ) -> Finding:
        at: tuple[str | int, ...] = ("channels", self.channels.index(channel), *path) if channel else path
        kind_code = code.split(":")[0]
        answers = [channel.explained] if channel is not None else []
        answers.append(self.loaded.rules.explained)
        explained = next((a.get(code) or a.get(kind_code) for a in answers if code in a or kind_code in a), None)
        return Finding.model_validate(
            {
                "code": code,
                "kind": kind,
                "severity": severity,
                "file": str(self.loaded.path),
                "line": self.where.line_of(at) if at else None,
                "channel": channel.id if channel else None,
                "message": message,
                "explained": explained,
                **extra,
            }
        )

    def misquotes(self, quotes: Iterable[object]) -> Iterator[Finding]:
        for quote in quotes:
            where = getattr(quote, "where", "")
            channel = next((c for c in self.channels if c.id == where.split(".")[0]), None)
            yield self.finding(
                "misquote",
                f"misquote:{where}",
                "error",
                f"{where}: the quote does not stand in {getattr(quote, 'document_file', '?')}",
                channel,
                ("quote",),
                quote=getattr(quote, "text", None),
            )

    # --- conditions -------------------------------------------------------------------------

    def logic(self) -> Iterator[Finding]:
        admitted: dict[str, list[Term]] = {}
        for channel in self.channels:
            try:
                found = channel_terms(channel, self.domains)
            except TooComplex:
                yield self.finding(
                    "too_complex", "too_complex", "note", f"{channel.id}: too many alternatives to analyse", channel
                )
                continue
            if not found:
                yield self.finding(
                    "unsatisfiable",
                    "unsatisfiable",
                    "error",
                    f"{channel.id}: no person can meet its conditions (they contradict each other)",
                    channel,
                    ("conditions",),
                )
                continue
            yield from self.never_fails(channel)
            if channel.deferred_to is None:
                admitted[channel.id] = found
        yield from self.within(admitted)
        yield from self.overlaps(admitted)

    def never_fails(self, channel: Channel) -> Iterator[Finding]:
        conditions = compiled(channel).conditions
        for node in nodes(conditions) if conditions is not None else ():
            if isinstance(node, Exists):
                continue
            try:
                refuted = terms(sure(node, False), self.domains)
            except TooComplex:
                continue
            if not refuted:
                path = node.path
                name = node.source.id or "/".join(str(p) for p in path)
                yield self.finding(
                    "never_fails",
                    f"never_fails:{name}",
                    "warning",
                    f"{channel.id}: condition {name} holds for everyone; it can never fail",
                    channel,
                    path,
                )

    def within(self, admitted: dict[str, list[Term]]) -> Iterator[Finding]:
        by_id = {c.id: c for c in self.channels}
        for a, b in combinations(admitted, 2):
            if not _windows_meet(self._window(by_id[a]), self._window(by_id[b])):
                continue
            a_in_b = admits_all_of(admitted[b], admitted[a], self.domains)
            b_in_a = admits_all_of(admitted[a], admitted[b], self.domains)
            if a_in_b and b_in_a:
                yield self.finding(
                    "same_as",
                    f"same_as:{b}",
                    "warning",
                    f"{a} and {b} admit exactly the same people",
                    by_id[a],
                    witness=witness(admitted[a][0]),
                )
            elif a_in_b or b_in_a:
                narrow, wide = (a, b) if a_in_b else (b, a)
                yield self.finding(
                    "within",
                    f"within:{wide}",
                    "warning",
                    f"everyone {narrow} admits, {wide} admits too (e.g. {describe(admitted[narrow][0])})",
                    by_id[narrow],
                    witness=witness(admitted[narrow][0]),
                )

    def overlaps(self, admitted: dict[str, list[Term]]) -> Iterator[Finding]:
        """Per channel, the later channels of its document that admit some of the same people
        but let other relatives follow or register the hukou elsewhere."""
        by_id = {c.id: c for c in self.channels}
        found: dict[str, dict[str, tuple[list[str], Term]]] = {}
        for a, b in combinations(admitted, 2):
            first, second = by_id[a], by_id[b]
            if first.document != second.document or not _windows_meet(self._window(first), self._window(second)):
                continue
            differ = []
            if _followers(first) != _followers(second):
                differ.append("followers")
            if _registration(first) != _registration(second):
                differ.append("registration")
            both = overlap(admitted[a], admitted[b]) if differ else None
            if both is not None:
                found.setdefault(a, {})[b] = (differ, both)
        for a, others in found.items():
            listed = "; ".join(f"{b} ({', '.join(differ)})" for b, (differ, _) in others.items())
            yield self.finding(
                "overlap",
                "overlap",
                "warning",
                f"{a} admits some people whom other channels of its document admit too, with other "
                f"followers or registration: {listed}",
                by_id[a],
                witness={b: witness(term) for b, (_, term) in others.items()},
            )

    def _window(self, channel: Channel) -> Window:
        return channel.effective or self.loaded.document(channel.document).window

    # --- the national frame -----------------------------------------------------------------

    def national(self) -> Iterator[Finding]:
        jurisdiction = self.loaded.rules.jurisdiction
        tier = jurisdiction.tier
        name = jurisdiction.names.zh
        if tier is None:
            yield self.finding(
                "tier",
                "tier",
                "warning",
                f"{name} states no size tier (jurisdiction.tier); the national limits cannot be applied",
                path=("jurisdiction",),
            )
        elif tier.size == "unknown":
            note = tier.note.en if tier.note else ""
            yield self.finding(
                "tier", "tier", "note", f"{name}: size tier unknown ({note})", path=("jurisdiction", "tier")
            )
        size = tier.size if tier is not None else "unknown"
        for channel in self.channels:
            for limit in LIMITS:
                if limit.province is not None and limit.province != jurisdiction.parent:
                    continue
                breaching = limit.breaches(channel)
                if not breaching:
                    continue
                code = f"national:{limit.id}"
                if size == "unknown":
                    sizes = ", ".join(SIZES[s] for s in sorted(limit.binds))
                    yield self.finding(
                        "national",
                        code,
                        "note",
                        f"{channel.id}: {', '.join(breaching)} would breach the national limit for a city of "
                        f"{sizes} ({limit.what}); {name}'s size is not known",
                        channel,
                        quote=limit.quote,
                        document=limit.document,
                    )
                elif size in limit.binds:
                    yield self.finding(
                        "national",
                        code,
                        "warning",
                        f"{channel.id}: {', '.join(breaching)} breaches the national limit: {limit.what} "
                        f"({name}: {SIZES[size]})",
                        channel,
                        quote=limit.quote,
                        document=limit.document,
                    )


def _followers(channel: Channel) -> frozenset[str]:
    return frozenset(r.relation.value for r in channel.followers.allowed)


def _registration(channel: Channel) -> tuple[str, ...]:
    return tuple(r.type for r in channel.registration)


def _windows_meet(a: Window, b: Window) -> bool:
    starts = [d for d in (a.start, b.start) if d is not None]
    ends = [d for d in (a.until, b.until) if d is not None]
    return not starts or not ends or max(starts) <= min(ends)
