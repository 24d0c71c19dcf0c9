"""Building the ``calendars`` section: connected provider accounts, their calendars and events, and
which calendars are selected for conflict checking or receive bookings (docs/calendars.md).

    calendars:
      dave-google:                       # the connection's fixture key
        user: dave
        provider: google                 # google | office365 | apple | ics-feed
        email: dave@gmail.example        # the account; default: the user's e-mail
        invalid: false                   # true: the provider refuses its token (revoked)
        calendars:                       # default: one primary calendar named after the account
          - externalId: dave@gmail.example
            primary: true
            selected: true               # checked for conflicts (default: true for the primary)
            selectedFor: [dave/30min]    # an event type's own selection
            destination: true            # bookings are written here
            events:
              - {start: today+1d@17:00, end: today+1d@18:00, title: Gym}
              - {start: today+2d@12:00, end: today+2d@13:00, weekly: true}
"""

from __future__ import annotations

from typing import Any

from emulator.world.fixture_base import BuilderBase
from emulator.world.models import DestinationCalendar, SelectedCalendar
from emulator.world.records_calendars import Credential, ExternalEvent, ProviderCalendar, event_id
from emulator.world.yaml_source import DocPath

# provider kind -> (Credential.type, app slug); the same names as domain/calendars.PROVIDERS
KINDS = {
    "google": ("google_calendar", "google-calendar"),
    "office365": ("office365_calendar", "office365-calendar"),
    "apple": ("apple_calendar", "apple-calendar"),
    "ics-feed": ("ics-feed_calendar", "ics-feed"),
}


class CalendarsBuilder(BuilderBase):
    def calendars(self) -> None:
        destinations: dict[int, DocPath] = {}  # user id -> where their destination calendar was named
        for key, spec, path in self.records("calendars"):
            if not self.claim_key("credentials", key, path):
                continue
            user_id = self.ref("users", spec.get("user"), (*path, "user"))
            kind = str(spec.get("provider", "google"))
            if user_id is None or kind not in KINDS:
                continue
            user = self.find("users", user_id)
            account = str(spec.get("email") or (user.email if user is not None else ""))
            credential = Credential(
                self.world.next_id("credentials"),
                KINDS[kind][0],
                KINDS[kind][1],
                user_id,
                account,
                invalid=bool(spec.get("invalid", False)),
                key=key,
            )
            self.world.insert("credentials", credential)
            items = spec.get("calendars")
            if items is None:
                items = [{"externalId": account, "primary": True}]
            self._calendars(credential, items, (*path, "calendars"), destinations)

    def _calendars(
        self, credential: Credential, items: list[dict[str, Any]], path: DocPath, destinations: dict[int, DocPath]
    ) -> None:
        seen: set[str] = set()
        primaries = 0
        named = any(isinstance(item, dict) and "primary" in item for item in items)
        for i, item in enumerate(items):
            where = (*path, i)
            external_id = str(item.get("externalId") or credential.account_email)
            if external_id in seen:
                self.error((*where, "externalId"), f"calendar {external_id!r} is listed twice in this connection")
                continue
            seen.add(external_id)
            primary = bool(item.get("primary", not named and i == 0))  # default: the first one
            primaries += primary
            if primaries > 1 and primary:
                self.error((*where, "primary"), "a connection has one primary calendar")
            calendar = ProviderCalendar(
                self.world.next_id("provider_calendars"),
                credential.id,
                external_id,
                str(item.get("name") or external_id),
                primary,
                bool(item.get("readOnly", credential.type == "ics-feed_calendar")),
                credential.account_email,
            )
            self.world.insert("provider_calendars", calendar)
            self._selections(credential, calendar, item, where)
            if item.get("destination"):
                self._destination(credential, calendar, where, destinations)
            for j, event in enumerate(item.get("events") or []):
                self._event(calendar, event, (*where, "events", j))

    def _selections(
        self, credential: Credential, calendar: ProviderCalendar, item: dict[str, Any], where: DocPath
    ) -> None:
        user_id = credential.user_id or 0
        if item.get("selected", calendar.primary):
            row_id = f"{user_id}_{credential.type}_{calendar.external_id}"
            self._select(SelectedCalendar(row_id, user_id, credential.type, calendar.external_id, credential.id))
        for k, event_type_key in enumerate(item.get("selectedFor") or []):
            event_type_id = self.ref("event_types", event_type_key, (*where, "selectedFor", k))
            if event_type_id is None:
                continue
            row_id = f"{user_id}_{credential.type}_{calendar.external_id}_{event_type_id}"
            row = SelectedCalendar(row_id, user_id, credential.type, calendar.external_id, credential.id, event_type_id)
            self._select(row)

    def _select(self, row: SelectedCalendar) -> None:
        if row.id not in self.world.tables["selected_calendars"]:
            self.world.insert("selected_calendars", row)

    def _destination(
        self, credential: Credential, calendar: ProviderCalendar, where: DocPath, destinations: dict[int, DocPath]
    ) -> None:
        user_id = credential.user_id or 0
        taken = any(
            d.user_id == user_id and d.event_type_id is None
            for d in self.world.tables["destination_calendars"].values()
        )
        if taken:
            first = destinations.get(user_id)
            at = f" (already at {'.'.join(str(p) for p in first)})" if first else ""
            self.error((*where, "destination"), f"user {self.label('users', user_id)} has a destination calendar{at}")
            return
        if calendar.read_only:
            self.error((*where, "destination"), "a read-only calendar cannot receive bookings")
            return
        destinations[user_id] = where
        row = DestinationCalendar(
            self.world.next_id("destination_calendars"),
            credential.type,
            calendar.external_id,
            user_id=user_id,
            credential_id=credential.id,
            primary_email=credential.account_email,
        )
        self.world.insert("destination_calendars", row)

    def _event(self, calendar: ProviderCalendar, spec: dict[str, Any], where: DocPath) -> None:
        start, end = self.time(spec, "start", where), self.time(spec, "end", where)
        until = self.time(spec, "until", where)
        if start is None or end is None:
            return
        if end <= start:
            self.error((*where, "end"), f"end {end.isoformat()} is not after start {start.isoformat()}")
            return
        number = self.world.next_id("external_events")
        event = ExternalEvent(
            event_id(f"{calendar.id}:{number}"),
            calendar.id,
            start,
            end,
            title=str(spec.get("title", "Busy")),
            description=spec.get("description"),
            weekly=bool(spec.get("weekly", False)),
            until=until,
        )
        self.world.insert("external_events", event)
