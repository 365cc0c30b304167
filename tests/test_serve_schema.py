"""A property-based run of the API's own OpenAPI document (schemathesis): whatever a client sends
that the document allows, or nearly allows, no answer is a server error and every answer fits the
document. Bounded: a few dozen requests per operation, seconds in all."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="hukou serve needs the serve extra: pip install 'hukou-rules[serve]'")
schemathesis = pytest.importorskip("schemathesis", reason="the property-based API run needs schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

from hukou.front.serve import create_app  # noqa: E402

schema = schemathesis.openapi.from_asgi("/v1/openapi.json", create_app())


# Law: for every request the OpenAPI document describes (profiles, places, days, texts generated
# from its schemas), the server answers without a 5xx and with a body the document describes
# (a report, or the error answer with the field and the CLI's words).
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_breaks_the_server_or_the_contract(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
