"""The HTTP API as a program meets it: the CLI's JSON contract, the CLI's words for bad input,
no traceback ever, and the privacy guards (no-store, size limit)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="hukou serve needs the serve extra: pip install 'hukou-rules[serve]'")

with warnings.catch_warnings():  # starlette's client warns that it will move to another httpx
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, judge, load_rulebook
from hukou.front.cli import app as cli
from hukou.front.serve import create_app
from hukou.judging.verdict import CheckReport
from hukou.text import normalise
from hukou.yamlio import read_yaml

from .conftest import ROOT
from .strategies import profiles

EXAMPLE = ROOT / "examples" / "kaili-graduate.yaml"


def example(name: str = "kaili-graduate.yaml") -> dict[str, Any]:
    """A profile file as a client sends it: JSON, dates as text."""
    data, _ = read_yaml(ROOT / "examples" / name)
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return loaded


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_check_answers_what_the_cli_prints(client: TestClient) -> None:
    answer = client.post("/v1/check", json={"profile": example(), "places": ["凯里市"], "as_of": "2024-09-01"})
    assert answer.status_code == 200
    printed = cli_json("check", str(EXAMPLE), "--city", "凯里市", "--as-of", "2024-09-01", "--format", "json")
    assert answer.json() == printed
    assert answer.json()["schema_version"] == "1"


def test_places_come_back_by_their_canonical_names(client: TestClient) -> None:
    answer = client.post("/v1/check", json={"profile": {}, "places": ["Kaili", "凱里", "渝北"], "as_of": "2024-09-01"})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["city"] for r in results] == ["凯里市", "凯里市", "渝北区"]
    assert results[2]["place"] == "重庆市渝北区"


def test_no_places_means_every_encoded_jurisdiction(client: TestClient) -> None:
    results = client.post("/v1/check", json={"profile": example(), "as_of": "2024-09-01"}).json()["results"]
    listed = client.get("/v1/jurisdictions").json()["jurisdictions"]
    assert [r["city"] for r in results] == [j["jurisdiction"] for j in listed]


def test_check_and_compare_have_the_same_top_level_shape(client: TestClient) -> None:
    body = {"places": ["凯里"], "as_of": "2024-09-01"}
    checked = client.post("/v1/check", json={**body, "profile": example()}).json()
    compared = client.post("/v1/compare", json={**body, "profiles": [example(), {"name": "李四"}]}).json()
    assert list(checked) == list(compared) == ["schema_version", "as_of", "results"]
    rows = compared["results"]
    assert [(r["profile"], r["city"], r["verdict"]) for r in rows] == [
        ("王芳", "凯里市", "eligible"),
        ("李四", "凯里市", "undetermined"),
    ]
    # Each row carries the very result the check gives for that person and place.
    assert rows[0]["result"] == checked["results"][0]


def test_compare_rows_are_the_cli_rows(client: TestClient) -> None:
    compared = client.post(
        "/v1/compare", json={"profiles": [example()], "places": ["凯里市", "济源市"], "as_of": "2024-09-01"}
    ).json()
    printed = cli_json(
        "compare", str(EXAMPLE), "--city", "凯里市", "--city", "济源市", "--as-of", "2024-09-01", "-f", "json"
    )
    assert compared["results"] == printed["results"]
    assert compared["schema_version"] == printed["schema_version"]


def test_an_unnamed_applicant_is_numbered(client: TestClient) -> None:
    rows = client.post("/v1/compare", json={"profiles": [{}, {}], "places": ["济源"]}).json()["results"]
    assert [r["profile"] for r in rows] == ["#1", "#2"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"profile": {"education": {"level": "phd"}}}, "profile.education.level", "'phd' is not an education level"),
        ({"profile": {"hukuo": {}}}, "profile.hukuo", "unknown field 'hukuo'; did you mean 'hukou'?"),
        ({"profile": {"family": [{"relation": "child", "age": -1}]}}, "profile.family[0].age", "greater than or equal"),
        ({"profile": {"residence": [{"city": "凯里", "since": "2030-01-01"}]}, "as_of": "2024-09-01"},
         "profile.residence[0].since", "after the as-of date 2024-09-01"),
        ({"profile": {"residence": [{"city": "Nowhereville", "months": 3}]}}, "profile.residence[0].city",
         "'Nowhereville' is not a known province, city, county or district"),
        ({"profile": {}, "places": ["Kaily"]}, "places[0]", "did you mean"),
        ({"profile": {}, "as_of": "2024-02-30"}, "as_of", "2024-02-30"),
        ({"profile": {}, "place": ["凯里"]}, "place", "unknown field 'place'; did you mean 'places'?"),
        ({}, "profile", "required field is missing"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_in_the_clis_words(
    client: TestClient, body: dict[str, Any], field: str, words: str
) -> None:
    answer = client.post("/v1/check", json=body)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["field"] == field
    assert words in error["message"]
    assert error["message"].startswith(f"{field}: ")
    assert "\n" not in error["message"] and "Traceback" not in answer.text


def test_a_profile_error_is_worded_as_the_cli_words_it(client: TestClient, tmp_path: Any) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("hukou:\n  type: farmer\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(bad)])
    cli_words = result.stderr.strip().split(": ", 2)[-1]  # after "error: FILE:LINE: field"
    answer = client.post("/v1/check", json={"profile": {"hukou": {"type": "farmer"}}}).json()
    assert answer["error"]["message"].endswith(cli_words)


def test_an_ambiguous_place_says_what_it_may_mean(client: TestClient) -> None:
    error = client.post("/v1/check", json={"profile": {}, "places": ["西湖区"]}).json()["error"]
    assert error["candidates"] == ["浙江省杭州市西湖区", "江西省南昌市西湖区"]
    assert "may mean" in error["message"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "no body"),
        (b"{bad", "not well-formed JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2]", "should be a mapping"),
        (b"[" * 100_000, "not JSON that can be read"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused_in_one_line(
    client: TestClient, content: bytes, words: str
) -> None:
    answer = client.post("/v1/check", content=content, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert words in answer.json()["error"]["message"]


def test_a_body_over_the_limit_is_refused_unread(client: TestClient) -> None:
    answer = client.post("/v1/check", content=b" " * (600 * 1024), headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert "KB" in answer.json()["error"]["message"]


def test_a_body_over_the_limit_without_a_length_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b" " * (64 * 1024)

    answer = client.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert answer.status_code == 413


def test_a_bug_is_one_line_without_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app()

    @app.get("/v1/boom")
    async def boom() -> None:
        raise RuntimeError("secret detail from inside")

    with caplog.at_level(logging.ERROR, "hukou.front.serve"), TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/v1/boom")
    assert answer.status_code == 500
    message = answer.json()["error"]["message"]
    assert message.startswith("internal error (RuntimeError)") and "\n" not in message
    assert "secret detail" not in answer.text and "Traceback" not in answer.text


def test_answers_are_not_kept_by_browsers_or_proxies(client: TestClient) -> None:
    answer = client.post("/v1/check", json={"profile": {}, "places": ["凯里"]})
    assert answer.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in answer.headers["content-security-policy"]


def test_parse_reads_a_profile_file_as_the_cli_does(client: TestClient) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    parsed = client.post("/v1/profiles/parse", json={"text": text, "name": "kaili-graduate.yaml"}).json()["profile"]
    assert parsed["education"]["level"] == "associate"
    # What it gives back is itself a profile that judges the same.
    again = client.post("/v1/check", json={"profile": parsed, "places": ["凯里"], "as_of": "2024-09-01"}).json()
    first = client.post("/v1/check", json={"profile": example(), "places": ["凯里"], "as_of": "2024-09-01"}).json()
    assert again == first


def test_parse_names_the_line_of_a_bad_field(client: TestClient) -> None:
    answer = client.post("/v1/profiles/parse", json={"text": "name: x\neducation:\n  level: phd\n", "name": "a.yaml"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert (error["line"], error["field"]) == (3, "education.level")
    assert error["message"].startswith("a.yaml:3: education.level: ")


def test_jurisdictions_list_documents_and_channels(client: TestClient) -> None:
    listed = client.get("/v1/jurisdictions").json()["jurisdictions"]
    printed = cli_json("rules", "list", "--format", "json")
    assert [(j["jurisdiction"], j["code"], j["file"]) for j in listed] == [
        (r["jurisdiction"], r["code"], r["file"]) for r in printed
    ]
    assert [[c["id"] for c in j["channels"]] for j in listed] == [r["channels"] for r in printed]
    kaili = next(j for j in listed if j["jurisdiction"] == "凯里市")
    assert kaili["name"] == {"zh": "凯里市", "en": "Kaili"}


def test_every_quote_is_marked_in_its_document(client: TestClient) -> None:
    listed = client.get("/v1/jurisdictions").json()["jurisdictions"]
    for jurisdiction in listed:
        for channel in jurisdiction["channels"]:
            document = client.get(f"/v1/documents/{channel['document']}").json()
            marked = [q for q in document["quotes"] if q["quote"] == channel["quote"]]
            assert marked, (channel["id"], channel["document"])
            # The span holds the sentence as written (pinyin notes, line breaks and all).
            span = document["text"][marked[0]["start"] : marked[0]["end"]]
            # The sentence begins where the quote does (a traditional-character document quoted in simplified).
            assert normalise(span[0]) == normalise(channel["quote"][0]) or not span[0].isalnum()


def test_an_unknown_document_lists_the_cited_ones(client: TestClient) -> None:
    answer = client.get("/v1/documents/nope")
    assert answer.status_code == 404
    assert "kaili-2019-draft" in answer.json()["error"]["message"]


def test_schemas_are_the_published_ones(client: TestClient) -> None:
    for kind, name in (("profile", "profile"), ("rules", "rule-file")):
        published = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert client.get(f"/v1/schemas/{kind}").json() == published


def test_health_and_the_openapi_document(client: TestClient) -> None:
    assert client.get("/v1/health").json()["jurisdictions"] == len(list(load_rulebook(ROOT)))
    document = client.get("/v1/openapi.json").json()
    assert {"/v1/check", "/v1/compare", "/v1/jurisdictions", "/v1/documents/{document_id}"} <= set(document["paths"])
    body = document["paths"]["/v1/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CheckRequestDoc"}
    assert "Profile" in document["components"]["schemas"]


def test_the_page_and_its_assets_are_served_from_here(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "http://" not in page.text and "https://" not in page.text  # nothing from elsewhere
    for asset in ("app.js", "style.css", "i18n.js", "results.js", "form-view.js", "profile-form.js", "dom.js"):
        served = client.get(f"/static/{asset}")
        assert served.status_code == 200, asset
        assert "https://" not in served.text, asset


def test_unknown_paths_get_the_error_shape(client: TestClient) -> None:
    answer = client.get("/v1/nothing")
    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == "no such page or endpoint: /v1/nothing"


def test_the_readmes_api_example_is_what_the_api_answers(client: TestClient) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"<!-- api: (.+?) -->\n```json\n(.*?)```", readme, re.S)
    assert examples
    for body, shown in examples:
        assert client.post("/v1/check", json=json.loads(body)).json() == json.loads(shown)


def test_hukou_check_does_not_load_the_server() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, hukou.front.cli; print(sorted({'fastapi', 'uvicorn', 'starlette'} & set(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "[]"


def test_serve_has_help_with_an_example_and_is_in_the_readme() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "127.0.0.1" in result.stdout
    assert "hukou serve" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_port_in_use_is_one_line_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "hukou", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "address already in use" in result.stderr.lower()


# Law: over HTTP the engine answers as it does in process — for any profile the generators make,
# POST /v1/check gives, byte for byte, the reports hukou.judge gives for the same places and day.
@given(data=profiles())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_answers_what_the_engine_answers(client: TestClient, data: dict[str, Any]) -> None:
    body = json.loads(json.dumps({"profile": data, "places": ["凯里", "济源"], "as_of": "2024-09-01"}, default=str))
    answer = client.post("/v1/check", json=body)
    assert answer.status_code == 200, answer.text
    day = dt.date(2024, 9, 1)
    person = Profile.model_validate(body["profile"])
    rulebook = client.app.state.rulebook  # type: ignore[attr-defined]
    expected = CheckReport(
        as_of=day, results=[judge(person, rulebook, GAZETTEER.resolve(p), day) for p in body["places"]]
    )
    assert answer.json() == json.loads(expected.model_dump_json())


def test_a_zone_its_district_contradicts_is_refused_as_the_cli_refuses_it(client: TestClient) -> None:
    body = {"profile": {"employment": [{"city": "重庆渝中区", "since": "2020-01-01", "zone": "northeast"}]}}
    answer = client.post("/v1/check", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "profile.employment[0].zone"
