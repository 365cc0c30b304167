"""Each channel as the vectorised evaluator explains it (hukou.backends.vector.explain), against the
explaining engine's report of the same channel: its distance (hukou.judging.nearest's cost of the
cheapest changes), its conditions not met, and, while undetermined, the facts it lacks. hukou batch
writes these for the nearest channel only; here every channel of every row is compared, so that a
channel that is the nearest for no row of a small batch is checked as well. Quick and deterministic:
the code mutants of the evaluator run against it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hukou import GAZETTEER, Rulebook, judge
from hukou.errors import NotVectorised
from hukou.judging.engine import recognition_pool
from hukou.model.flat_profile import COLUMNS, profile_data
from hukou.model.profile_file import profile_from_data
from hukou.model.regions import Region
from hukou.yamlio import LineIndex

from .strategies import RULEBOOK
from .test_vector_kernels import CASES, VARIANTS
from .test_vector_rows import AIMED, JIYUAN_OWNER, K3_INSURED, K3_MONTHS, KAILI_BUYER, SETTLED, kaili_rewritten, row

np = pytest.importorskip("numpy", reason="the vectorised evaluator needs the batch extra")

DAY = dt.date(2024, 9, 1)
Said = tuple[float, tuple[str, ...], tuple[str, ...]]  # distance, conditions not met, facts missing


def batch_said(
    rows: list[dict[str, str]], city: str, day: dt.date = DAY, rulebook: Rulebook = RULEBOOK
) -> list[dict[str, Said] | None]:
    """Per row, what the evaluator says of each channel not admitting it (None: a row it leaves to
    the explaining engine)."""
    from hukou.backends.vector.frame import Frame
    from hukou.backends.vector.judge import ELIGIBLE, UNDETERMINED, _channels
    from hukou.backends.vector.view import View

    place = GAZETTEER.resolve(city)
    frame = Frame.read({c: [r.get(c, "") for r in rows] for c in COLUMNS}, len(rows), day)
    governing = rulebook.governing(place)
    pool = recognition_pool(governing, day)
    said: list[dict[str, Said]] = [{} for _ in rows]
    handed = ~frame.fast
    for loaded in governing:
        view = View(frame, place, loaded.place, loaded.areas, pool[0] if pool else None, Region((place,)))
        for channel, verdict, [why], decided in _channels(loaded, view, True):
            handed = handed | (decided != 0)  # judged over the possible worlds by the engine
            for i in range(len(rows)):
                if verdict[i] == ELIGIBLE:
                    continue
                missing: list[str] = []
                if verdict[i] == UNDETERMINED:
                    for text, on in why.missing:
                        if on[i] and text.en not in missing:
                            missing.append(text.en)
                not_met = tuple(r.id for r in why.conditions if r.not_met[i])
                said[i][channel] = (float(why.distance[i]), not_met, tuple(missing))
    return [None if handed[i] else s for i, s in enumerate(said)]


def engine_said(row: dict[str, str], city: str, day: dt.date = DAY, rulebook: Rulebook = RULEBOOK) -> dict[str, Said]:
    """What the explaining engine says of each channel not admitting the row."""
    profile = profile_from_data(profile_data(row), LineIndex("<row>", {}), day)
    report = judge(profile, rulebook, GAZETTEER.resolve(city), day)
    # The facts a channel lacks are said (and written) while it is undetermined only.
    return {
        c.id: (
            c.distance,
            tuple(k.id for k in c.conditions if k.verdict == "not_met"),
            tuple(t.en for t in c.missing) if c.verdict == "undetermined" else (),
        )
        for c in report.channels
        if c.verdict != "eligible"
    }


def explained_alike(rows: list[dict[str, str]], city: str, day: dt.date = DAY, rulebook: Rulebook = RULEBOOK) -> int:
    """Every channel of every row the evaluator judges itself, explained as the engine explains it;
    the number of such rows."""
    judged = 0
    for cells, said in zip(rows, batch_said(rows, city, day, rulebook), strict=True):
        if said is None:
            continue
        judged += 1
        given = {k: v for k, v in cells.items() if v}
        want = engine_said(cells, city, day, rulebook)
        assert said.keys() == want.keys(), given
        for channel, (distance, not_met, missing) in want.items():
            got = said[channel]
            assert (got[0], got[1], got[2]) == (pytest.approx(distance), not_met, missing), (
                channel,
                got,
                (distance, not_met, missing),
                given,
            )
    return judged


# Law: on the verdict cases and their variants (periods in months, or ended on the day judged or
# the day before), every channel not admitting a row the evaluator judges itself is explained as
# the explaining engine explains it.
@pytest.mark.parametrize(
    ("city", "as_of"), sorted(CASES), ids=[f"{GAZETTEER.resolve(c).code}-{d}" for c, d in sorted(CASES)]
)
def test_every_channel_of_the_cases_is_explained_as_the_engine_explains_it(city: str, as_of: dt.date) -> None:
    try:
        explained_alike(CASES[(city, as_of)] + VARIANTS[(city, as_of)], city, as_of)
    except NotVectorised as exc:  # points channels are judged by the explaining engine alone
        pytest.skip(str(exc))


# Law: on rows aimed at the thresholds and unknowns of each fact a city's rules read, every channel
# is explained as the explaining engine explains it, and every row is judged on columns.
@pytest.mark.parametrize("city", sorted(AIMED))
def test_every_channel_of_the_aimed_rows_is_explained_as_the_engine_explains_it(city: str) -> None:
    rows = [r for _, r in AIMED[city]]
    assert explained_alike(rows, city) == len(rows)


# Kaili's home purchase (k4) waives its 20 m² per person for key groups (a roster of relocation,
# military transfer, talent, a heroic act): homes either side of the floor, for people in such a
# group, in none, in another, or not saying.
WAIVED = [
    row(housing_area_sqm=area, family="spouse with; child 10 with", groups=groups, **KAILI_BUYER)
    for area in ("30", "60")
    for groups in ("none", "relocation", "talent@凯里", "talent@贵阳", "talent@杭州", "investor", "")
]


# Law: a condition an exception waives is met where the exception holds, not met where both fail
# (a person in no key group, with too small a home) and open while the exception is: the channel
# is explained as the explaining engine explains it.
def test_a_waived_condition_is_explained_as_the_engine_explains_it() -> None:
    assert explained_alike(WAIVED, "凯里") == len(WAIVED)


K5_NOT_LOCAL = '- {id: not_yet_local, fact: hukou.in_city, op: "==", value: false'
# Kaili's applicants from Guizhou (k5) as its sentence may also be read: "在我市无合法有效房产" (no
# home of their own here) written as a ``not`` of an ``any``, the hukou already in Kaili beside it.
K5_NEITHER = (
    '- not: {any: [{id: local, fact: hukou.in_city, op: "==", value: true},'
    ' {id: home_here, fact: home.owned, op: "==", value: true}]}'
    '\n        - {id: not_yet_local, fact: hukou.in_city, op: "==", value: false'
)
# Kaili's founders of an enterprise (k7, left to the collective-household rules) written with ``not``:
# an outsider is one whose hukou is not in Kaili, a founder one whose job is not an employee's.
K7_OUTSIDER = '- {id: from_elsewhere, fact: hukou.in_city, op: "==", value: false, label: {zh: 外来人员'
K7_NOT_LOCAL = '- {not: {id: local, fact: hukou.in_city, op: "==", value: true}, label: {zh: 外来人员'
K7_FOUNDER = "where: {id: founder, fact: kind, op: in, value: [investor, self_employed]}"
K7_NOT_EMPLOYED = 'where: {not: {id: employee, fact: kind, op: "==", value: employee}}'
HUKOU = [("贵州", "黄平县"), ("贵州", "凯里"), ("贵州", ""), ("湖南", "邵阳"), ("", "")]
HOMES = [("owned", "凯里"), ("rented", "凯里"), ("", "none"), ("", "")]  # none; not said
JOBS = [("employee", "凯里"), ("investor", "凯里"), ("self_employed", "贵阳"), ("", "none"), ("", "")]


# Law: a ``not`` holds where what it negates fails, fails where that holds, costs a change where it
# does not hold, and reports the conditions inside it as they are — of an ``any``, of a row's
# fact or of an item's, in a channel left to a regulation or not: each channel is explained as the
# explaining engine explains it, for every row.
def test_a_negated_condition_is_explained_as_the_engine_explains_it(tmp_path: Path) -> None:
    changes = {K5_NOT_LOCAL: K5_NEITHER, K7_OUTSIDER: K7_NOT_LOCAL, K7_FOUNDER: K7_NOT_EMPLOYED}
    rulebook = kaili_rewritten(tmp_path, changes)
    rows = [
        row(
            hukou_province=province,
            hukou_city=city,
            housing_city=home,
            housing_tenure=tenure,
            housing_since="2020-01-01" if tenure else "",
            employment_city=work,
            employment_kind=kind,
            employment_since="2023-01-01" if kind else "",
        )
        for province, city in HUKOU
        for tenure, home in HOMES
        for kind, work in JOBS
    ]
    assert explained_alike(rows, "凯里", rulebook=rulebook) == len(rows)


# Jiyuan's workers with a home of a year (j5): homes of six months bought, rented or a dormitory,
# with a house number of their own or not (or not said), lived in still or left in June.
HALF_YEAR = [
    row(
        **JIYUAN_OWNER
        | {
            "housing_since": "2024-03-01",
            "housing_tenure": tenure,
            "housing_own_house_number": number,
            "housing_until": until,
            "social_insurance_city": "济源",
            "social_insurance_since": "2022-01-01",
            "social_insurance_pension": "yes",
        }
    )
    for tenure in ("owned", "rented", "dormitory")
    for number in ("yes", "no", "")
    for until in ("", "2024-06-30")
]
J5_NUMBERED = '- {id: own_house_number, fact: own_house_number, op: "==", value: true}'
NUMBERED = '{id: own_house_number, fact: own_house_number, op: "==", value: true}'
# The condition on the house number as written, as a ``not``, or as one way of two (an ``any``):
# beside a home held two years (a wait, cheaper than a change while the home runs on) or a home
# bought (a change like the house number).
J5_REWRITTEN = {
    "as-written": None,
    "negated": '- not: {id: no_house_number, fact: own_house_number, op: "==", value: false}',
    "or-held-two-years": f'- any: [{NUMBERED}, {{id: two_years, fact: months, op: ">=", value: 2, unit: year}}]',
    "or-bought": f'- any: [{NUMBERED}, {{id: bought, fact: tenure, op: "==", value: owned}}]',
}


# Law: the months of a home still lived in are waited for only if nothing else about the home must
# change (a dormitory, or no house number of its own, is in effect another home whose months start
# again) — a change in the cheapest way of an ``any`` too, and in a ``not``: each channel is
# explained as the explaining engine explains it.
@pytest.mark.parametrize("written", sorted(J5_REWRITTEN))
def test_the_months_of_an_item_that_must_change_are_not_waited_for(tmp_path: Path, written: str) -> None:
    rewritten = J5_REWRITTEN[written]
    changes = {J5_NUMBERED: rewritten} if rewritten is not None else {}
    rulebook = kaili_rewritten(tmp_path, changes, "henan/jiyuan.yaml") if changes else RULEBOOK
    assert explained_alike(HALF_YEAR, "济源", rulebook=rulebook) == len(HALF_YEAR)


# Lived and insured in Kaili (k3: six months of each) from these days, up to the day judged or
# ended in June: 3 to 6 whole months still running, fewer ended.
SINCE = ("2024-06-01", "2024-05-01", "2024-04-01", "2024-03-01")


# Law: with Kaili's six months of residence and insurance (k3) written as "more than five", as a
# rule file may write it, the months still needed to wait are counted as the engine counts them
# (one more than the months to reach five): each channel is explained as the engine explains it.
def test_months_more_than_a_threshold_are_waited_for_as_the_engine_counts_them(tmp_path: Path) -> None:
    more_than = {text: text.replace('">=", value: 6', '">", value: 5') for text in (K3_MONTHS, K3_INSURED)}
    rulebook = kaili_rewritten(tmp_path, more_than)
    rows = [
        row(
            residence_city="凯里",
            residence_since=lived,
            social_insurance_city="凯里",
            social_insurance_since=insured,
            social_insurance_until=until,
            **SETTLED,
        )
        for lived in SINCE
        for insured in SINCE
        for until in ("", "2024-06-30")
    ]
    assert explained_alike(rows, "凯里", rulebook=rulebook) == len(rows)
