"""ApiError, the one way a stage or handler reports failure, and its rendering per API version.

v2 errors use the server's standard envelope ``{status, timestamp, path, error{code, message,
details}}`` or, for core booking errors, the bare Nest shape ``{statusCode, message}``. v1 errors are
``{"message": ...}`` or ``{"error": ...}`` depending on where the real server raises them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from emulator import wire
from emulator.world.clock import Clock, iso_ms

# The exception class names Nest puts in error.code for each status.
NEST_CODES = {
    400: "BadRequestException",
    401: "UnauthorizedException",
    402: "PaymentRequiredException",
    403: "ForbiddenException",
    404: "NotFoundException",
    405: "MethodNotAllowedException",
    409: "ConflictException",
    410: "GoneException",
    413: "PayloadTooLargeException",
    415: "UnsupportedMediaTypeException",
    422: "UnprocessableEntityException",
    429: "ThrottlerException",
    498: "TokenExpiredException",
    500: "InternalServerErrorException",
    501: "NotImplementedException",
    502: "BadGatewayException",
    503: "ServiceUnavailableException",
    504: "GatewayTimeoutException",
}


def reason_phrase(status: int) -> str:
    if status == 498:
        return "Token Expired"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


@dataclass
class ApiError(Exception):
    status: int
    message: str
    code: str | None = None  # v2 error.code; defaults to the Nest exception name for the status
    details: Any = None  # v2 error.details; defaults to Nest's {message, error, statusCode}
    bare: bool = False  # v2: the bare {statusCode, message} shape instead of the envelope
    v1_key: str = "message"  # v1: "message" or "error"
    problems: list[dict[str, Any]] = field(default_factory=list)  # validation problems, both versions
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message)


def _v2_body(error: ApiError, path: str, clock: Clock) -> dict[str, Any]:
    if error.bare:
        return {"statusCode": error.status, "message": error.message}
    details = error.details
    if details is None:
        details = {"message": error.message, "error": reason_phrase(error.status), "statusCode": error.status}
        if error.problems:
            details["message"] = [
                f"{p['location']}: {p['message']}" if p["location"] else p["message"] for p in error.problems
            ]
            details["errors"] = error.problems
    return {
        "status": "error",
        "timestamp": iso_ms(clock.now()),
        "path": path,
        "error": {
            "code": error.code or NEST_CODES.get(error.status, "HttpException"),
            "message": error.message,
            "details": details,
        },
    }


def _v1_body(error: ApiError) -> dict[str, Any]:
    body: dict[str, Any] = {error.v1_key: error.message}
    if error.problems:
        body["errors"] = error.problems
    return body


def render(error: ApiError, api: str, path: str, clock: Clock) -> dict[str, Any]:
    """The JSON body of an error in the called version's shape. `path` includes the query string."""
    return _v2_body(error, path, clock) if api == "v2" else _v1_body(error)


def error_headers(error: ApiError, request_id: str | None) -> dict[str, str]:
    headers = dict(error.headers)
    headers.setdefault("X-Request-Id", request_id or "unknown-request-id")
    return headers


def dumps(body: Any) -> bytes:
    # default=str (in wire.dumps): an error body must always serialise, whatever a problem's value holds.
    return wire.dumps(body)
