"""Hand-written strategies for the body of POST /v2/bookings (cal-api-version 2024-08-13).

The body is one of three shapes (a booking, an instant booking, a recurring booking) that share most
fields and are told apart by `instant` and `recurrenceCount`; drawn from the schema, almost nothing
names a real event type or lands on a slot, so the generator only ever reaches the first 400 or 404.
These draw bodies that do: the default world's event types, named by id or by slug and owner, and
starts on the half hours of the days after the emulator's clock, with the optional fields around them.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# The default world: Alice's event types (15, 30, 60 minutes, several lengths, seated, needs
# confirmation), a collective and a round-robin team event of acme-sales, and a paid one of Grace.
EVENT_TYPE_IDS = (1, 2, 3, 4, 5, 6, 12, 14, 15)
TEAM_EVENT_TYPE_IDS = (14, 15)
BY_SLUG = (
    {"eventTypeSlug": "30min", "username": "alice"},
    {"eventTypeSlug": "flexible", "username": "alice"},
    {"eventTypeSlug": "demo", "teamSlug": "acme-sales", "organizationSlug": "acme"},
    {"eventTypeSlug": "no-such-event", "username": "alice"},
)
DAYS = ("2026-01-05", "2026-01-06", "2026-01-07", "2026-01-10")  # the clock's Monday, two more, a Saturday
TIME_ZONES = ("Europe/London", "Europe/Rome", "America/New_York", "Asia/Kolkata", "UTC")
LANGUAGES = ("en", "it", "de", "fr", "es")

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
emails = st.builds(
    "{}@{}.example".format,
    st.text("abcdefghijklmnopqrstuvwxyz0123456789.", min_size=1, max_size=12).filter(
        lambda s: not s.startswith(".") and not s.endswith(".") and ".." not in s
    ),
    st.sampled_from(("guest", "mail", "acme")),
)
starts = st.builds(
    lambda day, half_hours, seconds: f"{day}T{half_hours // 2:02d}:{30 * (half_hours % 2):02d}:{seconds:02d}Z",
    st.sampled_from(DAYS),
    st.integers(14, 38),  # 07:00 to 19:00 UTC, inside and around the working hours
    st.sampled_from((0, 0, 0, 15)),
)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


attendees = st.fixed_dictionaries(
    {"name": names, "email": emails, "timeZone": st.sampled_from(TIME_ZONES)},
    optional={
        "language": st.sampled_from(LANGUAGES),
        "phoneNumber": st.sampled_from(("+14155552671", "+442071838750")),
    },
)
metadata = st.dictionaries(
    st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=40), st.text(max_size=60), max_size=4
)
optional_fields: dict[str, st.SearchStrategy[Any]] = {
    "guests": st.lists(emails, max_size=2),
    "lengthInMinutes": st.sampled_from((15, 30, 45, 60, 90)),
    "metadata": metadata,
    "location": st.sampled_from(("https://meet.example/room", "Office, 1 Main Street")),
    "bookingFieldsResponses": st.fixed_dictionaries({}, optional={"notes": st.text(max_size=80)}),
}


def _body(event: dict[str, Any], start: str, attendee: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    return {**event, "start": start, "attendee": attendee, **extra}


by_id = st.sampled_from(EVENT_TYPE_IDS).map(lambda i: {"eventTypeId": i})
events = st.one_of(by_id, st.sampled_from(BY_SLUG))
common = st.fixed_dictionaries({}, optional=optional_fields)

regular = st.builds(_body, events, starts, attendees, common)
instant = st.builds(
    _body,
    st.sampled_from(TEAM_EVENT_TYPE_IDS).map(lambda i: {"eventTypeId": i, "instant": True}),
    starts,
    attendees,
    common,
)
recurring = st.builds(lambda body, count: {**body, "recurrenceCount": count}, regular, st.integers(1, 6))
create_booking_bodies = st.one_of(regular, instant, recurring)
