"""The words the CLI shows values in, for the page to show the same (``GET /v1/words``)."""

from __future__ import annotations

from pydantic import BaseModel

from hukou.bilingual import Text
from hukou.judging.facts import FACTS
from hukou.judging.verdict import SCHEMA_VERSION
from hukou.labels import REGISTRATION_LABELS, RELATION_LABELS, UNIT_WORDS, VALUE_LABELS, VERDICT_LABELS


class Words(BaseModel):
    schema_version: str = SCHEMA_VERSION
    values: dict[str, Text]
    units: dict[str, Text]
    relations: dict[str, Text]
    registrations: dict[str, Text]
    verdicts: dict[str, Text]
    fact_kinds: dict[str, str]


ALL_WORDS = Words(
    values=VALUE_LABELS,
    units=UNIT_WORDS,
    relations=RELATION_LABELS,
    registrations=REGISTRATION_LABELS,
    verdicts=VERDICT_LABELS,
    fact_kinds={name: spec.kind for name, spec in FACTS.items()},
)
