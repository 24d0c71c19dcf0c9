"""What the routing-form operations read from their query, as their input classes transform and
check it (the global ValidationPipe: whitelist, transform; a failure is ``Bad Request Exception`` with
every class-validator error in ``details.errors``).

- Lists (GetRoutingFormResponsesParams, GetRoutingFormsParams): ``skip``/``take`` through
  ``value && parseInt(value)`` (0 and 250 when absent), the sort directions, the ISO 8601 bounds,
  ``routedToBookingUid``, and for the organization's forms ``teamIds``, one comma-separated value
  (a repeated parameter stays a list of strings and fails ``IsNumber``).
- Slots (GetAvailableSlotsInput_2024_09_04, with CreateRoutingFormResponseInput's ``queueResponse``):
  ``start``/``end`` strict ISO dates, an IANA ``timeZone``, a numeric ``duration``, ``format``
  ``range``/``time`` in any case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from emulator.api import slot_formats as fmt
from emulator.api.platform.user_inputs import pipe_errors, validation_error
from emulator.domain.routing_forms import Filters
from emulator.pipeline.context import RequestContext
from emulator.world.models import EventType
from emulator.world.store import World

NUMBER = "{} must be a number conforming to the specified constraints"


def _last(ctx: RequestContext, name: str) -> str | None:
    values = ctx.query_values(name)
    return values[-1] if values else None


def _optional_whole(ctx: RequestContext, name: str, errors: list[dict[str, Any]]) -> int | None:
    raw = _last(ctx, name)
    if raw is None or raw == "":
        return None
    number = fmt.parse_int(raw)
    if number is None or math.isnan(number):
        errors.append(validation_error(name, raw, "isNumber", NUMBER.format(name)))
        return None
    return int(number)


def _whole(ctx: RequestContext, name: str, default: int, errors: list[dict[str, Any]]) -> int:
    found = _optional_whole(ctx, name, errors)
    return default if found is None else found


def _moment(ctx: RequestContext, name: str, errors: list[dict[str, Any]]) -> datetime | None:
    raw = _last(ctx, name)
    if raw is None:
        return None
    moment = fmt.parse_iso(raw)
    if moment is None:
        errors.append(validation_error(name, raw, "isIso8601", f"{name} must be a valid ISO 8601 date string"))
    return moment


def _team_ids(ctx: RequestContext, errors: list[dict[str, Any]]) -> tuple[int, ...] | None:
    sent = ctx.query_values("teamIds")
    if not sent:
        return None
    parts = sent[0].split(",") if len(sent) == 1 else sent
    numbers = [fmt.parse_int(p) if len(sent) == 1 else math.nan for p in parts]
    if any(n is None or math.isnan(n) for n in numbers):
        message = f"each value in {NUMBER.format('teamIds')}"
        errors.append(validation_error("teamIds", parts, "isNumber", message))
        return None
    return tuple(int(n) for n in numbers if n is not None)


def list_filters(ctx: RequestContext, *, with_team_ids: bool = False) -> Filters:
    errors: list[dict[str, Any]] = []
    filters = Filters(
        sort_created=_last(ctx, "sortCreatedAt"),
        sort_updated=_last(ctx, "sortUpdatedAt"),
        after_created=_moment(ctx, "afterCreatedAt", errors),
        before_created=_moment(ctx, "beforeCreatedAt", errors),
        after_updated=_moment(ctx, "afterUpdatedAt", errors),
        before_updated=_moment(ctx, "beforeUpdatedAt", errors),
        routed_to_booking_uid=_last(ctx, "routedToBookingUid") or None,
        team_ids=_team_ids(ctx, errors) if with_team_ids else None,
        skip=_whole(ctx, "skip", 0, errors),
        take=_whole(ctx, "take", 250, errors),
    )
    if errors:
        raise pipe_errors(errors)
    return filters


@dataclass(frozen=True)
class SlotsAsked:
    start: datetime
    end: datetime
    time_zone: str | None
    duration: int | None
    range_format: bool
    reschedule_uid: str | None
    queue: bool

    def slots(
        self, world: World, event_type: EventType, routed_member_ids: tuple[int, ...] | None = None
    ) -> dict[str, Any]:
        """The slots of an event type over the asked range, in the asked zone, duration and format."""
        return fmt.v2_slot_answer(
            world,
            event_type,
            self.start,
            self.end,
            time_zone=self.time_zone,
            duration=self.duration,
            range_format=self.range_format,
            reschedule_uid=self.reschedule_uid,
            routed_member_ids=routed_member_ids,
        )


def slots_asked(ctx: RequestContext) -> SlotsAsked:
    errors: list[dict[str, Any]] = []
    moments: dict[str, datetime] = {}
    for name in ("start", "end"):
        raw = _last(ctx, name)
        moment = fmt.parse_iso(raw) if raw is not None else None
        if moment is None:
            errors.append(validation_error(name, raw, "isDateString", f"{name} must be a valid ISO 8601 date string"))
        else:
            moments[name] = moment
    zone_name = _last(ctx, "timeZone")
    zone = fmt.canonical_zone(zone_name) if zone_name is not None else None
    if zone_name is not None and zone is None:
        errors.append(validation_error("timeZone", zone_name, "isTimeZone", "timeZone must be a valid IANA time-zone"))
    duration = _optional_whole(ctx, "duration", errors)
    slot_format = (_last(ctx, "format") or "").lower() or None
    if slot_format not in (None, "range", "time"):
        errors.append(validation_error("format", slot_format, "isEnum", "slotFormat must be either 'range' or 'time'"))
    if errors:
        raise pipe_errors(errors)
    queue = (_last(ctx, "queueResponse") or "").lower() == "true"
    return SlotsAsked(
        start=moments["start"],
        end=moments["end"],
        time_zone=zone,
        duration=duration,
        range_format=slot_format == "range",
        reschedule_uid=_last(ctx, "bookingUidToReschedule"),
        queue=queue,
    )
