"""Building records from parsed fixture sources, with the semantic checks.

One ``SourceBuilder`` per source turns its sections into records, in dependency order: users,
teams, OAuth clients and their managed users, schedules (then default schedules), event types,
bookings, webhooks, out-of-office entries, organization attributes, calendar connections
(fixture_calendars.py), routing forms (fixture_routing_forms.py), and last ``generate``. The sections
live in fixture_people.py, fixture_event_types.py, fixture_bookings.py and fixture_attributes.py, the shared helpers in
fixture_base.py. The caller runs every builder inside ``World.transaction()`` and undoes everything
when any source had a problem.
"""

from __future__ import annotations

from emulator.world import fixture_times as times
from emulator.world.fixture_attributes import AttributesBuilder
from emulator.world.fixture_base import SECTION_TABLES, LoadContext
from emulator.world.fixture_bookings import BookingsBuilder
from emulator.world.fixture_calendars import CalendarsBuilder
from emulator.world.fixture_event_types import EventTypesBuilder
from emulator.world.fixture_people import PeopleBuilder
from emulator.world.fixture_routing_forms import RoutingFormsBuilder
from emulator.world.generate import generate

__all__ = ["LoadContext", "SourceBuilder"]


class SourceBuilder(
    PeopleBuilder, EventTypesBuilder, BookingsBuilder, AttributesBuilder, CalendarsBuilder, RoutingFormsBuilder
):
    """Builds one parsed source into the world, recording its problems in the source."""

    def run(self) -> None:
        self.header()
        self.mark_broken()
        self.users()
        self.teams()
        self.oauth_clients()
        self.schedules()
        self.default_schedules()
        self.event_types()
        self.bookings()
        self.webhooks()
        self.out_of_office()
        self.attributes()
        self.calendars()
        self.routing_forms()
        if isinstance(self.data.get("generate"), dict) and ("generate",) not in self.p.broken:
            generate(self, self.data["generate"], ("generate",))

    def header(self) -> None:
        seed = self.data.get("seed")
        if isinstance(seed, int) and not isinstance(seed, bool):
            self.seed = seed
            self.rng.seed(seed)
        now = self.data.get("now")
        if isinstance(now, str):
            if now.startswith(("now", "today")):
                self.error(("now",), f"'now' must be an ISO instant, not a relative time ({now!r})")
                return
            try:
                self.now = times.instant(now, self.now)
            except ValueError as exc:
                self.error(("now",), str(exc))

    def mark_broken(self) -> None:
        for path in self.p.broken:
            if not path or path[0] not in SECTION_TABLES:
                continue
            table = SECTION_TABLES[str(path[0])]
            if len(path) == 1:
                self.silence_all.add(table)
                if path[0] == "oauthClients":
                    self.silence_all.add("users")
                continue
            self.silenced[table].add(str(path[1]))
            if path[0] == "oauthClients":
                client = (self.data.get("oauthClients") or {}).get(path[1])
                managed = client.get("managedUsers") if isinstance(client, dict) else None
                if isinstance(managed, dict):
                    self.silenced["users"].update(managed)
                elif client is not None:
                    self.silence_all.add("users")
