"""The v1 team and membership rows (schemaTeamReadPublic, schemaMembershipPublic) both v1 team
modules answer with."""

from __future__ import annotations

from typing import Any

from emulator.domain import teams
from emulator.world.clock import iso_ms
from emulator.world.models import Membership, Team
from emulator.world.store import World


def team_v1(team: Team) -> dict[str, Any]:
    """schemaTeamReadPublic: the whole team row; columns the emulator does not model are their defaults."""
    return {
        "id": team.id,
        "name": team.name,
        "slug": team.slug,
        "logoUrl": team.logo_url,
        "calVideoLogo": team.cal_video_logo,
        "appLogo": team.app_logo,
        "appIconLogo": team.app_icon_logo,
        "bio": team.bio,
        "hideBranding": team.hide_branding,
        "hideTeamProfileLink": False,
        "isPrivate": team.is_private,
        "hideBookATeamMember": team.hide_book_a_team_member,
        "createdAt": iso_ms(team.created_at) if team.created_at else "1970-01-01T00:00:00.000Z",
        "metadata": team.metadata,
        "theme": team.theme,
        "rrResetInterval": "MONTH",
        "rrTimestampBasis": "CREATED_AT",
        "brandColor": team.brand_color,
        "darkBrandColor": team.dark_brand_color,
        "bannerUrl": team.banner_url,
        "parentId": team.parent_id,
        "timeFormat": team.time_format,
        "timeZone": team.time_zone,
        "weekStart": team.week_start,
        "isOrganization": team.is_organization,
        "pendingPayment": False,
        "isPlatform": team.is_platform,
        "createdByOAuthClientId": None,
        "smsLockState": "UNLOCKED",
        "smsLockReviewedByAdmin": False,
        "bookingLimits": team.booking_limits,
        "includeManagedEventsInLimits": team.include_managed_events_in_limits,
    }


def membership_v1(world: World, member: Membership, *, with_team: bool = False) -> dict[str, Any]:
    """schemaMembershipPublic: the membership row (no timestamps kept here: null)."""
    out: dict[str, Any] = {
        "id": member.id,
        "teamId": member.team_id,
        "userId": member.user_id,
        "accepted": member.accepted,
        "role": member.role,
        "customRoleId": None,
        "disableImpersonation": member.disable_impersonation,
        "createdAt": None,
        "updatedAt": None,
    }
    team = teams.find(world, member.team_id)
    if with_team and team is not None:
        out["team"] = team_v1(team)
    return out
