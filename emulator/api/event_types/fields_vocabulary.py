"""The words both sides of the 2024-06-14 event-type shape translate between (fields_input.py reads
a body into a record, fields_output.py writes a record out): location integrations, booker layouts,
recurrence frequencies, the booking fields Cal.com keeps as defaults.

From apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers.
"""

from __future__ import annotations

INTEGRATIONS = {
    "cal-video": "integrations:daily",
    "google-meet": "integrations:google:meet",
    "office365-video": "integrations:office365_video",
    "zoom": "integrations:zoom",
    "whereby-video": "integrations:whereby_video",
    "whatsapp-video": "integrations:whatsapp_video",
    "webex-video": "integrations:webex_video",
    "telegram-video": "integrations:telegram_video",
    "tandem": "integrations:tandem",
    "jitsi": "integrations:jitsi",
    "huddle": "integrations:huddle01",
    "facetime-video": "integrations:facetime_video",
    "discord-video": "integrations:discord_video",
}
INTEGRATION_NAMES = {internal: api for api, internal in INTEGRATIONS.items()}
LAYOUTS = {"month": "month_view", "week": "week_view", "column": "column_view"}
FREQUENCIES = ("yearly", "monthly", "weekly")  # rrule Frequency 0, 1, 2
# The default booking fields (besides name, email, attendeePhoneNumber and location), by slug.
DEFAULT_SLUGS = {"title", "notes", "guests", "rescheduleReason"}
