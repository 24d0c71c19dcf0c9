"""Building event types: personal and team ones, their hosts, a MANAGED event type's children, and the
slug each claims in its owner's (or team's) namespace."""

from __future__ import annotations

from typing import Any

from emulator.world.fixture_base import SLUG, BuilderBase
from emulator.world.models import EventType, Host
from emulator.world.yaml_source import DocPath


class EventTypesBuilder(BuilderBase):
    # event types -----------------------------------------------------------------------------
    def event_types(self) -> None:
        for key, spec, path in self.records("eventTypes"):
            if self.claim_key("event_types", key, path):
                self.event_type(key, spec, path)

    def event_type(self, key: str, spec: dict[str, Any], path: DocPath) -> None:
        owner_id = team_id = None
        if "owner" in spec and "team" in spec:
            self.error((*path, "team"), "an event type has an owner (individual) or a team, not both")
        elif "owner" in spec:
            owner_id = self.ref("users", spec["owner"], (*path, "owner"))
        elif "team" in spec:
            team_id = self.ref("teams", spec["team"], (*path, "team"))
        else:
            self.error(path, f"event type {key!r} needs an owner (a user key) or a team (a team key)", at_key=True)
            self.silenced["event_types"].add(key)
            return
        unresolved = owner_id is None and team_id is None
        slug = str(spec.get("slug", key.rpartition("/")[2]))
        if "slug" not in spec and not SLUG.fullmatch(slug):
            self.error(
                path,
                f"the slug taken from the key, {slug!r}, must be lower-case letters, digits, '-': add slug:",
                at_key=True,
            )
        length = spec.get("length", 30)
        lengths = tuple(spec.get("lengths") or ())
        if lengths and length not in lengths:
            self.error((*path, "length"), f"length {length} is not one of lengths {list(lengths)}")
        scheduling = spec.get("schedulingType")
        if "team" in spec and "owner" not in spec and scheduling is None:
            self.error((*path, "team"), "a team event type needs schedulingType: COLLECTIVE, ROUND_ROBIN or MANAGED")
        if scheduling is not None and "team" not in spec:
            self.error(
                (*path, "schedulingType"), "schedulingType is only for team event types (give team:, not owner:)"
            )
        schedule_id = None
        if "schedule" in spec:
            schedule_id = self.ref("schedules", spec["schedule"], (*path, "schedule"))
            schedule = self.find("schedules", schedule_id)
            if schedule is not None and owner_id is not None and schedule.user_id != owner_id:
                self.error(
                    (*path, "schedule"),
                    f"schedule {spec['schedule']!r} belongs to user {self.label('users', schedule.user_id)}, "
                    "not to the owner",
                )
        hosts = self.hosts(spec, path, team_id, scheduling)
        record = EventType(
            id=self.world.next_id("event_types"),
            title=str(spec.get("title", slug)),
            slug=slug,
            length=length,
            owner_id=owner_id,
            team_id=team_id,
            scheduling_type=scheduling,
            description=spec.get("description"),
            hidden=spec.get("hidden", False),
            position=spec.get("position", 0),
            lengths=lengths,
            slot_interval=spec.get("slotInterval"),
            minimum_booking_notice=spec.get("minimumBookingNotice", 120),
            before_event_buffer=spec.get("beforeEventBuffer", 0),
            after_event_buffer=spec.get("afterEventBuffer", 0),
            period_type=spec.get("periodType", "UNLIMITED"),
            period_days=spec.get("periodDays"),
            period_count_calendar_days=spec.get("periodCountCalendarDays", True),
            period_start_date=self.time(spec, "periodStartDate", path),
            period_end_date=self.time(spec, "periodEndDate", path),
            booking_limits=spec.get("bookingLimits"),
            duration_limits=spec.get("durationLimits"),
            seats_per_time_slot=spec.get("seatsPerTimeSlot"),
            seats_show_attendees=spec.get("seatsShowAttendees", False),
            seats_show_availability_count=spec.get("seatsShowAvailabilityCount", True),
            requires_confirmation=spec.get("requiresConfirmation", False),
            requires_confirmation_will_block_slot=spec.get("requiresConfirmationWillBlockSlot", False),
            schedule_id=schedule_id,
            hosts=hosts,
            locations=tuple(spec.get("locations") or ()),
            booking_fields=tuple(spec.get("bookingFields") or ()),
            recurring_event=spec.get("recurringEvent"),
            price=spec.get("price", 0),
            currency=spec.get("currency", "usd"),
            metadata=dict(spec.get("metadata") or {}),
            key=key,
        )
        self.claim_slug(record, path, "slug" in spec)
        self.world.insert("event_types", record)
        if unresolved:
            self.vague.add(record.id)
        if "children" in spec:
            if scheduling != "MANAGED":
                self.error((*path, "children"), "only MANAGED event types have children")
            else:
                self.children(record, spec["children"], (*path, "children"))

    def claim_slug(self, record: EventType, path: DocPath, explicit: bool, where: DocPath | None = None) -> None:
        if record.team_id is not None:
            scope, whose = ("team", record.team_id, record.slug), f"team {self.label('teams', record.team_id)}"
        elif record.owner_id is not None:
            scope, whose = ("user", record.owner_id, record.slug), f"user {self.label('users', record.owner_id)}"
        else:
            return
        if scope in self.ctx.event_slugs:
            at = where or ((*path, "slug") if explicit else path)
            self.error(
                at,
                f"{whose} already has an event type with slug {record.slug!r}",
                at_key=where is None and not explicit,
            )
        self.ctx.event_slugs.add(scope)

    def hosts(
        self, spec: dict[str, Any], path: DocPath, team_id: int | None, scheduling: str | None
    ) -> tuple[Host, ...]:
        items = spec.get("hosts") or []
        if items and "team" not in spec:
            self.error((*path, "hosts"), "hosts are for team event types; an individual event type's host is its owner")
            return ()
        hosts: list[Host] = []
        seen: set[int] = set()
        for i, item in enumerate(items):
            item_path = (*path, "hosts", i)
            entry = item if isinstance(item, dict) else {"user": item}
            user_path = (*item_path, "user") if isinstance(item, dict) else item_path
            user_id = self.ref("users", entry.get("user"), user_path)
            if user_id is None:
                continue
            if user_id in seen:
                self.error(user_path, f"user {entry['user']!r} is already a host")
                continue
            seen.add(user_id)
            if team_id is not None and user_id not in self.members_of(team_id):
                self.error(user_path, f"host {entry['user']!r} is not a member of team {spec['team']!r}")
            schedule_id = None
            if "schedule" in entry:
                schedule_id = self.ref("schedules", entry["schedule"], (*item_path, "schedule"))
                schedule = self.find("schedules", schedule_id)
                if schedule is not None and schedule.user_id != user_id:
                    self.error((*item_path, "schedule"), f"schedule {entry['schedule']!r} belongs to another user")
            hosts.append(
                Host(
                    user_id=user_id,
                    is_fixed=scheduling == "COLLECTIVE" or bool(entry.get("fixed", False)),
                    priority=entry.get("priority", 2),
                    weight=entry.get("weight", 100),
                    schedule_id=schedule_id,
                )
            )
        return tuple(hosts)

    def children(self, parent: EventType, users: list[str], path: DocPath) -> None:
        """A MANAGED event type's children: a copy for each assigned user, key <user>/<slug>."""
        for i, user_key in enumerate(users):
            child_path = (*path, i)
            user_id = self.ref("users", user_key, child_path)
            if user_id is None:
                continue
            if parent.team_id is not None and user_id not in self.members_of(parent.team_id):
                self.error(child_path, f"user {user_key!r} is not a member of the event type's team")
            key = f"{user_key}/{parent.slug}"
            if key in self.world.keys["event_types"]:
                self.error(child_path, f"event type {key!r} (the child for {user_key!r}) is already defined")
                continue
            child = EventType(
                **{
                    **{name: getattr(parent, name) for name in EventType.__dataclass_fields__},
                    "id": self.world.next_id("event_types"),
                    "owner_id": user_id,
                    "team_id": None,
                    "scheduling_type": None,
                    "parent_id": parent.id,
                    "hosts": (),
                    "schedule_id": None,
                    "metadata": {**parent.metadata, "managedEventConfig": {}},
                    "key": key,
                }
            )
            self.claim_slug(child, child_path, True, where=child_path)
            self.world.insert("event_types", child)
