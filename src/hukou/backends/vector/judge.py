"""Judging a batch of flat rows at once: per city, each row's verdict, admitting channels and, when
asked, what stops it (hukou.backends.vector.explain).

The rulebook's channels compile (hukou.backends.surely) into "surely holds" and "surely fails" trees; the
batch's columns give every value those trees read (hukou.backends.vector.derive); each tree becomes one
boolean mask (hukou.backends.vector.masks). A channel is eligible where its holds-mask is set, ineligible
where only its fails-mask is, undetermined elsewhere; a city combines its channels as
hukou.judging.verdict.combine does. The explaining engine stays the reference: tests/test_vector.py checks
that both write the same result rows for generated profiles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from hukou.backends.surely import Node, TreeCompiler
from hukou.backends.vector.derive import derive
from hukou.backends.vector.explain import Explained, explain_channel, texts_per_row
from hukou.backends.vector.frame import Frame
from hukou.backends.vector.masks import Masks, distinct_rows
from hukou.backends.vector.view import View
from hukou.backends.vector.worlds import decided_in_worlds
from hukou.bilingual import Text
from hukou.errors import NotVectorised
from hukou.judging.engine import recognition_pool
from hukou.judging.possible import dimensions
from hukou.model.places import Place
from hukou.model.regions import Region
from hukou.rulebook.compiled import compiled
from hukou.rulebook.loader import LoadedRules, Rulebook
from hukou.rulebook.schema import Channel

VERDICTS = ("eligible", "ineligible", "undetermined")  # verdict codes 0, 1, 2
ELIGIBLE, INELIGIBLE, UNDETERMINED = 0, 1, 2
# What the worlds of hukou.judging.possible leave for the explaining engine, per channel and row.
OPEN_IN_WORLDS, REFUSED_IN_WORLDS = 1, 2


@dataclass(frozen=True)
class CityVerdicts:
    """One city's verdict for every row, and the channels admitting each."""

    city: str
    verdict: np.ndarray  # a code into VERDICTS per row
    admitted: np.ndarray  # bool, rows × channels
    channels: tuple[str, ...]  # the channels in force, in rule-file order
    stops: Stops | None = None  # when asked, what stops the rows not admitted
    # Rows a channel leaves open whose verdict may turn on a finite unknown (hukou.judging.possible).
    open_in_worlds: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    drafts: tuple[bool, ...] = ()  # per channel: it rests on a draft document (征求意见稿)

    @cached_property
    def draft(self) -> np.ndarray:
        """Per row, whether its verdict rests on a draft document (hukou.front.batch.run.rests_on_draft)."""
        flags = np.array(self.drafts, dtype=bool)
        if not flags.any():
            return np.zeros(len(self.verdict), dtype=bool)
        return np.where(self.admitted.any(axis=1), (self.admitted & flags).any(axis=1), True)

    @property
    def nearest(self) -> np.ndarray | None:
        """Per row, the nearest channel's id (None where admitted), as hukou batch writes it."""
        if self.stops is None:
            return None
        return np.array([*self.channels, None], dtype=object)[self.stops.nearest]

    @property
    def failing(self) -> np.ndarray | None:
        """Per row, the nearest channel's conditions not met, joined with ";"."""
        if self.stops is None:
            return None
        return np.array([*self.stops.said, ""], dtype=object)[self.stops.failing]

    @property
    def unknown(self) -> np.ndarray | None:
        """Per row, the facts missing in the undetermined channels, joined with ";"."""
        return None if self.stops is None else self.stops.unknown

    @cached_property
    def admitted_by(self) -> np.ndarray:
        """Per row, the admitting channels joined with ``;`` (as hukou batch writes them)."""
        if not self.channels:
            return np.full(len(self.verdict), "", dtype=object)
        first, inverse = distinct_rows(self.admitted)  # the text of each distinct set, made once
        texts = [";".join(c for c, bit in zip(self.channels, row, strict=True) if bit) for row in self.admitted[first]]
        return np.array(texts, dtype=object)[inverse]


@dataclass(frozen=True)
class Judged:
    """A batch judged: ``fast`` rows by the masks; the others are left to the explaining engine."""

    fast: np.ndarray
    ids: np.ndarray  # each row's id, as hukou batch writes it
    cities: list[CityVerdicts]
    comparisons: int  # distinct comparisons made over the batch's columns (the floor counts as many)
    # Rows the evaluator could read but hands to the explaining engine, to be judged over the values
    # their unknown facts may take (hukou.judging.possible).
    handed_over: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


@dataclass(frozen=True)
class _Trees:
    channel: Channel
    holds: Node | None  # None: never surely holds (its conditions are left to a regulation)
    fails: Node | None  # None: never surely fails
    met: Node | None = None  # when its conditions surely hold, a regulation aside


def judge_columns(
    columns: Mapping[str, Sequence[Any]],
    size: int,
    rulebook: Rulebook,
    places: list[tuple[str, Place]],
    as_of: dt.date,
    explain: bool = False,
) -> Judged:
    """Every row of a batch of flat columns judged for every place on one day; with ``explain``,
    also the nearest channel, its conditions not met and the facts missing, as hukou batch gives them."""
    frame = Frame.read(columns, size, as_of)
    cities = [_city(frame, rulebook, name, place, explain) for name, place in places]
    # A row left open by a channel whose verdict may turn on a finite unknown (a sex, a zone, the
    # household moving in) is judged over its possible worlds (hukou.judging.possible) by the explaining engine.
    worlds = np.logical_or.reduce([c.open_in_worlds for c in cities])  # no place: False, handing over none
    handed = worlds & frame.fast
    return Judged(frame.fast & ~handed, frame.ids, cities, frame.memo.get("comparisons", 0), handed)


def _city(frame: Frame, rulebook: Rulebook, name: str, place: Place, explain: bool) -> CityVerdicts:
    governing = rulebook.governing(place)
    pool = recognition_pool(governing, frame.as_of)
    verdicts: list[np.ndarray] = []
    ids: list[str] = []
    explained: list[Explained] = []
    size = frame.size
    worlds: list[np.ndarray] = []  # per channel: OPEN_IN_WORLDS, REFUSED_IN_WORLDS or 0, per row
    for loaded in governing:
        view = View(frame, place, loaded.place, loaded.areas, pool[0] if pool else None, Region((place,)))
        for channel, verdict, why, decided in _channels(loaded, view, explain):
            ids.append(channel)
            verdicts.append(verdict)
            explained.extend(why)
            worlds.append(decided)
    if not verdicts:
        undecided = np.full(size, UNDETERMINED).astype(np.int8)  # codes as narrow as every city's
        nowhere = np.full(size, -1)
        # Python str, as in the other cities' columns (numpy's own strings would be written alike).
        blank = np.full(size, "", dtype=object)  # pragma: no mutate
        stops = Stops(nowhere, nowhere, [], blank) if explain else None
        return CityVerdicts(name, undecided, np.zeros((size, 0), dtype=bool), (), stops, np.zeros(size, dtype=bool))
    stacked = np.stack(verdicts, axis=1)
    admitted = stacked == ELIGIBLE
    city = np.where(
        admitted.any(axis=1), ELIGIBLE, np.where((stacked == UNDETERMINED).any(axis=1), UNDETERMINED, INELIGIBLE)
    ).astype(np.int8)
    # A channel refused in every world changes nothing written for a row another channel admits.
    marks = np.stack(worlds, axis=1)
    open_in_worlds = (marks == OPEN_IN_WORLDS).any(axis=1) | (
        (marks == REFUSED_IN_WORLDS).any(axis=1) & (city != ELIGIBLE)
    )
    stops = _what_stops(city, stacked, explained) if explain else None
    draft = {c.id: loaded.document(c.document).status == "draft" for loaded in governing for c in loaded.rules.channels}
    return CityVerdicts(name, city, admitted, tuple(ids), stops, open_in_worlds, tuple(draft[i] for i in ids))


@dataclass(frozen=True)
class Stops:
    """What stops the rows a city does not admit, as hukou batch writes it."""

    nearest: np.ndarray  # per row, the index of the nearest channel (-1: none)
    failing: np.ndarray  # per row, an index into ``said`` (-1: none)
    said: list[str]  # each distinct set of conditions not met in a nearest channel, joined with ";"
    unknown: np.ndarray  # per row, the facts missing joined with ";"


def _what_stops(city: np.ndarray, channels: np.ndarray, explained: list[Explained]) -> Stops:
    """Per row not admitted: the nearest channel (hukou.judging.engine.judge: the cheapest among the
    undetermined channels when the city is undetermined, else among all), its conditions not met,
    and the missing facts of the undetermined channels."""
    size = len(city)
    open_ = city != ELIGIBLE
    candidates = (channels != ELIGIBLE) & np.where((city == UNDETERMINED)[:, None], channels == UNDETERMINED, True)
    distance = np.where(candidates, np.stack([e.distance for e in explained], axis=1), np.inf)
    closest = distance.argmin(axis=1)
    found = open_ & np.isfinite(distance.min(axis=1))
    failing = np.full(size, -1)
    said: list[str] = []
    for c, channel in enumerate(explained):
        rows = np.flatnonzero(found & (closest == c))
        if len(rows):  # (a channel without conditions says none: the failing column stays blank)
            not_met = [(Text.of(zh=r.id, en=r.id), r.not_met[rows]) for r in channel.conditions]
            inverse, lists = texts_per_row(not_met, len(rows))
            failing[rows] = len(said) + inverse
            said.extend(";".join(t.en for t in texts) for texts in lists)
    slots: list[tuple[Text, np.ndarray]] = []
    for c, channel in enumerate(explained):
        undetermined = open_ & (channels[:, c] == UNDETERMINED)
        if undetermined.any():
            slots.extend((text, rows & undetermined) for text, rows in channel.missing)
    inverse, lists = texts_per_row(slots, size)
    joined = [";".join(t.en for t in texts) for texts in lists]
    # Python str, as the engine's rows hold them (numpy's own strings would be written alike).
    unknown = np.array(joined, dtype=object)[inverse]  # pragma: no mutate
    return Stops(np.where(found, closest, -1), failing, said, unknown)


def _channels(
    loaded: LoadedRules, view: View, explain: bool
) -> list[tuple[str, np.ndarray, list[Explained], np.ndarray]]:
    """The verdict of each channel of a rule file in force on the day, for every row (and, when
    asked, the channel explained), with the open rows the worlds of hukou.judging.possible may decide."""
    in_force = [
        c
        for c in loaded.rules.channels
        if (c.effective or loaded.document(c.document).window).contains(view.frame.as_of)
    ]
    if any(c.points is not None for c in in_force):
        # A points channel's score is judged by the explaining engine (hukou.judging.points): the chunk
        # falls back to it, as for any rule the columns cannot derive.
        raise NotVectorised(f"{loaded.name}: a points channel")
    item_fails: dict[str, Node] = {}
    trees = [_trees(channel, item_fails) for channel in in_force]
    masks = Masks(derive(view, in_force), view.frame.size, item_fails)
    nowhere = np.zeros(view.frame.size, dtype=bool)  # no row (read only: every channel shares it)
    out = []
    for tree in trees:
        holds = masks.of(tree.holds) if tree.holds is not None else nowhere
        fails = masks.of(tree.fails) if tree.fails is not None else nowhere
        codes = np.where(holds, ELIGIBLE, np.where(fails, INELIGIBLE, UNDETERMINED))
        # A byte per row and channel, to keep a large batch small (any integer or float type compares alike).
        verdict = codes.astype(np.int8)  # pragma: no mutate
        if tree.channel.conditions is None and tree.channel.deferred_to is None:
            verdict[:] = ELIGIBLE  # a channel without conditions admits everyone in its window
        decided = nowhere
        # (The test of open rows only spares the work: with none, or with no finite unknown, the worlds decide nothing.)
        if dimensions(tree.channel) and (verdict == UNDETERMINED).any():  # pragma: no mutate
            open_ = verdict == UNDETERMINED
            met, refused, handed = decided_in_worlds(view, tree.channel, masks, tree.met, tree.fails)
            if tree.channel.deferred_to is not None:
                # Its conditions met in every world, a channel left to a regulation stays open; the
                # explaining engine then names the regulation alone as missing, not the unknowns the
                # worlds settled: its rows go there.
                handed, met = handed | met, nowhere
            # Met in every world: admitted here as by the explaining engine, with nothing more to say
            # (the city admits the row). Refused in every world: the explaining engine words it, unless
            # another channel admits the row (then nothing of this channel is written). The rest, with
            # other worlds open, are the explaining engine's.
            verdict[open_ & met] = ELIGIBLE
            decided = np.where(open_ & refused, REFUSED_IN_WORLDS, np.where(open_ & handed, OPEN_IN_WORLDS, 0))
        why = [explain_channel(tree.channel, masks, view)] if explain else []
        out.append((tree.channel.id, verdict, why, decided))
    view.frame.memo["comparisons"] = view.frame.memo.get("comparisons", 0) + masks.comparisons
    return out


def _trees(channel: Channel, item_fails: dict[str, Node]) -> _Trees:
    form = compiled(channel)
    # Both are None together (a channel without conditions): "and" would read the same; both are named for mypy.
    if form.holds is None or form.fails is None:  # pragma: no mutate
        return _Trees(channel, None, None)
    compiler = TreeCompiler()
    met = compiler.tree(form.holds)
    fails = compiler.tree(form.fails)
    item_fails.update(compiler.item_rules)
    return _Trees(channel, met if channel.deferred_to is None else None, fails, met)
