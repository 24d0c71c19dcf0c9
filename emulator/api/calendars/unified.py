"""The unified calendar events (CalUnifiedCalendarsController): a booking's Google Calendar event,
named by its booking reference's uid, read and patched (domain/calendar_events.py)."""

from __future__ import annotations

from emulator.api.calendars.calendars import ok, provider_delay
from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import calendar_events
from emulator.pipeline.context import Reply, RequestContext


@handles("CalUnifiedCalendarsController_getCalendarEventDetails")
def get_event(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    provider_delay(ctx, ctx.path_params["calendar"])
    return ok(200, calendar_events.get_unified(ctx.runtime.world, ctx.path_params["eventUid"], user.id))


@handles("CalUnifiedCalendarsController_updateCalendarEvent")
def update_event(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    provider_delay(ctx, ctx.path_params["calendar"])
    body = ctx.body or {}
    return ok(200, calendar_events.update_unified(ctx.runtime.world, ctx.path_params["eventUid"], user.id, body))
