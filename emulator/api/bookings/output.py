"""Bookings as the 2024-08-13 controller writes them (apps/api/v2/src/ee/bookings/2024-08-13/services/
output.service.ts), shared by every booking operation.

Four shapes, picked as getBooking picks them: a recurring occurrence (it has a recurringEventId) or
not, a seated event type or not.

- Regular: the booking with ``hosts`` (its organizer), ``attendees``, ``guests`` and
  ``bookingFieldsResponses`` from the booking form answers, ``metadata`` without the video link.
- Recurring: the same plus ``recurringBookingUid``, without ``rescheduledToUid``/``rescheduledByEmail``.
- Seated: no booking-level answers, guests or metadata; each attendee carries its ``seatUid``, its own
  answers (without the e-mail) and metadata, and is shown only to the event type's owner, hosts and
  admins unless the event type shows attendees. The seat just taken adds ``seatUid`` on create.

Nulls where the database has them, as the server sends them (description, location, rating, ...);
``cancellationReason``/``cancelledByEmail`` only on cancelled bookings. Times are UTC with
milliseconds and ``Z``.
"""

from __future__ import annotations

import urllib.parse
from datetime import UTC, datetime
from typing import Any

from emulator.domain import booking_access, booking_records, booking_rules
from emulator.domain.booking_records import event_type_of, rescheduled_to
from emulator.world.clock import iso_ms
from emulator.world.models import Attendee, Booking, BookingReference, EventType, User
from emulator.world.store import World

UNKNOWN_HOST = {"id": "unknown", "name": "unknown", "email": "unknown", "username": "unknown"}


def host(world: World, user_id: int | None) -> dict[str, Any]:
    user: User | None = world.find("users", user_id) if user_id is not None else None
    if user is None:
        return dict(UNKNOWN_HOST)
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "username": user.username or "unknown",
        "timeZone": user.time_zone,
    }


def _answers(booking: Booking) -> dict[str, Any]:
    """The booking form answers, or the server's stand-in when they lack a name and an e-mail."""
    answers = booking.responses
    if isinstance(answers.get("email"), str) and isinstance(answers.get("name"), str | dict):
        return dict(answers)
    return {"name": "unknown", "email": "unknown", "guests": [], "rescheduledReason": "unknown"}


def _location(booking: Booking) -> str | None:
    url = booking.metadata.get("videoCallUrl")
    return str(url) if url else booking.location


def _user_metadata(booking: Booking) -> dict[str, Any]:
    return {k: v for k, v in booking.metadata.items() if k != "videoCallUrl"}


def _common(world: World, booking: Booking, event_type: EventType | None) -> dict[str, Any]:
    cancelled = booking.status == booking_records.CANCELLED
    out: dict[str, Any] = {
        "id": booking.id,
        "uid": booking.uid,
        "title": booking.title,
        "description": booking.description,
        "hosts": [host(world, booking.user_id)],
        "status": booking.status.lower(),
    }
    if cancelled:
        out["cancellationReason"] = booking.cancellation_reason
    if booking.from_reschedule:
        out["rescheduledFromUid"] = booking.from_reschedule
    location = _location(booking)
    out.update(
        {
            "start": iso_ms(booking.start),
            "end": iso_ms(booking.end),
            "duration": int((booking.end - booking.start).total_seconds() // 60),
            "eventType": {"id": event_type.id, "slug": event_type.slug} if event_type is not None else None,
            "eventTypeId": booking.event_type_id,
            "location": location,
            "meetingUrl": location,
            "absentHost": booking.no_show_host,
            "createdAt": iso_ms(booking.created_at or booking.start),
            "updatedAt": iso_ms(booking.updated_at or booking.created_at or booking.start),
            "rating": booking.rating,
            "icsUid": booking.ical_uid,
        }
    )
    return out


def _attendee(attendee: Attendee, with_phone: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": attendee.name,
        "email": attendee.email,
        "timeZone": attendee.time_zone,
        "language": attendee.locale,
        "absent": attendee.no_show,
    }
    if with_phone and attendee.phone_number:
        out["phoneNumber"] = attendee.phone_number
    return out


def _rescheduled(world: World, booking: Booking, out: dict[str, Any]) -> None:
    """rescheduledToUid (a rescheduled booking) and rescheduledByEmail."""
    newer = rescheduled_to(world, booking) if booking.rescheduled else None
    if newer is not None:
        out["rescheduledToUid"] = newer.uid
    out["rescheduledByEmail"] = (newer.rescheduled_by if newer is not None else None) or booking.rescheduled_by


def _single(world: World, booking: Booking, *, occurrence: bool) -> dict[str, Any]:
    """A non-seated booking; an occurrence of a recurring series differs in three places:
    attendees without phone numbers, its series uid, and no reschedule links."""
    event_type = event_type_of(world, booking)
    answers = _answers(booking)
    out = _common(world, booking, event_type)
    if booking.status == booking_records.CANCELLED:
        out["cancelledByEmail"] = booking.cancelled_by
    if isinstance(answers.get("rescheduledReason"), str):
        out["reschedulingReason"] = answers["rescheduledReason"]
    out["attendees"] = [_attendee(a, with_phone=not occurrence) for a in booking.attendees]
    if isinstance(answers.get("guests"), list):
        out["guests"] = answers["guests"]
    if occurrence:
        out["recurringBookingUid"] = booking.recurring_event_id
    else:
        _rescheduled(world, booking, out)
    out["bookingFieldsResponses"] = answers
    out["metadata"] = _user_metadata(booking)
    return out


def regular(world: World, booking: Booking) -> dict[str, Any]:
    """getOutputBooking."""
    return _single(world, booking, occurrence=False)


def recurring(world: World, booking: Booking) -> dict[str, Any]:
    """getOutputRecurringBooking."""
    return _single(world, booking, occurrence=True)


def _seat(attendee: Attendee) -> dict[str, Any]:
    answers = {k: v for k, v in (attendee.seat_responses or {"name": attendee.name}).items() if k != "email"}
    return {
        **_attendee(attendee, with_phone=False),
        "seatUid": attendee.seat_uid or "",
        "bookingFieldsResponses": answers,
        "metadata": dict(attendee.seat_metadata),
    }


def seated(world: World, booking: Booking, show_attendees: bool) -> dict[str, Any]:
    """getOutputSeatedBooking (and getOutputRecurringSeatedBooking for an occurrence)."""
    out = _common(world, booking, event_type_of(world, booking))
    out["attendees"] = [_seat(a) for a in booking.attendees] if show_attendees else []
    if booking.recurring_event_id:
        out["recurringBookingUid"] = booking.recurring_event_id
    else:
        _rescheduled(world, booking, out)
    return out


def shows_attendees(world: World, booking: Booking, viewer: User | None) -> bool:
    event_type = event_type_of(world, booking)
    if event_type is None or event_type.seats_show_attendees:
        return True
    return viewer is not None and booking_access.is_event_type_admin_or_owner(world, viewer, event_type)


def is_seated(world: World, booking: Booking) -> bool:
    event_type = event_type_of(world, booking)
    return event_type is not None and bool(event_type.seats_per_time_slot)


def read(world: World, booking: Booking, viewer: User | None, *, listed: bool = False) -> dict[str, Any]:
    """One booking in the shape getBooking (or, ``listed``, getBookings) gives it."""
    if is_seated(world, booking):
        return seated(world, booking, listed or shows_attendees(world, booking, viewer))
    return recurring(world, booking) if booking.recurring_event_id else regular(world, booking)


def created(world: World, booking: Booking, seat_uid: str | None, viewer: User | None) -> dict[str, Any]:
    """A booking just made (or rescheduled): seated ones name the seat taken."""
    if is_seated(world, booking):
        return {**seated(world, booking, shows_attendees(world, booking, viewer)), "seatUid": seat_uid or ""}
    return recurring(world, booking) if booking.recurring_event_id else regular(world, booking)


def reassigned(booking: Booking, user: User) -> dict[str, Any]:
    return {"bookingUid": booking.uid, "reassignedTo": {"id": user.id, "name": user.name, "email": user.email}}


def reference(item: BookingReference) -> dict[str, Any]:
    return {
        "type": item.type,
        "eventUid": item.uid,
        "id": item.id,
        "destinationCalendarId": item.external_calendar_id,
    }


# calendar links --------------------------------------------------------------------------------------


def _compact(moment_iso: str) -> str:
    return moment_iso.replace("-", "").replace(":", "").split(".")[0] + "Z"


def _dayjs(moment: datetime) -> str:
    """dayjs(...).utc().format(): seconds and Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rrule(rule: dict[str, Any] | None) -> str:
    if not rule:
        return ""
    names = {0: "YEARLY", 1: "MONTHLY", 2: "WEEKLY", 3: "DAILY"}
    parts = [f"FREQ={names.get(int(rule.get('freq', 2)), 'WEEKLY')}"]
    if rule.get("interval"):
        parts.append(f"INTERVAL={int(rule['interval'])}")
    if rule.get("count"):
        parts.append(f"COUNT={int(rule['count'])}")
    return "RRULE:" + ";".join(parts)


def calendar_links(world: World, booking: Booking, event_type: EventType) -> list[dict[str, Any]]:
    """getCalendarLinks: Google Calendar, Microsoft Office, Microsoft Outlook and an ICS file."""
    team = world.find("teams", event_type.team_id) if event_type.team_id is not None else None
    owner: User | None = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    answers = booking.responses
    name = answers.get("name") if isinstance(answers.get("name"), str) else None
    title = booking_rules.event_name(
        event_type,
        attendee=str(name or "Nameless"),
        organizer=team.name if team is not None else (owner.name if owner is not None else "Nameless"),
        team_name=None,
        location=booking.location,
        minutes=int((booking.end - booking.start).total_seconds() // 60),
        responses=answers,
    )
    description = event_type.description or ""
    video = booking.metadata.get("videoCallUrl")
    where = urllib.parse.quote(str(video), safe="") if video else ""
    start, end = iso_ms(booking.start), iso_ms(booking.end)
    recur = urllib.parse.quote(_rrule(event_type.recurring_event), safe="")
    google = (
        f"https://calendar.google.com/calendar/r/eventedit?dates={_compact(start)}/{_compact(end)}&text={title}"
        f"&details={urllib.parse.quote(description, safe='')}"
        + (f"&location={where}" if where else "")
        + (f"&recur={recur}" if recur else "")
    )
    office = (
        f"https://outlook.office.com/calendar/0/deeplink/compose?body={urllib.parse.quote(description, safe='')}"
        f"&enddt={_dayjs(booking.end)}&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt={_dayjs(booking.start)}"
        f"&subject={title}" + (f"&location={where}" if where else "")
    )
    outlook = urllib.parse.quote(
        f"https://outlook.live.com/calendar/0/deeplink/compose?body={description}&enddt={_dayjs(booking.end)}"
        f"&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt={_dayjs(booking.start)}&subject={title}",
        safe=";,/?:@&=+$-_.!~*'()#%",
    ) + (f"&location={where}" if where else "")
    minutes = int((booking.end - booking.start).total_seconds() // 60)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "PRODID:adamgibbons/ics",
        "METHOD:PUBLISH",
        "X-PUBLISHED-TTL:PT1H",
        "BEGIN:VEVENT",
        f"UID:{booking.ical_uid or booking.uid}",
        f"SUMMARY:{title}",
        f"DTSTAMP:{_compact(iso_ms(world.clock.now()))}",
        f"DTSTART:{_compact(start)}",
        f"DURATION:PT{minutes}M",
        *([f"DESCRIPTION:{description}"] if description else []),
        *([f"LOCATION:{video}"] if video else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    ics = "data:text/calendar," + urllib.parse.quote("\r\n".join(lines) + "\r\n", safe="")
    return [
        {"label": "Google Calendar", "id": "googleCalendar", "link": google},
        {"label": "Microsoft Office", "id": "microsoftOffice", "link": office},
        {"label": "Microsoft Outlook", "id": "microsoftOutlook", "link": outlook},
        {"label": "ICS", "id": "ics", "link": ics},
    ]
