"""A caseworker at the page: enters people through the form, reads the matrix, switches to English,
opens an explanation and follows its quote to the document, prints; at 320 px and on a wide screen,
from the keyboard too. Each main view is saved as a screenshot (see conftest)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from hukou.model.profile_file import load_profile

from ..conftest import ROOT

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


@pytest.fixture(params=[WIDE, NARROW], ids=["wide", "320px"])
def page(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport=request.param, locale="zh-CN", accept_downloads=True)
    opened = context.new_page()
    asked: list[str] = []
    problems: list[str] = []
    opened.on("request", lambda r: asked.append(r.url))
    opened.on("pageerror", lambda e: problems.append(str(e)))
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.goto(base_url + "/")
    opened.wait_for_selector("body[data-ready=true]")
    opened.width = request.param["width"]
    yield opened
    context.close()
    # Works offline: nothing is asked of any other server, and nothing went wrong in the page.
    assert all(url.startswith((base_url, "data:", "blob:")) for url in asked), asked
    # (A 422 for bad input is an answer the page shows, not a fault: the browser logs it all the same.)
    assert [p for p in problems if "status of 422" not in p] == []


def shot(page: Any, shots: Path, name: str, selector: str | None = None, whole: bool = True) -> None:
    path = shots / f"{name}-{page.width}px.png"
    if selector is None:
        page.screenshot(path=str(path), full_page=whole and page.width > 400)
    else:
        page.locator(selector).screenshot(path=str(path))


def enter_wang_fang(page: Any) -> None:
    """The Kaili graduate of examples/kaili-graduate.yaml, typed in as a caseworker would."""
    page.fill("#a0-person-name", "王芳")
    page.select_option("#a0-person-sex", label="女")
    page.fill("#a0-hukou-province", "湖南")
    page.fill("#a0-hukou-city", "邵阳")
    page.select_option("#a0-hukou-type", label="农业户口（农村）")
    page.select_option("#a0-education-level", label="大专")
    page.select_option("#a0-education-moe_recognized", label="是")
    page.click("#a0-residence-add")
    page.fill("#a0-residence-0-city", "凯里")
    page.fill("#a0-residence-0-since", "2024-02-01")
    page.select_option("#a0-residence-0-permit", label="是")
    page.click("#a0-housing-add")
    page.select_option("#a0-housing-0-tenure", label="租赁")
    page.fill("#a0-housing-0-city", "凯里")
    page.fill("#a0-housing-0-since", "2024-02-01")
    page.fill("#asof", "2024-09-01")


def cell(page: Any, person: str, place: str) -> Any:
    row = page.locator(".matrix tbody tr", has=page.locator("th", has_text=person))
    return row.locator("td", has=page.locator(".cell-place", has_text=place))


def test_a_person_entered_through_the_form_gets_the_matrix(page: Any, shots: Path) -> None:
    enter_wang_fang(page)
    shot(page, shots, "form-zh")
    page.click("#check")
    page.wait_for_selector(".matrix")
    kaili = cell(page, "王芳", "凯里市")
    assert "可以落户" in kaili.inner_text()
    assert "省外大专以上学历人员落户" in kaili.inner_text()  # the admitting channel
    assert "尚不能确定" in cell(page, "王芳", "浙江省").inner_text()
    assert "最接近" in cell(page, "王芳", "浙江省").inner_text()  # the nearest channel
    assert "核查日期 2024-09-01" in page.inner_text("#judged")
    shot(page, shots, "matrix-zh", "#results")
    # Readable at 320 px: the page itself never scrolls sideways (the matrix scrolls in its box).
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width


def test_switching_to_english_translates_the_page_and_the_answers(page: Any, shots: Path) -> None:
    enter_wang_fang(page)
    page.click("#check")
    page.wait_for_selector(".matrix")
    page.click("#lang")
    assert page.inner_text("h1") == "Hukou settlement check"
    assert page.evaluate("document.documentElement.lang") == "en"
    kaili = cell(page, "王芳", "Kaili")
    assert "eligible" in kaili.inner_text()
    assert "out-of-province graduates" in kaili.inner_text().lower() or "associate" in kaili.inner_text().lower()
    assert page.input_value("#a0-person-name") == "王芳"  # the form keeps what was typed
    assert page.locator("#a0-education-level option:checked").inner_text().startswith("associate")
    shot(page, shots, "matrix-en", "#results")
    shot(page, shots, "form-en")
    page.click("#lang")
    assert page.inner_text("h1") == "落户政策核查"


def test_an_explanation_shows_every_condition_and_its_quote_leads_to_the_document(page: Any, shots: Path) -> None:
    enter_wang_fang(page)
    page.click("#check")
    page.wait_for_selector(".matrix")
    cell(page, "王芳", "凯里市").locator("button").click()
    page.wait_for_selector("#explanation-title")
    assert page.evaluate("document.activeElement.id") == "explanation-title"
    explanation = page.locator(".explanation")
    assert "王芳 · 凯里市" in explanation.locator("h2").inner_text()
    admitting = explanation.locator("details[open]", has_text="省外大专以上学历人员落户")
    conditions = admitting.locator("table.conditions tbody tr")
    assert conditions.count() >= 2
    education = admitting.locator("tr", has_text="学历").first.inner_text()
    assert "大专" in education and "≥ 大专" in education and "符合" in education  # value, threshold, result
    assert "辖区派出所公共户" in explanation.inner_text()  # where the hukou is registered
    quote = admitting.locator("blockquote").inner_text()
    shot(page, shots, "explanation-zh")
    admitting.locator("a.to-document").click()
    current = page.locator("mark.current")
    current.wait_for()
    assert current.is_visible()
    folded = "".join(current.inner_text().split())
    assert folded[:6] == "".join(quote.split())[:6]
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    shot(page, shots, "document-zh", whole=False)  # where the quote is
    page.go_back()
    page.wait_for_selector("#explanation-title")
    page.click("#lang")
    assert "Conditions" in page.inner_text(".explanation")
    shot(page, shots, "explanation-en")


def test_the_print_view_is_the_answer_with_the_day_and_the_documents(page: Any, shots: Path) -> None:
    enter_wang_fang(page)
    page.click("#check")
    page.wait_for_selector(".matrix")
    page.emulate_media(media="print")
    assert not page.is_visible("#input-view") and not page.is_visible("#lang")
    assert page.is_visible(".matrix")
    assert "核查日期 2024-09-01" in page.inner_text("#judged")
    cited = page.inner_text(".cited")
    assert "引用文件" in cited and "凯里市推动非户籍人口在城市落户实施方案" in cited
    shot(page, shots, "print-zh")
    if page.width > 400:
        pdf = shots / "print-zh.pdf"
        pdf.write_bytes(page.pdf(format="A4", print_background=True))
        assert pdf.read_bytes().startswith(b"%PDF")
    page.emulate_media(media="screen")
    # An explanation prints alone, for the applicant to take home: the day judged and the document.
    cell(page, "王芳", "浙江省").locator("button").click()
    page.wait_for_selector("#explanation-title")
    page.emulate_media(media="print")
    assert not page.is_visible(".back") and not page.is_visible("#results")
    printed = page.inner_text(".explanation")
    assert "王芳 · 浙江省" in printed and "核查日期 2024-09-01" in printed
    assert "浙江省推动落实常住地提供基本公共服务制度" in page.inner_text(".cited")
    shot(page, shots, "print-explanation-zh")
    page.emulate_media(media="screen")


def test_several_applicants_side_by_side_and_from_the_keyboard(page: Any) -> None:
    enter_wang_fang(page)
    page.click("#add-applicant")
    assert page.evaluate("document.activeElement.id") == "a1-person-name"
    page.keyboard.type("李四")
    page.select_option("#a1-education-level", label="本科")
    page.fill("#a1-hukou-province", "贵州")
    page.fill("#a1-hukou-city", "凯里")
    page.focus("#a1-hukou-city")
    page.keyboard.press("Enter")  # submits the form, as a caseworker expects
    page.wait_for_selector(".matrix")
    people = page.locator(".matrix tbody th").all_inner_texts()
    assert people == ["王芳", "李四"]
    # Every cell is a button reached by Tab and opened by Enter.
    button = cell(page, "李四", "济源市").locator("button")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#explanation-title")
    assert "李四 · 济源市" in page.inner_text("#explanation-title")


def test_every_field_has_a_label(page: Any) -> None:
    enter_wang_fang(page)
    page.click("#a0-family-add")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
              .filter(el => el.type !== 'hidden' && el.labels.length === 0 && !el.getAttribute('aria-label'))
              .map(el => el.id)"""
    )
    assert unlabelled == []


def test_a_profile_file_is_read_into_the_form_and_saved_for_the_cli(page: Any, tmp_path: Path) -> None:
    text = (ROOT / "examples" / "kaili-graduate.yaml").read_text(encoding="utf-8")
    page.click(".import summary")
    page.fill("#paste", text)
    page.click("#read")
    expect(page.locator("#a0-person-name")).to_have_value("王芳")
    assert page.input_value("#a0-education-level") == "associate"
    assert page.input_value("#a0-housing-0-tenure") == "rented"
    with page.expect_download() as download:
        page.click("#save")
    saved = tmp_path / "saved.json"
    download.value.save_as(saved)
    assert load_profile(saved) == load_profile(ROOT / "examples" / "kaili-graduate.yaml")
    json.loads(saved.read_text(encoding="utf-8"))


def test_a_bad_value_points_at_its_field(page: Any) -> None:
    page.fill("#a0-person-name", "赵六")
    page.click("#a0-residence-add")
    page.fill("#a0-residence-0-city", "Nowhereville")
    page.fill("#a0-residence-0-months", "3")
    page.click("#check")
    page.wait_for_selector("#error:not([hidden])")
    assert "residence[0].city" in page.inner_text("#error")
    assert page.evaluate("document.activeElement.id") == "a0-residence-0-city"


def test_an_uploaded_profile_file_fills_the_form(page: Any) -> None:
    page.click(".import summary")
    page.set_input_files("#upload", str(ROOT / "examples" / "jiyuan-renter.yaml"))
    expect(page.locator("#a0-person-name")).to_have_value("赵磊")
    assert page.input_value("#a0-housing-0-tenure") == "rented"
    assert page.input_value("#a0-family-1-age") == "19"
    assert page.is_checked("#a0-groups-asked")  # groups: [] is "asked, none apply", not unknown


def test_a_credential_keeps_where_it_was_issued(page: Any, shots: Path, tmp_path: Path) -> None:
    """A certificate counts only where it was issued: the form asks where, keeps it on import and
    saves it as {group, place} for the CLI."""
    page.click(".import summary")
    page.set_input_files("#upload", str(ROOT / "examples" / "kaili-talent-small-flat.yaml"))
    expect(page.locator("#a0-group-talent-place")).to_have_value("凯里")
    page.fill("#a0-group-talent-place", "济源")
    page.dispatch_event("#a0-group-talent-place", "change")
    shot(page, shots, "credential-place", ".groups", whole=False)
    with page.expect_download() as download:
        page.click("#save")
    saved = tmp_path / "saved.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["groups"] == [{"group": "talent", "place": "济源"}]
