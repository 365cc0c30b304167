"""Every encoded rule quotes a sentence that really stands in its document."""

from __future__ import annotations

from pathlib import Path

import pytest

from hukou import Rulebook
from hukou.rulebook.quotes import Quote, quotes, stands_in
from hukou.text import normalise, strip_pinyin


def test_every_quote_stands_in_its_document(rulebook: Rulebook) -> None:
    found = list(quotes(rulebook))
    assert len(found) >= 30
    missing = [f"{q.rule_file.name}: {q.where}" for q in found if not stands_in(q)]
    assert missing == []


def test_a_changed_quote_is_caught(rulebook: Rulebook) -> None:
    quote = next(q for q in quotes(rulebook) if "以上" in q.text)
    # One word changed, "at least" to "at most": the test above must fail on such a rule.
    altered = Quote(quote.rule_file, quote.where, quote.document_file, quote.text.replace("以上", "以下", 1))
    assert altered.text != quote.text
    assert not stands_in(altered)


def test_quotes_match_across_traditional_characters_and_pinyin(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_text(
        "全面放開(kāi)對高校畢業(yè)生、技術(shù)工人、職業(yè)院校畢業(yè)生、留學(xué)歸國人員落戶(hù)限制。",
        encoding="utf-8",
    )
    quote = Quote(
        tmp_path / "r.yaml", "c1", document, "全面放开对高校毕业生、技术工人、职业院校毕业生、留学归国人员落户限制"
    )
    assert stands_in(quote)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("戶(hù)籍", "戶籍"),
        ("就(創(chuàng ))業(yè)地", "就(創)業地"),
        ("存量?jì)?yōu)先", "存量先"),
        ("(一)有合法稳定住所(含租赁)", "(一)有合法稳定住所(含租赁)"),
    ],
)
def test_pinyin_notes_go_and_chinese_parentheses_stay(raw: str, clean: str) -> None:
    assert strip_pinyin(raw) == clean


def test_normalise_folds_width_and_space() -> None:
    assert normalise("人均20㎡以上\n房产") == normalise("人均20m2以上房产")
    assert normalise("（含租赁）") == "(含租赁)"


def test_every_document_says_when_it_takes_effect(rulebook: Rulebook) -> None:
    """A document is in force from the day its own text says (施行, 印发, 发布), quoted; where it says
    nothing, the rule file says what the date rests on. None is in force before it was issued."""
    for loaded in rulebook:
        for document in loaded.rules.documents:
            assert document.in_force_quote or document.in_force_note, (loaded.name, document.id)
            assert document.window.start is not None and document.window.start >= document.issued, document.id


def test_a_document_in_force_before_it_was_issued_is_refused() -> None:
    from pydantic import ValidationError

    from hukou.rulebook.schema import Document

    given = {"id": "d", "number": "n", "title": "t", "issuer": "i", "status": "in_force", "file": "seeds/x.txt"}
    with pytest.raises(ValidationError, match="before it was issued"):
        Document.model_validate(
            {**given, "issued": "2020-05-01", "in_force_from": "2020-04-01", "in_force_note": {"zh": "z", "en": "e"}}
        )
    with pytest.raises(ValidationError, match="say when the document takes effect"):
        Document.model_validate({**given, "issued": "2020-05-01", "in_force_from": "2020-06-01"})
