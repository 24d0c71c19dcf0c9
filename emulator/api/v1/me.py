"""/v1/me: the API key owner's public user fields (pages/api/me)."""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.pipeline.context import Reply, RequestContext
from emulator.world.clock import iso_ms
from emulator.world.models import User


def user_v1(user: User) -> dict[str, Any]:
    """schemaUserReadPublic: the public columns of a user row."""
    return {
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "emailVerified": iso_ms(user.email_verified) if user.email_verified else None,
        "bio": user.bio,
        "timeZone": user.time_zone,
        "weekStart": user.week_start,
        "endTime": 1440,
        "bufferTime": 0,
        "appTheme": None,
        "theme": user.theme,
        "defaultScheduleId": user.default_schedule_id,
        "locale": user.locale,
        "timeFormat": user.time_format,
        "hideBranding": False,
        "brandColor": user.brand_color,
        "darkBrandColor": user.dark_brand_color,
        "allowDynamicBooking": True,
        "createdDate": iso_ms(user.created_date) if user.created_date else "1970-01-01T00:00:00.000Z",
        "verified": False,
        "invitedTo": None,
        "role": user.role,
    }


@handles("getMe")
def get_me(ctx: RequestContext) -> Reply:
    return Reply(200, {"user": user_v1(acting_user(ctx))})
