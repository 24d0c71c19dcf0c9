"""Path values that name real records of the default world, so generated requests reach handlers
and not only the 404 of an unknown id. Read from GET /_emulator/state, as the world is built."""

from __future__ import annotations

from typing import Any

# v1's `{id}` names a record of the table its first path segment is about.
V1_ID_TABLES = {
    "bookings": "bookings",
    "event-types": "event_types",
    "users": "users",
    "teams": "teams",
    "schedules": "schedules",
    "webhooks": "webhooks",
    "hooks": "webhooks",
    "memberships": "memberships",
    "destination-calendars": "destination_calendars",
    "selected-calendars": "selected_calendars",
    "booking-references": "booking_references",
    "attendees": "attendees",
}


def _first(rows: list[dict[str, Any]], column: str, **where: Any) -> Any:
    for row in rows:
        if all(row.get(key) == value for key, value in where.items()):
            return row.get(column)
    return None


def known_values(state: dict[str, Any], user_id: int) -> dict[str, Any]:
    """Path parameter name -> a value naming a record the user reaches (None where the world has none)."""
    tables: dict[str, list[dict[str, Any]]] = {name: list(rows) for name, rows in state["tables"].items()}

    def rows(name: str) -> list[dict[str, Any]]:
        return tables.get(name) or []

    org = _first(rows("teams"), "id", is_organization=True)
    booking_uid = _first(rows("bookings"), "uid", user_id=user_id)
    values = {
        "orgId": org,
        "teamId": _first(rows("teams"), "id", parent_id=org),
        "userId": user_id,
        "username": _first(rows("users"), "username", id=user_id),
        "eventTypeId": _first(rows("event_types"), "id", owner_id=user_id),
        "eventSlug": _first(rows("event_types"), "slug", owner_id=user_id),
        "bookingUid": booking_uid,
        "uid": booking_uid,
        "scheduleId": _first(rows("schedules"), "id", user_id=user_id),
        "webhookId": _first(rows("webhooks"), "id", user_id=user_id),
        "clientId": _first(rows("oauth_clients"), "id", organization_id=org),
        "membershipId": _first(rows("memberships"), "id", user_id=user_id),
        "oooId": _first(rows("out_of_office"), "id"),
        "attributeId": _first(rows("attributes"), "id"),
    }
    return {name: value for name, value in values.items() if value is not None}


def path_values(
    known: dict[str, Any], state: dict[str, Any], api: str, path: str, parameters: dict[str, str]
) -> dict[str, Any]:
    """Values for the operation's path parameters (name -> schema type) that the world can name."""
    chosen: dict[str, Any] = {}
    for name, kind in parameters.items():
        value = known.get(name)
        if api == "v1" and name == "id":
            table = V1_ID_TABLES.get(path.strip("/").split("/")[0])
            found = (state["tables"].get(table) or [{}])[0] if table else {}
            value = found.get("id")
        if value is None:
            continue
        if kind == "string":
            chosen[name] = str(value)
        elif kind in ("integer", "number") and isinstance(value, int):
            chosen[name] = value
    return chosen
