"""The API's tRPC exception filter (apps/api/v2/src/filters/trpc-exception.filter.ts): the shared web-app
code the atoms routes call throws TRPCErrors, which the v2 API answers with a status and a fixed text
per code, whatever message the error carried."""

from __future__ import annotations

from emulator.pipeline.errors import ApiError

FILTERED = {
    "BAD_REQUEST": (400, "Bad request: Please check your request data and try again"),
    "UNAUTHORIZED": (401, "You are not authorized to access this resource"),
    "FORBIDDEN": (403, "You don't have necessary permissions to access this resource"),
    "NOT_FOUND": (404, "The requested resource was not found"),
}


def trpc_error(code: str) -> ApiError:
    status, text = FILTERED[code]
    return ApiError(status, text, code="TRPCError")
