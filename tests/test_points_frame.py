"""Henan's provincial frame (豫政〔2014〕83号) in `hukou rules lint`, beside the national one."""

from __future__ import annotations

from pathlib import Path

import yaml

from hukou.front.lint.run import lint
from hukou.rulebook.loader import rulebook_at

LINT = Path(__file__).resolve().parent / "lint"


def test_a_henan_medium_city_may_ask_one_year_of_insurance_at_most() -> None:
    rulebook, paths = rulebook_at(LINT / "henan-medium.yaml")
    codes = {f.code: f for f in lint(rulebook, paths).findings if f.kind == "national"}
    # Two years is within the national three for a medium city, beyond Henan's one.
    assert set(codes) == {"national:henan-insurance-1-year"}
    assert codes["national:henan-insurance-1-year"].severity == "warning"
    assert codes["national:henan-insurance-1-year"].document == "henan-2014-83"


def test_the_henan_frame_binds_only_henan(tmp_path: Path) -> None:
    data = yaml.safe_load((LINT / "henan-medium.yaml").read_text(encoding="utf-8"))
    data["jurisdiction"]["parent"] = "湖北省"
    elsewhere = tmp_path / "hubei-medium.yaml"  # read beside the project's seeds and sources
    elsewhere.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rulebook, paths = rulebook_at(elsewhere)
    assert not [f for f in lint(rulebook, paths).findings if f.kind == "national"]
