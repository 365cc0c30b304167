"""The worlds of hukou.judging.possible on the columns of a batch, so that the vectorised evaluator never gives
a row an answer the explaining engine would not.

A channel the trees leave open for a row may be decided over the values the row's unknown facts may
take. The applicant's sex, the zone of the place asked and (for a channel that only asks the area per
person to reach a floor) the household moving in are judged here: the channel's trees over the
derived values with each world's value filled in. A row every world admits is admitted here; a row
every world refuses, or with other worlds open (a zone of the hukou or of a period in a district
split between zones), goes to the explaining engine.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from hukou.backends.surely import Node
from hukou.backends.vector.columns import area_shared, households
from hukou.backends.vector.derive import Derived, derive
from hukou.backends.vector.masks import Masks
from hukou.backends.vector.view import View, filled
from hukou.judging.conditions import Evaluator
from hukou.judging.engine import household
from hukou.judging.possible import SECTIONS, areas_possible, dimensions, monotone_in_household, zones_of_name
from hukou.model.places import GAZETTEER
from hukou.model.profile import Profile
from hukou.rulebook.schema import Channel


def decided_in_worlds(
    view: View, channel: Channel, masks: Masks, holds: Node | None, fails: Node | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Among the rows the trees leave open: those hukou.judging.possible finds met in every world, those it
    finds not met in every world, and those with other worlds open (for the explaining engine).

    The applicant's sex, the zone of the place and (for a channel that only asks area per person to
    reach a floor) the household are judged here, on the columns: the channel's trees over the
    derived values with each world's sex, zone and household filled in where the row leaves them
    open, and a row counts only where every world decides it alike. The other worlds (a zone of the
    hukou or of a period) send every row they may touch.
    """
    frame, size = view.frame, view.frame.size
    dims = dimensions(channel)
    # A channel has worlds only through its conditions (an exception waives some of them), and with
    # conditions it has both trees.
    assert holds is not None
    assert fails is not None
    handed = _other_worlds_open(view, channel)
    sex_open = ~frame.known("sex") if "sex" in dims else np.zeros(size, dtype=bool)
    zone_open = ~view.place_area().known if "zone" in dims and view.areas else np.zeros(size, dtype=bool)
    sizes: list[tuple[np.ndarray, np.ndarray] | None] = [None]
    household_open = np.zeros(size, dtype=bool)
    if "household" in dims and monotone_in_household(channel):
        fewest, most = households(replace(view, channel=channel))
        household_open = (fewest != most) & frame.known("housing_area_sqm")
        if household_open.any():
            sizes = [(fewest, fewest), (most, most)]
    nowhere = np.zeros(size, dtype=bool)
    if not (sex_open.any() or zone_open.any() or household_open.any()):
        return nowhere, nowhere, handed
    zones = areas_possible(GAZETTEER, view.place, view.areas) if zone_open.any() else (None,)
    sexes = ("male", "female") if sex_open.any() else (None,)
    every_holds, every_fails = np.ones(size, dtype=bool), np.ones(size, dtype=bool)
    for zone in zones:
        derived = masks.derived if zone is None else derive(replace(view, zone=zone), [channel])
        for sex, moving in itertools.product(sexes, sizes):
            world = Masks(_in_world(view, derived, sex, moving), size, masks.item_fails)
            every_holds &= world.of(holds)
            every_fails &= world.of(fails)
    worlds = sex_open | zone_open | household_open
    # A row with other worlds open too (a zone of its hukou or periods) is the explaining engine's.
    return worlds & every_holds & ~handed, worlds & every_fails & ~handed, handed


def _in_world(view: View, derived: Derived, sex: str | None, moving: tuple[np.ndarray, np.ndarray] | None) -> Derived:
    """The derived values with the world's sex (where unknown) and household (fewest or most) in."""
    values = dict(derived.values)
    if sex is not None:
        # Open in the sex, a channel reads it in its trees (hukou.judging.possible.dimensions): it has keys.
        for key in derived.keys["applicant.sex"]:
            values[key] = filled(values[key], sex)
    lists = derived.lists
    if moving is not None:
        shared = area_shared(view, *moving)
        keys = set(derived.keys["area_per_person"])  # read by a channel open in its household
        lists = {
            name: replace(items, values={k: shared if k in keys else v for k, v in items.values.items()})
            for name, items in lists.items()
        }
    return replace(derived, values=values, lists=lists)


def _other_worlds_open(view: View, channel: Channel) -> np.ndarray:
    """Rows with worlds decided_in_worlds does not judge on the columns: a zone of the hukou or of a
    period in a district split between zones, or the household of a channel not monotone in it."""
    frame = view.frame
    dims = dimensions(channel)
    rows = np.zeros(frame.size, dtype=bool)
    if "zone" in dims and view.areas:
        situation = view.situation(Profile())
        for section in ("hukou", *SECTIONS):
            inverse, combos = frame.distinct((f"{section}_city", f"{section}_zone"))
            split = [
                city is not None and zone is None and bool(zones_of_name(situation, str(city))) for city, zone in combos
            ]
            rows |= np.array(split, dtype=bool)[inverse]
    if "household" in dims and not monotone_in_household(channel):
        codes, families = frame.family()
        evaluator = Evaluator(view.situation(Profile()))
        open_ = [len(set(household(channel, Profile.model_construct(family=f), evaluator))) > 1 for f in families]
        rows |= np.array(open_, dtype=bool)[codes] & frame.known("housing_area_sqm")
    return rows
