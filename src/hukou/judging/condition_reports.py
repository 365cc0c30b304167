"""An evaluated condition tree (hukou.judging.conditions.Outcome) as the rows of the answer (ConditionReport)."""

from __future__ import annotations

from hukou.bilingual import Text
from hukou.judging.conditions import Outcome
from hukou.judging.verdict import ConditionReport, ConditionVerdict


def condition_reports(outcome: Outcome) -> list[ConditionReport]:
    """Every condition of an evaluated tree as the answer shows it: the person's value against the
    threshold, and the groups (any / not / some) it stands in."""
    reports: list[ConditionReport] = []

    def walk(node: Outcome, within: list[str], groups: list[Text], item: Text | None) -> None:
        if node.kind == "some":
            item = node.item or item
        if node.children:
            grouped = node.kind in {"any", "not", "some"}
            inner, labels = ([*within, node.id], [*groups, node.label]) if grouped else (within, groups)
            for child in node.children:
                walk(child, inner, labels, item)
            return
        reports.append(
            ConditionReport(
                id=node.id,
                label=node.label,
                verdict=_verdict(node),
                fact=node.fact,
                actual=node.actual,
                op=node.op,
                required=node.threshold,
                unit=node.unit,
                detail=node.detail,
                missing=node.missing,
                waived_by=node.waived_by.id if node.waived_by and node.waived_by.truth else None,
                item=item,
                within=within,
                groups=groups,
            )
        )

    walk(outcome, [], [], None)
    return reports


def _verdict(node: Outcome) -> ConditionVerdict:
    if node.waived_by is not None and node.waived_by.truth:
        return "waived"
    return "met" if node.truth is True else "not_met" if node.truth is False else "unknown"
