"""An event type as its database row (camelCase Prisma columns), the form v1 and the legacy
2024-04-15 v2 operations return it in. Columns the world does not model answer with Cal.com's
database defaults.
"""

from __future__ import annotations

from typing import Any

from emulator.domain import event_types as rules
from emulator.world.clock import iso_ms
from emulator.world.models import EventType, User
from emulator.world.store import World


def event_type_row(world: World, event_type: EventType) -> dict[str, Any]:
    col = rules.column
    owner: User | None = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    return {
        "id": event_type.id,
        "title": event_type.title,
        "slug": event_type.slug,
        "description": event_type.description,
        "interfaceLanguage": None,
        "position": event_type.position,
        "locations": [dict(loc) for loc in event_type.locations],
        "length": event_type.length,
        "offsetStart": col(event_type, "offsetStart"),
        "hidden": event_type.hidden,
        "userId": event_type.owner_id,
        "owner": {"timeZone": owner.time_zone} if owner else None,
        "profileId": None,
        "teamId": event_type.team_id,
        "eventName": col(event_type, "eventName"),
        "parentId": event_type.parent_id,
        "bookingFields": [dict(f) for f in event_type.booking_fields] or None,
        "timeZone": col(event_type, "timeZone"),
        "periodType": event_type.period_type,
        "periodStartDate": iso_ms(event_type.period_start_date) if event_type.period_start_date else None,
        "periodEndDate": iso_ms(event_type.period_end_date) if event_type.period_end_date else None,
        "periodDays": event_type.period_days,
        "periodCountCalendarDays": event_type.period_count_calendar_days,
        "lockTimeZoneToggleOnBookingPage": bool(col(event_type, "lockTimeZoneToggleOnBookingPage")),
        "lockedTimeZone": col(event_type, "lockedTimeZone"),
        "requiresConfirmation": event_type.requires_confirmation,
        "requiresConfirmationWillBlockSlot": event_type.requires_confirmation_will_block_slot,
        "requiresConfirmationForFreeEmail": False,
        "requiresBookerEmailVerification": bool(col(event_type, "requiresBookerEmailVerification")),
        "canSendCalVideoTranscriptionEmails": True,
        "autoTranslateDescriptionEnabled": False,
        "recurringEvent": event_type.recurring_event,
        "disableGuests": bool(col(event_type, "disableGuests")),
        "disableCancelling": False,
        "disableRescheduling": False,
        "allowReschedulingCancelledBookings": False,
        "allowReschedulingPastBookings": False,
        "hideCalendarNotes": bool(col(event_type, "hideCalendarNotes")),
        "hideCalendarEventDetails": bool(col(event_type, "hideCalendarEventDetails")),
        "hideOrganizerEmail": bool(col(event_type, "hideOrganizerEmail")),
        "minimumBookingNotice": event_type.minimum_booking_notice,
        "beforeEventBuffer": event_type.before_event_buffer,
        "afterEventBuffer": event_type.after_event_buffer,
        "seatsPerTimeSlot": event_type.seats_per_time_slot,
        "onlyShowFirstAvailableSlot": bool(col(event_type, "onlyShowFirstAvailableSlot")),
        "showOptimizedSlots": False,
        "seatsShowAttendees": event_type.seats_show_attendees,
        "seatsShowAvailabilityCount": event_type.seats_show_availability_count,
        "schedulingType": event_type.scheduling_type,
        "scheduleId": event_type.schedule_id,
        "instantMeetingScheduleId": None,
        "instantMeetingSchedule": None,
        "price": event_type.price,
        "currency": event_type.currency,
        "slotInterval": event_type.slot_interval,
        "metadata": _metadata(event_type),
        "successRedirectUrl": col(event_type, "successRedirectUrl"),
        "forwardParamsSuccessRedirect": col(event_type, "forwardParamsSuccessRedirect"),
        "bookingLimits": event_type.booking_limits,
        "durationLimits": event_type.duration_limits,
        "isInstantEvent": bool(col(event_type, "isInstantEvent")),
        "instantMeetingExpiryTimeOffsetInSeconds": 90,
        "instantMeetingParameters": [],
        "aiPhoneCallConfig": None,
        "assignAllTeamMembers": bool(col(event_type, "assignAllTeamMembers")),
        "assignRRMembersUsingSegment": False,
        "rrSegmentQueryValue": None,
        "isRRWeightsEnabled": False,
        "rescheduleWithSameRoundRobinHost": False,
        "useEventTypeDestinationCalendarEmail": bool(col(event_type, "useEventTypeDestinationCalendarEmail")),
        "secondaryEmailId": None,
        "eventTypeColor": col(event_type, "eventTypeColor"),
        "maxLeadThreshold": None,
        "useEventLevelSelectedCalendars": False,
        "customReplyToEmail": None,
        "restrictionScheduleId": None,
        "useBookerTimezone": False,
        "bookingRequiresAuthentication": bool(col(event_type, "bookingRequiresAuthentication")),
    }


def _metadata(event_type: EventType) -> dict[str, Any] | None:
    metadata = dict(event_type.metadata)
    if event_type.lengths:
        metadata["multipleDuration"] = list(event_type.lengths)
    return metadata or None


def host_row(event_type: EventType) -> list[dict[str, Any]]:
    """The Host rows of a team event type."""
    return [
        {
            "userId": h.user_id,
            "eventTypeId": event_type.id,
            "isFixed": h.is_fixed,
            "priority": h.priority,
            "weight": h.weight,
            "scheduleId": h.schedule_id,
        }
        for h in event_type.hosts
    ]
