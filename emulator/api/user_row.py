"""A user row's public columns, as Cal.com's readers expose them (v1 schemaUserReadPublic, v2's
organization users). The columns the emulator does not model answer their database defaults."""

from __future__ import annotations

from typing import Any

from emulator.world.clock import iso_ms
from emulator.world.models import User


def public_columns(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "emailVerified": iso_ms(user.email_verified) if user.email_verified else None,
        "bio": user.bio,
        "timeZone": user.time_zone,
        "weekStart": user.week_start,
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
    }
