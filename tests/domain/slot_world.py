"""A small world builder for the availability and slot tests: users, schedules, event types,
bookings, holds and out-of-office entries written in a line each, and slots read back as text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from emulator.domain.slots import SlotQuery, Slots, available_slots
from emulator.world.clock import Clock, parse_instant
from emulator.world.models import (
    Attendee,
    Availability,
    Booking,
    DateOverride,
    EventType,
    Host,
    Membership,
    OutOfOffice,
    Reservation,
    Schedule,
    Team,
    User,
)
from emulator.world.store import World

DAYS = {"Sun": 0, "Mon": 1, "Tue": 2, "Wed": 3, "Thu": 4, "Fri": 5, "Sat": 6}
WEEKDAYS = "Mon Tue Wed Thu Fri"


def at(text: str) -> datetime:
    return parse_instant(text)


def ts(text: str) -> int:
    return int(at(text).timestamp())


class SlotWorld:
    def __init__(self, now: str = "2026-01-05T09:00:00Z") -> None:  # a Monday
        self.world = World(Clock(at(now), frozen=True))

    @property
    def now(self) -> datetime:
        return self.world.clock.now()

    def user(self, name: str, tz: str = "Europe/London", email: str | None = None) -> User:
        user = User(self.world.next_id("users"), name, email or f"{name}@example.com", name.title(), time_zone=tz)
        return self.world.insert("users", user)

    def schedule(
        self,
        user: User,
        tz: str | None = None,
        weekly: list[tuple[str, str, str]] | None = None,
        overrides: list[tuple[str, str, str]] | None = None,
        default: bool = True,
    ) -> Schedule:
        """``weekly`` items are ("Mon Tue", "09:00", "17:00"); overrides ("2026-01-07", "12:00", "15:00")."""
        rows = weekly if weekly is not None else [(WEEKDAYS, "09:00", "17:00")]
        schedule = Schedule(
            self.world.next_id("schedules"),
            user.id,
            "Working hours",
            tz or user.time_zone,
            tuple(Availability(tuple(DAYS[d] for d in days.split()), s, e) for days, s, e in rows),
            tuple(DateOverride(date.fromisoformat(d), s, e) for d, s, e in overrides or []),
        )
        self.world.insert("schedules", schedule)
        if default:
            self.world.update("users", user.id, default_schedule_id=schedule.id)
        return schedule

    def event_type(self, owner: User | None = None, length: int = 30, **fields: Any) -> EventType:
        fields.setdefault("minimum_booking_notice", 0)
        event_id = self.world.next_id("event_types")
        owner_id = owner.id if owner is not None else None
        event = EventType(event_id, f"Event {event_id}", f"event-{event_id}", length, owner_id=owner_id, **fields)
        return self.world.insert("event_types", event)

    def team_event(self, hosts: list[tuple[User, bool]], kind: str, length: int = 30, **fields: Any) -> EventType:
        team = self.world.insert(
            "teams", Team(self.world.next_id("teams"), "Team", f"team-{len(self.world.all('teams'))}")
        )
        for user, _ in hosts:
            self.world.insert("memberships", Membership(self.world.next_id("memberships"), team.id, user.id))
        return self.event_type(
            None,
            length,
            team_id=team.id,
            scheduling_type=kind,
            hosts=tuple(Host(user.id, is_fixed=fixed) for user, fixed in hosts),
            **fields,
        )

    def booking(
        self,
        event: EventType | None,
        start: str,
        minutes: int | None = None,
        organizer: User | None = None,
        status: str = "ACCEPTED",
        attendees: list[str] | None = None,
        seats: bool = False,
    ) -> Booking:
        begin = at(start)
        length = minutes or (event.length if event else 30)
        user_id = organizer.id if organizer else (event.owner_id if event else None)
        booking_id = self.world.next_id("bookings")
        people = tuple(
            Attendee(i + 1, email.split("@")[0], email, "UTC", seat_uid=f"seat-{booking_id}-{i}" if seats else None)
            for i, email in enumerate(attendees if attendees is not None else ["guest@example.org"])
        )
        return self.world.insert(
            "bookings",
            Booking(
                booking_id,
                f"booking-{booking_id}",
                user_id,
                event.id if event else None,
                "Booking",
                begin,
                begin + timedelta(minutes=length),
                status=status,
                attendees=people,
            ),
        )

    def hold(
        self,
        event: EventType,
        user: User,
        start: str,
        minutes: int = 30,
        expires_in: int = 5,
        uid: str = "hold",
        seat: bool = False,
    ) -> Reservation:
        begin = at(start)
        return self.world.insert(
            "reservations",
            Reservation(
                self.world.next_id("reservations"),
                uid,
                event.id,
                user.id,
                begin,
                begin + timedelta(minutes=minutes),
                self.now + timedelta(minutes=expires_in),
                is_seat=seat,
            ),
        )

    def away(self, user: User, start: str, end: str, to: User | None = None, reason: str = "vacation") -> OutOfOffice:
        entry = OutOfOffice(
            self.world.next_id("out_of_office"),
            f"ooo-{user.id}",
            user.id,
            at(start),
            at(end),
            reason=reason,
            to_user_id=to.id if to else None,
        )
        return self.world.insert("out_of_office", entry)

    def update(self, record: Any, **changes: Any) -> Any:
        table = {EventType: "event_types", User: "users"}[type(record)]
        return self.world.update(table, record.id, **changes)

    # reading slots ------------------------------------------------------------------------------

    def compute(self, event: EventType, start: str, end: str, **query: Any) -> Slots:
        return available_slots(self.world, SlotQuery(event, ts(start), ts(end), **query))

    def slots(
        self, event: EventType, start: str, end: str, tz: str | None = None, **query: Any
    ) -> dict[str, list[str]]:
        """Day -> ["HH:MM", ...] read in ``tz`` (the booker's zone when given, else UTC)."""
        found = self.compute(event, start, end, time_zone=tz, **query)
        zone = UTC if tz is None else ZoneInfo(tz)
        return {
            day.isoformat(): [datetime.fromtimestamp(s.start, zone).strftime("%H:%M") for s in day_slots]
            for day, day_slots in found.days.items()
        }

    def day(self, event: EventType, day: str, tz: str | None = None, **query: Any) -> list[str]:
        """The slots of one UTC day."""
        return self.slots(event, f"{day}T00:00:00Z", f"{day}T23:59:59Z", tz, **query).get(day, [])


def times(first: str, last: str, step: int) -> list[str]:
    """["09:00", "09:30", ...] from first to last inclusive."""
    out = []
    moment = datetime.strptime(first, "%H:%M")
    end = datetime.strptime(last, "%H:%M")
    while moment <= end:
        out.append(moment.strftime("%H:%M"))
        moment += timedelta(minutes=step)
    return out
