"""The full, explained report with its verdicts decided by the durable-rules engine.

:func:`hukou.backends.durable_engine.judge_rete` decides (city verdict, channel verdicts, admitting
channels, channels not in force) and explains nothing. A caseworker still wants the conditions,
gaps, followers and citations, so this takes them from the explaining engine and every verdict
from the Rete. Where the two disagree on which channels are in force the explanation would not
fit the verdicts, so it refuses (law 8 says that never happens).
"""

from __future__ import annotations

import datetime as dt

from hukou.errors import EnginesDisagree
from hukou.judging.engine import judge
from hukou.judging.verdict import CityReport
from hukou.model.places import Place
from hukou.model.profile import Profile
from hukou.rulebook import Rulebook


def judge_durable(
    profile: Profile, rulebook: Rulebook, place: Place, as_of: dt.date, asked: str | None = None
) -> CityReport:
    """The explaining engine's report, with every verdict replaced by the durable-rules engine's.

    Raises :class:`hukou.errors.ReteUnavailable` without the ``durable`` extra.

    Example:
        >>> from hukou.model.places import GAZETTEER
        >>> from hukou.rulebook import load_rulebook
        >>> kaili = GAZETTEER.resolve("凯里")
        >>> judge_durable(Profile(), load_rulebook(), kaili, dt.date(2024, 9, 1)).verdict  # doctest: +SKIP
        'undetermined'

    (Skipped as a doctest: it needs the extra. tests/test_durable_engine.py runs it on every example.)
    """
    # Imported here: the default engine never loads the durable-rules engine.
    from hukou.backends.durable_engine import judge_rete

    decided = judge_rete(profile, rulebook, place, as_of, asked)
    explained = judge(profile, rulebook, place, as_of, asked)
    if list(decided.channels) != [c.id for c in explained.channels]:
        raise EnginesDisagree(f"the engines judge different channels at {explained.place} on {as_of}")
    channels = [c.model_copy(update={"verdict": decided.channels[c.id]}) for c in explained.channels]
    return explained.model_copy(
        update={"verdict": decided.verdict, "admitted_by": decided.admitted_by, "channels": channels}
    )
