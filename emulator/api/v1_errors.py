"""How the v1 API words a refused request: a ZodError as defaultResponder answers it (with the pieces
the handlers' zod-style checks are made of: the type names zod reports, unknown keys, the e-mail
schema), and the redacted Prisma error the v1 server answers for a failed query.
"""

from __future__ import annotations

import re
from typing import Any

from emulator.pipeline.errors import ApiError
from emulator.pipeline.handler_messages import js_type

__all__ = ["EMAIL", "PRISMA_REDACTED", "js_type", "unrecognized", "zod_error"]

PRISMA_REDACTED = "An error occurred while querying the database."
# packages/lib/emailSchema.ts
EMAIL = re.compile(r"^(?!\.)(?!.*\.\.)([A-Z0-9_+\-.']*)[A-Z0-9_+'-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$", re.IGNORECASE)


def zod_error(issues: list[str]) -> ApiError:
    """A ZodError as defaultResponder answers it: 400, the issues joined by '; '."""
    return ApiError(400, "; ".join(issues))


def unrecognized(body: dict[str, Any], allowed: tuple[str, ...]) -> str | None:
    extra = [k for k in body if k not in allowed]
    return "Unrecognized key(s) in object: " + ", ".join(f"'{k}'" for k in extra) if extra else None
