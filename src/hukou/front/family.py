"""The family in the output: relatives told apart, and what the profile lacks to say whether each may follow.

A follower report carries a relative's relation and name; the profile's family, in the same
order, adds the sex (父亲 rather than 父母) and shows which facts are missing.
"""

from __future__ import annotations

from collections.abc import Sequence

from hukou.bilingual import Text
from hukou.judging.verdict import FollowerReport
from hukou.labels import FAMILY_GAPS, phrase, relative_names
from hukou.model.profile import Member


def follower_names(followers: Sequence[FollowerReport], family: Sequence[Member], lang: str) -> list[str]:
    """Each follower named so that two relatives never read alike (父亲 王建国, 母亲, 子女 1)."""
    sexes = [m.sex for m in family] if len(family) == len(followers) else [None] * len(followers)
    return relative_names([(f.relation, sex, f.name) for f, sex in zip(followers, sexes, strict=True)], lang)


def family_gaps(followers: Sequence[FollowerReport], family: Sequence[Member]) -> list[Text]:
    """What the profile lacks to decide whether a relative may follow: a child's age, living together.

    Only for relatives whose answer is still open: a child's age when unknown (another's when the
    reason turns on it), and whether they live with the applicant when the reason turns on it.
    """
    if len(family) != len(followers):
        return []
    zh, en = follower_names(followers, family, "zh"), follower_names(followers, family, "en")
    gaps = []
    for i, (follower, member) in enumerate(zip(followers, family, strict=True)):
        if follower.may_follow is not None:
            continue
        waits_on = follower.waits_on
        # A child's age is what every document's family rules turn on (a minor child), whatever
        # the rule waits on first; another relative's when the rule waits on it (a parent of 60).
        if member.age is None and member.born is None and (member.relation == "child" or "member.age" in waits_on):
            gaps.append(phrase(FAMILY_GAPS, "age", name=Text.of(zh[i], en[i]), i=i))
        if member.lives_with_applicant is None and "member.lives_with_applicant" in waits_on:
            gaps.append(phrase(FAMILY_GAPS, "lives_with", name=Text.of(zh[i], en[i]), i=i))
    return gaps
