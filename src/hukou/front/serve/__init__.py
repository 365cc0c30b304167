"""``hukou serve``: the engine over HTTP (a versioned JSON API) and a caseworker's page.

Imported only by the ``serve`` command and the tests: ``hukou check`` never pays for FastAPI.

Example:
    >>> from hukou.front.serve import create_app
    >>> create_app().title
    'hukou'
"""

from hukou.front.serve.app import create_app

__all__ = ["create_app"]
