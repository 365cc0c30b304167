"""The OpenAPI document: FastAPI's, with the check and compare bodies described field by field.

Those two endpoints read their bodies themselves (so that a bad profile is told in the CLI's
words), so FastAPI cannot see their models; they are added here under the names the paths
refer to.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from hukou.front.serve.contract import CheckRequestDoc, CompareRequestDoc


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """Made once per application, on first request for it."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    _, defs = models_json_schema(
        [(CheckRequestDoc, "validation"), (CompareRequestDoc, "validation")],
        ref_template="#/components/schemas/{model}",
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in defs.get("$defs", {}).items():
        schemas.setdefault(name, schema)
    app.openapi_schema = document
    return document
