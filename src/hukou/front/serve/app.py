"""The application: the API, the caseworker's page and its assets, and the guards around them.

Privacy: profiles are personal information. Nothing here stores or logs a request body; every
answer says ``Cache-Control: no-store``; bodies over :data:`MAX_BODY` bytes are refused unread.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from hukou.errors import HukouError
from hukou.front.serve.api import RequestProblem, listing, problem_of, router
from hukou.front.serve.contract import ErrorAnswer, Problem
from hukou.front.serve.documents import cited_documents
from hukou.front.serve.openapi import openapi_document
from hukou.rulebook import Rulebook, load_rulebook
from hukou.yamlio import dotted

MAX_BODY = 512 * 1024  # twenty profiles are a few dozen KB
PAGE = Path(__file__).parent / "page"
_log = logging.getLogger("hukou.front.serve")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Every answer: not kept by a browser or proxy, not sniffed, no referrer sent on; the page loads
# only what this server serves (it works with no network).
_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    ),
]


def create_app(rulebook: Rulebook | None = None) -> FastAPI:
    """The ASGI application over a rulebook (by default the project's, loaded once).

    Example:
        >>> create_app().openapi()["info"]["title"]
        'hukou'
    """
    rulebook = rulebook or load_rulebook()
    app = FastAPI(
        title="hukou",
        version="1",
        description=(
            "Chinese household-registration (户籍) settlement (落户) rules as code. Answers are the "
            "structures `hukou check|compare --format json` print; bad input gets 422 with the field "
            "and the CLI's words. Nothing is stored or logged."
        ),
        openapi_url="/v1/openapi.json",
        docs_url=None,  # FastAPI's viewers load their scripts from the internet
        redoc_url=None,
    )
    app.state.rulebook = rulebook
    app.state.jurisdictions = listing(rulebook)
    app.state.documents = cache(lambda: cited_documents(rulebook))
    app.include_router(router)
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    _add_errors(app)
    _add_page(app)
    guarded = _limit_body(app.build_middleware_stack, MAX_BODY)
    app.build_middleware_stack = guarded  # type: ignore[method-assign]
    return app


def _error(status: int, problem: Problem) -> JSONResponse:
    return JSONResponse(ErrorAnswer(error=problem).model_dump(mode="json"), status_code=status)


def _add_errors(app: FastAPI) -> None:
    async def bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestProblem)
        return _error(exc.status, exc.problem)

    async def invalid(request: Request, exc: Exception) -> Response:
        """FastAPI's own validation (the parse body, path parameters), in the CLI's words."""
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0]
        loc = tuple(p for p in first.get("loc", ()) if p not in ("body", "path", "query"))
        message = str(first.get("msg", "not valid")).removeprefix("Value error, ")
        if first.get("type") == "missing":
            message = "required field is missing"
        elif first.get("type") == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}" if loc else "unknown field"
        elif first.get("type") == "json_invalid":
            message = "not well-formed JSON"
        field = dotted(loc) or None
        return _error(422, Problem(message=str(HukouError(message, field=field)), field=field))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        words = {404: "no such page or endpoint", 405: "method not allowed here"}
        problem = Problem(message=f"{words.get(exc.status_code, exc.detail)}: {request.url.path}")
        response = _error(exc.status_code, problem)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def crashed(request: Request, exc: Exception) -> Response:
        # The traceback goes to the server's log (not the body that caused it); the client gets one line.
        _log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        message = f"internal error ({type(exc).__name__}): a bug in hukou, not in your input; please report it"
        return _error(500, Problem(message=message))

    app.add_exception_handler(RequestProblem, bad_request)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(HukouError, lambda r, e: bad_request(r, RequestProblem(problem_of(e))))
    app.add_exception_handler(_TooLarge, lambda r, e: _error(413, _too_large_problem()))
    app.add_exception_handler(Exception, crashed)


def _add_page(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(PAGE / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=PAGE / "static"), name="static")


class _TooLarge(Exception):
    pass


def _limit_body(build: Callable[[], ASGIApp], limit: int) -> Callable[[], ASGIApp]:
    """Wrap the whole application (error handlers included): bodies over ``limit`` bytes get 413
    before they are read, and every answer gets the privacy headers."""

    def built() -> ASGIApp:
        inner = build()

        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await inner(scope, receive, send)
                return

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), *_HEADERS]
                await send(message)

            declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
            if not declared.isdigit() or int(declared) > limit:
                await _too_large(send_with_headers)
                return
            received = 0

            async def counted() -> Message:
                nonlocal received
                message = await receive()
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
                return message

            # A body that grows past the limit while read (no or a false length) raises _TooLarge
            # in the endpoint, answered with 413 by its exception handler.
            await inner(scope, counted, send_with_headers)

        return guarded

    return built


def _too_large_problem() -> Problem:
    return Problem(message=f"the request is over {MAX_BODY // 1024} KB; a profile is a few KB")


async def _too_large(send: Send) -> None:
    body = ErrorAnswer(error=_too_large_problem()).model_dump_json().encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
