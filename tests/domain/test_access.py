"""access.yaml: complete for the served operations, and right on facts checked by hand in the Cal.com source."""

from __future__ import annotations

import pytest

from emulator.domain.access import (
    PLATFORM_PLAN_ORDER,
    ROLE_ORDER,
    Access,
    has_permissions,
    load_access,
    load_guards,
    load_messages,
    plan_at_least,
    role_at_least,
    source_commit,
)
from emulator.specs.loader import SpecSet, load_specs

NO_AUTH = (
    "ApiAuthStrategy - No authentication method provided. Either pass an API key as 'Bearer' header or OAuth "
    "client credentials as 'x-cal-secret-key' and 'x-cal-client-id' headers"
)
ONLY_CLIENT_ID = (
    "ApiAuthStrategy - Only 'x-cal-client-id' header provided. Please also provide 'x-cal-secret-key' header or "
    "Auth bearer token as 'Authentication' header"
)
PERMISSIONS_NO_AUTH = (
    "PermissionsGuard - no authentication provided. Provide either authorization bearer token containing managed "
    "user access token or oAuth client id in 'x-cal-client-id' header."
)


@pytest.fixture(scope="module")
def specs() -> SpecSet:
    return load_specs()


@pytest.fixture(scope="module")
def access() -> dict[str, Access]:
    return load_access()


def find(access: dict[str, Access], document: str, method: str, path: str, version: str | None = None) -> Access:
    """The entry for a route; ``version`` picks the 2024-08-13/09-04 controllers apart from the legacy ones."""
    hits = [a for a in access.values() if (a.document, a.method, a.path) == (document, method, path)]
    if version:
        hits = [a for a in hits if version.replace("-", "_") in a.operation_id]
    assert len(hits) == 1, [a.operation_id for a in hits]
    return hits[0]


# --- completeness ----------------------------------------------------------------------------------


def test_every_served_operation_has_an_entry_and_no_entry_is_unknown(specs: SpecSet, access: dict[str, Access]) -> None:
    served = {op.operation_id for op in specs.operations}
    assert served - access.keys() == set()
    assert access.keys() - served == set()


def test_entries_agree_with_the_specs_on_method_path_and_document(specs: SpecSet, access: dict[str, Access]) -> None:
    for op in specs.operations:
        entry = access[op.operation_id]
        assert (entry.document, entry.method, entry.path) == (op.document, op.method, op.path), op.operation_id


def test_legacy_and_added_entries_point_at_the_source_the_spec_names(specs: SpecSet, access: dict[str, Access]) -> None:
    for op in specs.operations:
        source = op.extensions.get("x-calcom-source")
        if source:
            assert source in (access[op.operation_id].source, access[op.operation_id].handler), op.operation_id


def test_v2_entries_name_the_controller_method_their_operation_id_encodes(access: dict[str, Access]) -> None:
    for entry in access.values():
        if entry.document == "v1":
            assert entry.source.startswith("apps/api/v1/pages/api/")
            continue
        assert entry.source.startswith("apps/api/v2/src/") and entry.source.endswith(".ts")
        assert entry.handler is not None
        assert entry.operation_id == entry.handler.replace(".", "_")


def test_required_entries_say_what_anonymous_callers_get(access: dict[str, Access]) -> None:
    for entry in access.values():
        if entry.auth == "required":
            assert entry.anonymous is not None and entry.anonymous.status in (401, 403), entry.operation_id
            assert entry.credentials, entry.operation_id
        else:
            assert entry.anonymous is None, entry.operation_id


def test_the_guard_catalogue_covers_every_guard_named(access: dict[str, Access]) -> None:
    guards = load_guards()
    for entry in access.values():
        for name in entry.guards:
            base = "Or" if name.startswith("Or(") else name
            assert base in guards, (entry.operation_id, name)
            if base == "Or":
                assert all(part in guards for part in name[3:-1].split("|"))


def test_data_comes_from_the_commit_the_reference_uses() -> None:
    assert source_commit().startswith("52a5afe")


# --- orderings --------------------------------------------------------------------------------------


def test_role_and_plan_orderings() -> None:
    assert ROLE_ORDER == ("MEMBER", "ADMIN", "OWNER")
    assert role_at_least("OWNER", "ADMIN") and role_at_least("ORG_ADMIN", "ORG_ADMIN")
    assert not role_at_least("TEAM_MEMBER", "TEAM_ADMIN")
    assert PLATFORM_PLAN_ORDER == ("FREE", "STARTER", "ESSENTIALS", "SCALE", "PER_ACTIVE_USER", "ENTERPRISE")
    assert plan_at_least("SCALE", "ESSENTIALS") and plan_at_least("PER_ACTIVE_USER", "SCALE")
    assert not plan_at_least("STARTER", "ESSENTIALS")
    with pytest.raises(ValueError):
        plan_at_least("GOLD", "FREE")


def test_permission_bits() -> None:
    assert has_permissions(4 | 8, ("BOOKING_READ", "BOOKING_WRITE"))
    assert not has_permissions(4, ("BOOKING_READ", "BOOKING_WRITE"))
    assert has_permissions(0, ())


# --- facts checked by hand in the source --------------------------------------------------------------


def test_me_needs_auth_and_anonymous_gets_the_strategy_401(access: dict[str, Access]) -> None:
    me = access["MeController_getMe"]
    assert (me.auth, me.guards, me.permissions) == ("required", ("ApiAuthGuard", "PermissionsGuard"), ("PROFILE_READ",))
    assert me.credentials == ("api_key", "access_token", "oauth_client")
    assert me.anonymous is not None
    assert (me.anonymous.status, me.anonymous.code, me.anonymous.message) == (401, "UnauthorizedException", NO_AUTH)
    assert not me.permissions_first
    assert load_messages()["v2_no_auth"].message == NO_AUTH


def test_legacy_bookings_list_runs_the_permissions_guard_first(access: dict[str, Access]) -> None:
    entry = find(access, "legacy", "GET", "/v2/bookings")
    assert entry.guards == ("PermissionsGuard", "ApiAuthGuard")
    assert entry.permissions == ("BOOKING_READ",) and entry.permissions_first
    assert entry.anonymous is not None
    assert (entry.anonymous.status, entry.anonymous.message) == (403, PERMISSIONS_NO_AUTH)


def test_legacy_booking_creation_has_no_auth_guard(access: dict[str, Access]) -> None:
    entry = find(access, "legacy", "POST", "/v2/bookings")
    assert entry.auth == "none" and entry.anonymous is None
    assert any("silently ignored" in note for note in entry.notes)


def test_legacy_schedules_run_auth_first(access: dict[str, Access]) -> None:
    entry = find(access, "legacy", "GET", "/v2/schedules")
    assert entry.guards == ("ApiAuthGuard", "PermissionsGuard")
    assert entry.anonymous is not None and entry.anonymous.status == 401


def test_slots_2024_09_04_are_public_and_reservations_optional(access: dict[str, Access]) -> None:
    assert access["SlotsController_2024_09_04_getAvailableSlots"].auth == "none"
    assert access["SlotsController_2024_09_04_getAvailableSlots"].guards == ()
    reserve = access["SlotsController_2024_09_04_reserveSlot"]
    assert reserve.auth == "optional" and reserve.guards == ("OptionalApiAuthGuard",)
    assert [f.status for f in reserve.ownership] == [401, 403]


def test_booking_creation_2024_08_13_is_optional(access: dict[str, Access]) -> None:
    entry = access["BookingsController_2024_08_13_createBooking"]
    assert entry.auth == "optional" and entry.anonymous is None
    assert entry.guards == ("PermissionsGuard", "OptionalApiAuthGuard")
    assert entry.permissions == ()
    assert entry.credentials == ("api_key", "access_token", "oauth_client")


def test_bookings_2024_08_13_list_and_confirm(access: dict[str, Access]) -> None:
    listing = access["BookingsController_2024_08_13_getBookings"]
    assert listing.guards == ("PermissionsGuard", "ApiAuthGuard") and listing.permissions == ("BOOKING_READ",)
    assert listing.anonymous is not None and listing.anonymous.status == 403
    confirm = access["BookingsController_2024_08_13_confirmBooking"]
    assert confirm.guards == ("PermissionsGuard", "ApiAuthGuard", "BookingUidGuard")
    assert confirm.permissions == ("BOOKING_WRITE",)


def test_managed_users_take_the_client_secret_with_the_path_client_id(access: dict[str, Access]) -> None:
    entry = find(access, "v2", "GET", "/v2/oauth-clients/{clientId}/users")
    assert entry.guards == ("ApiAuthGuard", "OAuthClientGuard", "OrganizationRolesGuard")
    assert "oauth_client_secret" in entry.credentials and "oauth_client" not in entry.credentials
    assert entry.anonymous is not None
    assert (entry.anonymous.status, entry.anonymous.message) == (401, ONLY_CLIENT_ID)
    assert entry.roles is not None
    assert (entry.roles.guard, entry.roles.any_of, entry.roles.min) == (
        "OrganizationRolesGuard",
        ("ADMIN", "OWNER"),
        "ADMIN",
    )
    assert entry.roles.failures[-1].message == "OrganizationRolesGuard - User must have one of the roles: ADMIN, OWNER."
    assert [p.min for p in entry.plan] == ["PLATFORM"]


def test_token_refresh_is_behind_the_auth_guard(access: dict[str, Access]) -> None:
    entry = access["OAuthFlowController_refreshTokens"]
    assert entry.guards == ("ApiAuthGuard",) and "oauth_client_secret" in entry.credentials


def test_org_endpoint_needs_org_admin_an_organization_and_a_plan(access: dict[str, Access]) -> None:
    entry = find(access, "v2", "GET", "/v2/organizations/{orgId}/memberships")
    assert entry.guards == ("ApiAuthGuard", "IsOrgGuard", "RolesGuard", "PlatformPlanGuard", "IsAdminAPIEnabledGuard")
    assert entry.roles is not None
    assert (entry.roles.scope, entry.roles.min, entry.roles.role) == ("org", "ADMIN", "ORG_ADMIN")
    assert entry.roles.system_admin_bypass
    assert entry.roles.failures[-1].message == (
        "RolesGuard - user with id={userId} does not have the minimum required role=ORG_ADMIN within "
        "organization with id={orgId}."
    )
    plans = {p.guard: p for p in entry.plan}
    assert plans["PlatformPlanGuard"].min == "ESSENTIALS"
    assert plans["PlatformPlanGuard"].failures[-1].message == (
        "PlatformPlanGuard - organization with id={orgId} does not have required plan for this operation. "
        "Minimum plan is ESSENTIALS while the organization has {plan}."
    )
    assert plans["IsOrgGuard"].failures[0].message == (
        "IsOrgGuard - provided organization id={orgId} does not represent any existing organization."
    )


def test_team_roles_inside_an_org_let_org_admins_through(access: dict[str, Access]) -> None:
    entry = find(access, "v2", "GET", "/v2/organizations/{orgId}/teams/{teamId}/memberships")
    assert entry.roles is not None
    assert (entry.roles.scope, entry.roles.min, entry.roles.checks) == ("team", "ADMIN", "org+team")
    assert entry.roles.org_admin_bypass
    assert "IsTeamInOrg" in entry.guards


def test_org_users_check_the_org_before_authenticating(access: dict[str, Access]) -> None:
    # Two class-level @UseGuards: Nest applies the lower one first, so IsOrgGuard runs before ApiAuthGuard.
    entry = find(access, "v2", "GET", "/v2/organizations/{orgId}/users")
    assert entry.guards[:2] == ("IsOrgGuard", "ApiAuthGuard")
    assert entry.anonymous is not None and entry.anonymous.after == ("IsOrgGuard",)


def test_team_role_on_an_org_only_route_lets_only_system_admins_through(access: dict[str, Access]) -> None:
    entry = find(access, "v2", "GET", "/v2/organizations/{orgId}/teams/event-types")
    assert entry.roles is not None and entry.roles.effective == "system_admin_only"


def test_public_org_team_event_types_still_check_the_org(access: dict[str, Access]) -> None:
    entry = find(access, "v2", "GET", "/v2/organizations/{orgId}/teams/{teamId}/event-types")
    assert entry.auth == "none"
    assert entry.guards == ("IsOrgGuard", "IsTeamInOrg", "IsAdminAPIEnabledGuard")


def test_webhooks_are_owner_only(access: dict[str, Access]) -> None:
    entry = find(access, "v2", "PATCH", "/v2/webhooks/{webhookId}")
    assert entry.guards == ("ApiAuthGuard", "IsUserWebhookGuard")
    messages = {f.message for f in entry.ownership}
    assert "IsUserWebhookGuard - user with id=({userId}) is not the owner of webhook with id=({webhookId})" in messages


def test_schedule_ownership_comes_from_the_service(access: dict[str, Access]) -> None:
    entry = access["SchedulesController_2024_06_11_getSchedule"]
    assert (403, "User with ID={userId} does not own schedule with ID={scheduleId}") in {
        (f.status, f.message) for f in entry.ownership
    }


def test_calendar_connect_refuses_oauth_client_credentials(access: dict[str, Access]) -> None:
    entry = find(access, "v2", "GET", "/v2/calendars/{calendar}/connect")
    assert entry.credentials == ("api_key", "access_token")


def test_v1_needs_the_api_key_query_parameter(access: dict[str, Access]) -> None:
    v1 = [a for a in access.values() if a.document == "v1"]
    assert len(v1) >= 70
    for entry in v1:
        assert entry.credentials == ("api_key",) and entry.auth == "required"
        assert entry.anonymous is not None
        assert (entry.anonymous.status, entry.anonymous.key, entry.anonymous.message) == (
            401,
            "message",
            "No apiKey provided",
        )
    assert access["getBookingById"].guards == ("verifyApiKey", "rateLimitApiKey", "authMiddleware")
    assert access["getMe"].source == "apps/api/v1/pages/api/me/_get.ts"
    add_user = access["addUser"]
    assert add_user.roles is not None and add_user.roles.scope == "system"
    assert add_user.roles.failures[0].message == "You are not authorized"
