"""DomainError: how Cal.com's rules refuse a request, without knowing about HTTP.

The domain raises it with the status and message the real server answers; the request pipeline
(emulator/pipeline/chain.py) renders it in the called API version's error shape, so the rules can be
read and tested as plain functions.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal. ``bare`` errors come from Cal.com's booking core (HttpError: ``{statusCode, message}``);
    the others from the v2 services (Nest's envelope, ``code`` overriding the exception name, e.g.
    TRPCError)."""

    def __init__(self, status: int, message: str, *, bare: bool = False, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.bare = bare
        self.code = code
