"""Which rows hukou.possible would judge a channel again over the values their unknown facts may
take: those rows go to the explaining engine, which does, so that the vectorised evaluator never
gives a row an answer the explaining engine would not.

A row has such worlds for a channel where the channel reads a finite unknown the row leaves open:
the applicant's sex; a zone (of the place asked, of the hukou, of a period in a district split
between zones); or the size of the household moving in, where the floor area is known. Where the sex
is all a channel may turn on, its two worlds are judged here on the columns (the channel's trees
over the derived values with the sex set), and only the rows they decide are handed over: most
profiles give no sex, and most channels open for them stay open whichever it is.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from hukou.conditions import Evaluator
from hukou.engine import household
from hukou.possible import SECTIONS, dimensions, zones_of_name
from hukou.profile import Profile
from hukou.rulebook.schema import Channel
from hukou.surely import Node
from hukou.vector.masks import Masks
from hukou.vector.view import Col, View


def decided_in_worlds(view: View, channel: Channel, masks: Masks, holds: Node | None, fails: Node | None) -> np.ndarray:
    """Rows (among those the trees leave open) whose verdict hukou.possible may decide: for a
    channel turning on the sex alone, those both sexes decide alike; else every row with worlds."""
    if dimensions(channel) != {"sex"}:
        return open_in_worlds(view, channel)
    size = view.frame.size
    every_holds, every_fails = np.ones(size, dtype=bool), np.ones(size, dtype=bool)
    for sex in ("male", "female"):
        given = Col(np.zeros(size, dtype=np.int64), np.ones(size, dtype=bool), (sex,))
        values = dict(masks.derived.values)
        values.update(dict.fromkeys(masks.derived.keys.get("applicant.sex", []), given))
        world = Masks(replace(masks.derived, values=values), size, masks.item_fails)
        every_holds &= world.of(holds) if holds is not None else np.zeros(size, dtype=bool)
        every_fails &= world.of(fails) if fails is not None else np.zeros(size, dtype=bool)
    return ~view.frame.known("sex") & (every_holds | every_fails)


def open_in_worlds(view: View, channel: Channel) -> np.ndarray:
    """Rows for which hukou.possible has worlds to judge this channel in (a superset: never fewer)."""
    frame = view.frame
    dims = dimensions(channel)
    rows = np.zeros(frame.size, dtype=bool)
    if "sex" in dims:
        rows |= ~frame.known("sex")
    if "zone" in dims and view.areas:
        rows |= ~view.place_area().known
        situation = view.situation(Profile())
        for section in ("hukou", *SECTIONS):
            inverse, combos = frame.distinct((f"{section}_city", f"{section}_zone"))
            split = [
                city is not None and zone is None and bool(zones_of_name(situation, str(city))) for city, zone in combos
            ]
            rows |= np.array(split, dtype=bool)[inverse]
    if "household" in dims:
        codes, families = frame.family()
        evaluator = Evaluator(view.situation(Profile()))
        open_ = [len(set(household(channel, Profile.model_construct(family=f), evaluator))) > 1 for f in families]
        rows |= np.array(open_, dtype=bool)[codes] & frame.known("housing_area_sqm")
    return rows
