"""The calendars fixture section: what it builds, and its problems at their line and column."""

from __future__ import annotations

from tests.world.fixtures_helpers import errors_of, load

PEOPLE = """
users:
  dave: {email: dave@x.io}
eventTypes:
  dave/30min: {owner: dave, title: Call, length: 30}
"""


def test_a_connection_with_its_calendars_and_events() -> None:
    world = load(
        PEOPLE
        + """
calendars:
  dave-google:
    user: dave
    calendars:
      - externalId: dave@gmail.example
        destination: true
        events: [{start: "2026-01-06T10:00:00Z", end: "2026-01-06T11:00:00Z", weekly: true}]
      - {externalId: side@gmail.example, selectedFor: [dave/30min]}
"""
    )
    [credential] = world.all("credentials")
    assert (credential.type, credential.app_id, credential.account_email) == (
        "google_calendar",
        "google-calendar",
        "dave@x.io",
    )
    calendars = sorted(world.all("provider_calendars"), key=lambda c: c.id)
    assert [(c.external_id, c.primary) for c in calendars] == [
        ("dave@gmail.example", True),
        ("side@gmail.example", False),
    ]
    selected = sorted((s.external_id, s.event_type_id is not None) for s in world.all("selected_calendars"))
    assert selected == [("dave@gmail.example", False), ("side@gmail.example", True)]
    [destination] = world.all("destination_calendars")
    assert destination.external_id == "dave@gmail.example" and destination.credential_id == credential.id
    [event] = world.all("external_events")
    assert event.weekly and len(event.id) == 26
    assert [e.id for e in load(PEOPLE + "calendars: {g: {user: dave}}").all("credentials")] == [1]


def test_problems_are_pinned_to_their_place() -> None:
    errors = errors_of(
        PEOPLE
        + """
calendars:
  one:
    user: dave
    calendars:
      - {externalId: a@x.io, destination: true}
      - {externalId: a@x.io}
      - {externalId: b@x.io, primary: true, selectedFor: [dave/60min]}
      - externalId: c@x.io
        readOnly: true
        events: [{start: "2026-01-06T10:00:00Z", end: "2026-01-06T09:00:00Z"}]
  two:
    user: dave
    calendars: [{externalId: d@x.io, destination: true}]
  three: {user: nobody}
  four: {user: dave, provider: yahoo}
"""
    )
    found = [(e.line, e.column, e.message) for e in errors]
    assert (11, 22, "calendar 'a@x.io' is listed twice in this connection") in found
    assert any(line == 12 and "unknown event type 'dave/60min'" in message for line, _, message in found)
    assert any(
        line == 15 and message.startswith("end 2026-01-06T09:00:00+00:00 is not after start")
        for line, _, message in found
    )
    assert any(
        line == 18 and "has a destination calendar (already at calendars.one.calendars.0)" in m for line, _, m in found
    )
    assert any(line == 19 and "unknown user 'nobody'" in message for line, _, message in found)
    assert any(line == 20 and "yahoo" in message for line, _, message in found)
