"""Instant bookings: a team event type's meeting for whichever host joins first.

Read from packages/features/instant-meeting/handleInstantMeeting.ts behind the v2 2024-08-13
bookings service (``instant: true``): team event types only; an AWAITING_HOST Cal Video booking
with no organizer yet, at the asked start, without availability checks.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from emulator.domain import booking_rules as rules
from emulator.domain.booking_records import AWAITING_HOST, atomic, insert, new_attendee
from emulator.domain.booking_request import BookingRequest, booking_data, check_event_type, minutes_of
from emulator.domain.booking_rules import BookingRefused
from emulator.world.models import Booking
from emulator.world.store import World


def create_instant(world: World, request: BookingRequest) -> Booking:
    """handleInstantMeeting: team event types only; an AWAITING_HOST Cal Video booking with no
    organizer yet, at the asked start, without availability checks."""
    with atomic(world):
        event_type = request.event_type
        check_event_type(world, request)
        if event_type.team_id is None:
            raise BookingRefused(
                400, "Instant bookings are only supported for team event types, not individual user event types."
            )
        minutes = minutes_of(event_type, request.minutes)
        booker = request.booker
        attendees = [new_attendee(world, booker.name, booker.email, booker.time_zone, booker.language, booker.phone)]
        attendees += [new_attendee(world, "", guest, booker.time_zone, "en") for guest in request.guests]
        start = request.start
        data = booking_data(world, request, start, start + timedelta(minutes=minutes))
        return insert(
            world,
            replace(
                data,
                title=f"Instant Meeting with {booker.name}",
                status=AWAITING_HOST,
                attendees=tuple(attendees),
                location=rules.CAL_VIDEO,
                metadata={**data.metadata, "videoCallUrl": rules.video_url(data.uid)},
            ),
        )
