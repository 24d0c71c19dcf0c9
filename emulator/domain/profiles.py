"""Changing a user's own profile fields, shared by PATCH /v2/me and the managed-user update.

Both controllers hand the same UpdateManagedUserInput to users.repository.ts ``update``: each field
sent replaces the column of the same meaning; fields not sent stay. Callers decide what the e-mail
becomes (a managed user's carries its client id) and whether the username follows it.
"""

from __future__ import annotations

from typing import Any

from emulator.domain.records import update_record
from emulator.world.models import User
from emulator.world.store import World

# UpdateManagedUserInput field -> User attribute.
PROFILE_FIELDS = {
    "email": "email",
    "name": "name",
    "timeFormat": "time_format",
    "defaultScheduleId": "default_schedule_id",
    "weekStart": "week_start",
    "timeZone": "time_zone",
    "locale": "locale",
    "avatarUrl": "avatar_url",
    "bio": "bio",
    "metadata": "metadata",
}


def profile_changes(body: dict[str, Any]) -> dict[str, Any]:
    """The User attribute changes an UpdateManagedUserInput body asks for."""
    return {attr: body[key] for key, attr in PROFILE_FIELDS.items() if key in body}


def update_profile(world: World, user: User, body: dict[str, Any], **overrides: Any) -> User:
    """Apply the body's profile fields to the user; ``overrides`` (attribute=value) win over the body."""
    return update_record(world, "users", user, {**profile_changes(body), **overrides})
