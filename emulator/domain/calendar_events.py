"""Events in provider calendars: the one a booking writes into its destination calendar (and takes
away when the booking is cancelled or moved), events added by a test, and the unified calendar
event operations that read and change them.

Read from packages/features/bookings/lib/EventManager.ts (a confirmed booking is written into the
event type's destination calendar, else the organizer's; the provider's event id becomes a booking
reference of the calendar's type), apps/api/v2/src/modules/cal-unified-calendars/services/
google-calendar.service.ts and its output pipe. A destination calendar whose provider refuses (or a
read-only one) gets no event: Cal.com logs the failure and keeps the booking.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from emulator.domain import calendars as cals
from emulator.domain.errors import DomainError
from emulator.world.clock import iso_ms
from emulator.world.models import Booking, BookingReference, DestinationCalendar
from emulator.world.records_calendars import Credential, ExternalEvent, ProviderCalendar, event_id
from emulator.world.store import World

JSON = dict[str, Any]
REFERENCE_MISSING = "Booking reference not found"
READ_FAILED = "Failed to retrieve meeting details"
UPDATE_FAILED = "Failed to update meeting details"


def new_event(world: World, calendar: ProviderCalendar, start: datetime, end: datetime, **fields: Any) -> ExternalEvent:
    """Add an event to a provider calendar (its id from the world's counter, so runs repeat)."""
    number = world.next_id("external_events")
    event = ExternalEvent(event_id(f"{calendar.id}:{number}"), calendar.id, start, end, **fields)
    inserted: ExternalEvent = world.insert("external_events", event)
    return inserted


# bookings ----------------------------------------------------------------------------------------


def _destination(world: World, booking: Booking) -> DestinationCalendar | None:
    by_event_type: DestinationCalendar | None = None
    for row in world.tables["destination_calendars"].values():
        if booking.event_type_id is not None and row.event_type_id == booking.event_type_id:
            by_event_type = row
    return by_event_type or (cals.user_destination(world, booking.user_id) if booking.user_id else None)


def _writable(world: World, destination: DestinationCalendar) -> tuple[Credential, ProviderCalendar] | None:
    credential: Credential | None = (
        world.find("credentials", destination.credential_id) if destination.credential_id is not None else None
    )
    if credential is None or cals.refusal(world, credential) is not None:
        return None
    for calendar in cals.calendars_of(world, credential.id):
        if calendar.external_id == destination.external_id and not calendar.read_only:
            return credential, calendar
    return None


def write_booking_event(world: World, booking: Booking) -> None:
    """An accepted booking's event in its destination calendar, and the reference that points at it."""
    if booking.status != "ACCEPTED" or booking.user_id is None:
        return
    destination = _destination(world, booking)
    found = _writable(world, destination) if destination is not None else None
    if found is None:
        return
    credential, calendar = found
    attendees = tuple({"email": a.email, "name": a.name, "responseStatus": "needsAction"} for a in booking.attendees)
    event = ExternalEvent(
        event_id(f"booking:{booking.uid}"),
        calendar.id,
        booking.start,
        booking.end,
        title=booking.title,
        description=booking.description,
        booking_uid=booking.uid,
        attendees=attendees,
    )
    if world.find("external_events", event.id) is not None:
        return
    world.insert("external_events", event)
    world.insert(
        "booking_references",
        BookingReference(
            world.next_id("booking_references"),
            booking.id,
            credential.type,
            event.id,
            meeting_id=event.id,
            external_calendar_id=calendar.external_id,
            credential_id=credential.id,
        ),
    )


def remove_booking_events(world: World, booking_uid: str) -> None:
    """A cancelled or moved booking's events leave the provider calendars."""
    for event in world.where("external_events", lambda e: e.booking_uid == booking_uid):
        world.delete("external_events", event.id)


# the unified calendar API ------------------------------------------------------------------------


def _reference_event(world: World, uid: str, caller_id: int) -> tuple[BookingReference, ExternalEvent | None]:
    """The Google event a booking reference names, for the booking's organizer only (another caller
    gets the same 404 as an unknown uid, so references do not leak)."""
    for reference in world.tables["booking_references"].values():
        if reference.uid != uid or reference.type != "google_calendar":
            continue
        booking: Booking | None = world.find("bookings", reference.booking_id)
        if booking is None or booking.user_id != caller_id:
            break
        credential: Credential | None = (
            world.find("credentials", reference.credential_id) if reference.credential_id is not None else None
        )
        if credential is None or cals.refusal(world, credential) is not None:
            return reference, None
        event: ExternalEvent | None = world.find("external_events", uid)
        return reference, event
    raise DomainError(404, REFERENCE_MISSING)


def _when(moment: datetime, zone: str) -> JSON:
    return {"time": iso_ms(moment), "timeZone": zone}


def unified_output(world: World, event: ExternalEvent) -> JSON:
    """UnifiedCalendarEventOutput of a Google event (GetCalendarEventDetailsOutputPipe)."""
    calendar: ProviderCalendar | None = world.find("provider_calendars", event.calendar_id)
    credential: Credential | None = world.find("credentials", calendar.credential_id) if calendar else None
    owner = (calendar.email if calendar and calendar.email else None) or (
        credential.account_email if credential else ""
    )
    return {
        "start": _when(event.start, event.time_zone),
        "end": _when(event.end, event.time_zone),
        "id": event.id,
        "title": event.title,
        "description": event.description,
        "locations": [],
        "attendees": [dict(a) for a in event.attendees],
        "status": event.status,
        "hosts": [{"email": owner, "name": None, "responseStatus": "accepted"}],
        "calendarEventOwner": {"email": owner, "name": None},
        "source": "google",
    }


def get_unified(world: World, uid: str, caller_id: int) -> JSON:
    _, event = _reference_event(world, uid, caller_id)
    if event is None:
        raise DomainError(404, READ_FAILED)
    return unified_output(world, event)


def _instant(part: Any, fallback: datetime) -> datetime:
    if not isinstance(part, dict) or not isinstance(part.get("time"), str):
        return fallback
    try:
        moment = datetime.fromisoformat(part["time"].replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(404, UPDATE_FAILED) from None  # Google refuses it; the service says 404
    if moment.tzinfo is None:
        raise DomainError(404, UPDATE_FAILED)
    return moment


def update_unified(world: World, uid: str, caller_id: int, body: JSON) -> JSON:
    """PATCH the Google event: only the fields sent change; ``attendees`` replaces the whole list."""
    _, event = _reference_event(world, uid, caller_id)
    if event is None:
        raise DomainError(404, UPDATE_FAILED)
    start, end = _instant(body.get("start"), event.start), _instant(body.get("end"), event.end)
    if end <= start:
        raise DomainError(404, UPDATE_FAILED)
    changes: JSON = {"start": start, "end": end}
    zone = (body.get("start") or {}).get("timeZone") if isinstance(body.get("start"), dict) else None
    if isinstance(zone, str) and zone:
        changes["time_zone"] = zone
    if isinstance(body.get("title"), str):
        changes["title"] = body["title"]
    if "description" in body:
        changes["description"] = body["description"]
    if isinstance(body.get("status"), str):
        changes["status"] = body["status"]
    if isinstance(body.get("attendees"), list):
        changes["attendees"] = tuple(
            {k: v for k, v in a.items() if v is not None}
            for a in body["attendees"]
            if isinstance(a, dict) and isinstance(a.get("email"), str)  # Google drops attendees without one
        )
    updated: ExternalEvent = replace(event, **changes)
    world.update("external_events", event.id, **changes)
    return unified_output(world, updated)
