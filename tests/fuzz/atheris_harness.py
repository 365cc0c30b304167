"""Coverage-guided fuzzing of the profile reader, the rule loader and judging, with atheris.

    pip install -e '.[fuzz]'                                        # atheris
    python -m tests.fuzz.atheris_harness profile -max_total_time=600  # ten minutes, from the root
    python -m tests.fuzz.atheris_harness rules -max_total_time=600
    python -m tests.fuzz.atheris_harness judge -max_total_time=600

Each target feeds what libFuzzer makes to one part of hukou and holds it to the law of
tests/fuzz/targets.py: the input loads (and is judged), or the project's own error is raised,
with a message of one line. Anything else is a crash: libFuzzer stops, prints the traceback and
writes the input to ``crash-…``. Commit such an input under tests/broken/ with its expected
error in tests/broken/expected-errors.yaml once it is fixed.

Targets:
    profile  bytes as a profile file (seeded with the examples and the broken profiles)
    rules    bytes as a rule file (seeded with the rule files and the broken ones)
    judge    structure-aware: a profile assembled from the pieces that matter to judging (places
             that are ambiguous, larger than asked, split between zones; dates at the calendar's
             ends; zones right and wrong), then judged in every jurisdiction and a few districts
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import atheris
import yaml

with atheris.instrument_imports(include=["hukou"]):
    # The loader imports these when it first reads a file: imported here, they are instrumented too.
    import hukou.rulebook.checks
    import hukou.rulebook.quotes  # noqa: F401
    from hukou import GAZETTEER, HukouError, judge
    from hukou.model.profile_file import load_profile
    from tests.fuzz.targets import RULEBOOK, profile_loads_or_says_why, rule_file_loads_or_says_why

ROOT = Path(__file__).resolve().parents[2]
SEEDS = {
    "profile": [ROOT / "examples", ROOT / "tests" / "broken" / "profiles"],
    "rules": [ROOT / "rules", ROOT / "tests" / "broken" / "rules"],
    "judge": [],
}
CITIES = (
    "凯里", "黔东南", "贵州", "贵阳", "济源", "金华", "杭州", "淳安", "杭州西湖区", "宁波", "浙江",
    "重庆", "渝中区", "重庆江北区", "沙坪坝区", "渝北区", "万州区", "酉阳", "普陀区", "Taizhou", "台州",
    "泰州", "吉林", "Kaili", "凱里", "上海", "湖南", "邵阳", "x", "",
)  # fmt: skip
ZONES = (None, "core", "expansion", "new_urban", "northeast", "southeast", "nowhere")
SECTIONS = ("residence", "housing", "employment", "social_insurance", "study")
ASKED = [loaded.place for loaded in RULEBOOK] + [GAZETTEER.resolve(n) for n in ("重庆江北区", "渝中区", "淳安")]


def _date(data: atheris.FuzzedDataProvider) -> Any:
    choice = data.ConsumeIntInRange(0, 5)
    if choice == 0:
        return None
    if choice == 1:
        return data.ConsumeUnicodeNoSurrogates(12)  # a date written any way at all
    ordinal = data.ConsumeIntInRange(dt.date.min.toordinal(), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal) if choice < 4 else dt.date.fromordinal(ordinal).isoformat()


def _profile(data: atheris.FuzzedDataProvider) -> dict[str, Any]:
    profile: dict[str, Any] = {}
    if data.ConsumeBool():
        hukou = {"province": data.PickValueInList(list(CITIES)), "city": data.PickValueInList(list(CITIES))}
        hukou["zone"] = data.PickValueInList(list(ZONES))
        hukou["type"] = data.PickValueInList(["rural", "urban", None])
        profile["hukou"] = {k: v for k, v in hukou.items() if v is not None and data.ConsumeBool()}
    for section in SECTIONS:
        if data.ConsumeBool():
            continue
        entries = []
        for _ in range(data.ConsumeIntInRange(0, 3)):
            entry: dict[str, Any] = {"city": data.PickValueInList(list(CITIES))}
            if data.ConsumeBool():
                entry["since"] = _date(data)
            else:
                entry["months"] = data.ConsumeIntInRange(-2, 1300)
            if data.ConsumeBool():
                entry["until"] = _date(data)
            if data.ConsumeBool():
                entry["zone"] = data.PickValueInList(list(ZONES))
            if section == "housing":
                entry["tenure"] = data.PickValueInList(["owned", "rented", "dormitory"])
                if data.ConsumeBool():
                    entry["area_sqm"] = data.ConsumeRegularFloat()
            entries.append({k: v for k, v in entry.items() if v is not None})
        profile[section] = entries
    if data.ConsumeBool():
        profile["age"] = data.ConsumeIntInRange(-1, 140)
    if data.ConsumeBool():
        profile["born"] = _date(data)
    if data.ConsumeBool():
        profile["education"] = {"level": data.PickValueInList(["bachelor", "associate", "doctorate", "none", "x"])}
    if data.ConsumeBool():
        profile["family"] = [
            {"relation": data.PickValueInList(["spouse", "child", "parent"]), "age": data.ConsumeIntInRange(0, 130)}
            for _ in range(data.ConsumeIntInRange(0, 3))
        ]
    return profile


def judge_one(raw: bytes) -> None:
    """A structured profile, written out, read back and judged everywhere (or refused)."""
    data = atheris.FuzzedDataProvider(raw)
    profile = _profile(data)
    as_of = dt.date.fromordinal(data.ConsumeIntInRange(dt.date.min.toordinal(), dt.date.max.toordinal()))
    text = yaml.safe_dump(profile, allow_unicode=True).encode("utf-8")
    path = _file(text)
    try:
        person = load_profile(path, as_of, RULEBOOK)
    except HukouError as error:
        _one_line(error)
        return
    finally:
        path.unlink()
    for place in ASKED:
        judge(person, RULEBOOK, place, as_of)


def _file(content: bytes) -> Path:
    with tempfile.NamedTemporaryFile(suffix=".yaml", delete=False) as handle:
        handle.write(content)
    return Path(handle.name)


def _one_line(error: HukouError) -> None:
    if "\n" in str(error):
        raise AssertionError(f"an error of more than one line: {error!r}")


def _checked(law: Callable[[bytes], None]) -> Callable[[bytes], None]:
    """The law, with the project's error's message held to one line too."""

    def target(raw: bytes) -> None:
        try:
            law(raw)
        except HukouError as error:  # pragma: no cover - the laws catch their own
            _one_line(error)

    return target


TARGETS: dict[str, Callable[[bytes], None]] = {
    "profile": _checked(profile_loads_or_says_why),
    "rules": _checked(rule_file_loads_or_says_why),
    "judge": judge_one,
}


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        raise SystemExit(f"usage: python -m tests.fuzz.atheris_harness {{{','.join(TARGETS)}}} [libFuzzer flags]")
    name, flags = argv[1], argv[2:]
    if not any(not a.startswith("-") for a in flags):  # no corpus named: a fresh one, seeded
        corpus = Path(tempfile.mkdtemp(prefix=f"hukou-fuzz-{name}-"))
        for folder in SEEDS[name]:
            for i, seed in enumerate(sorted(folder.rglob("*.yaml"))):
                shutil.copyfile(seed, corpus / f"{folder.name}-{i}-{seed.name}")
        flags = [*flags, str(corpus)]
    if not any(a.startswith("-max_len=") for a in flags):  # else libFuzzer starts from 4 bytes
        flags = [f"-max_len={65536 if name == 'rules' else 4096}", *flags]  # rule files run to ~50 KB
    if not any(a.startswith("-len_control=") for a in flags):  # inputs of any length from the start
        flags = ["-len_control=0", *flags]
    atheris.Setup([argv[0], *flags], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
