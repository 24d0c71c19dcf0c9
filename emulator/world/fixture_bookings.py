"""Building what happens on the calendars: bookings (with the check that no organizer is booked
twice at once), the webhooks that hear of them, out-of-office entries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from emulator.world import ids
from emulator.world.fixture_base import BLOCKING, BuilderBase, Interval
from emulator.world.models import Attendee, Booking, EventType, OutOfOffice, Webhook
from emulator.world.yaml_source import DocPath


class BookingsBuilder(BuilderBase):
    # bookings --------------------------------------------------------------------------------
    def bookings(self) -> None:
        earlier = list(self.world.tables["bookings"].values())
        blocks: dict[int, list[Interval]] = {}
        for key, spec, path in self.records("bookings"):
            if not self.claim_key("bookings", key, path):
                continue
            booking = self.booking(key, spec, path)
            if booking is None:
                self.silenced["bookings"].add(key)
                continue
            self.world.insert("bookings", booking)
            if booking.status in BLOCKING and booking.user_id is not None:
                order = len(blocks.get(booking.user_id, ())) + 1
                blocks.setdefault(booking.user_id, []).append(
                    Interval(booking.start, booking.end, repr(key), path, order)
                )
        if blocks:
            for booking in earlier:
                if booking.user_id in blocks and booking.status in BLOCKING:
                    label = f"{booking.key!r}" if booking.key else booking.uid
                    blocks[booking.user_id].append(
                        Interval(booking.start, booking.end, f"{label} (loaded before)", None, 0)
                    )
            self.check_overlaps(blocks)

    def booking(self, key: str, spec: dict[str, Any], path: DocPath) -> Booking | None:
        et_path = (*path, "eventType")
        et_id = self.ref("event_types", spec.get("eventType"), et_path)
        et: EventType | None = self.find("event_types", et_id)
        organizer_id = None
        if et is not None and et.scheduling_type == "MANAGED":
            self.error(
                et_path, f"{spec['eventType']!r} is a MANAGED parent: book one of its children (<user>/{et.slug})"
            )
        elif "organizer" in spec:
            organizer_id = self.ref("users", spec["organizer"], (*path, "organizer"))
            if (
                et is not None
                and organizer_id is not None
                and organizer_id != et.owner_id
                and organizer_id not in {h.user_id for h in et.hosts}
            ):
                self.error(
                    (*path, "organizer"),
                    f"user {spec['organizer']!r} is neither the owner nor a host of {spec['eventType']!r}",
                )
        elif et is not None:
            organizer_id = et.owner_id if et.owner_id is not None else (et.hosts[0].user_id if et.hosts else None)
            if organizer_id is None and et.id not in self.vague:
                self.error(et_path, f"event type {spec['eventType']!r} has no owner or hosts: give organizer:")
        start = self.time(spec, "start", path)
        end = self.time(spec, "end", path)
        if start is None:
            return None
        if end is None and "end" not in spec:
            end = start + timedelta(minutes=et.length if et is not None else 30)
        if end is None:
            return None
        if end <= start:
            self.error((*path, "end"), f"end {end.isoformat()} is not after start {start.isoformat()}")
        organizer = self.find("users", organizer_id)
        zone = organizer.time_zone if organizer is not None else "UTC"
        seats = et.seats_per_time_slot if et is not None else None
        attendees_spec: list[dict[str, Any]] = spec.get("attendees") or []
        if seats is not None and len(attendees_spec) > seats:
            self.error(
                (*path, "attendees"),
                f"{len(attendees_spec)} attendees, but {spec['eventType']!r} has only {seats} seats",
            )
        attendees = tuple(
            Attendee(
                id=self.world.next_id("attendees"),
                name=str(a.get("name")),
                email=str(a.get("email")),
                time_zone=self.zone(a, (*path, "attendees", i), zone),
                locale=a.get("locale", "en"),
                phone_number=a.get("phoneNumber"),
                no_show=a.get("noShow", False),
                seat_uid=(a.get("seatUid") or ids.uuid4(self.rng)) if seats is not None else a.get("seatUid"),
            )
            for i, a in enumerate(attendees_spec)
        )
        uid = spec.get("uid") or ids.short_uid(self.rng)
        if uid in self.ctx.booking_uids:
            self.error((*path, "uid"), f"booking uid {uid!r} is already used")
        self.ctx.booking_uids.add(uid)
        from_reschedule = None
        if "fromReschedule" in spec:
            earlier = self.find("bookings", self.ref("bookings", spec["fromReschedule"], (*path, "fromReschedule")))
            from_reschedule = earlier.uid if earlier is not None else None
        first = attendees[0] if attendees else None
        event_title = et.title if et is not None else "Meeting"
        host_name = organizer.name if organizer is not None else "the host"
        title = spec.get("title") or (f"{event_title} between {host_name} and {first.name}" if first else event_title)
        return Booking(
            id=self.world.next_id("bookings"),
            uid=uid,
            user_id=organizer_id,
            event_type_id=et_id,
            title=title,
            start=start,
            end=end,
            status=str(spec.get("status", "accepted")).upper(),
            attendees=attendees,
            description=spec.get("description"),
            location=spec.get("location"),
            metadata=dict(spec.get("metadata") or {}),
            responses=dict(spec.get("responses") or ({"name": first.name, "email": first.email} if first else {})),
            created_at=self.time(spec, "createdAt", path) or min(self.now, start - timedelta(days=1)),
            updated_at=self.time(spec, "updatedAt", path),
            cancellation_reason=spec.get("cancellationReason"),
            rejection_reason=spec.get("rejectionReason"),
            cancelled_by=spec.get("cancelledBy"),
            rescheduled=spec.get("rescheduled", False),
            from_reschedule=from_reschedule,
            rescheduled_by=spec.get("rescheduledBy"),
            recurring_event_id=spec.get("recurringEventId"),
            ical_uid=spec.get("icalUid") or f"{uid}@Cal.com",
            no_show_host=spec.get("noShowHost", False),
            paid=spec.get("paid", False),
            rating=spec.get("rating"),
            key=key,
        )

    def check_overlaps(self, blocks: dict[int, list[Interval]]) -> None:
        """No organizer is in two accepted or pending bookings at once (seats share one booking)."""
        for user_id, intervals in blocks.items():
            intervals.sort(key=lambda iv: (iv.start, iv.order))
            latest: Interval | None = None
            for iv in intervals:
                if latest is not None and iv.start < latest.end:
                    later, earlier = (iv, latest) if iv.order > latest.order else (latest, iv)
                    if later.path is not None:
                        where = f" at line {self.p.key_pos(earlier.path)[0]}" if earlier.path is not None else ""
                        self.error(
                            later.path,
                            f"booking {later.label} overlaps booking {earlier.label}{where}: "
                            f"organizer {self.label('users', user_id)} is busy "
                            f"{earlier.start:%Y-%m-%d %H:%M}-{earlier.end:%H:%M} UTC",
                            at_key=True,
                        )
                if latest is None or iv.end > latest.end:
                    latest = iv

    # webhooks and out of office --------------------------------------------------------------
    def webhooks(self) -> None:
        targets = {"owner": "users", "team": "teams", "eventType": "event_types", "oauthClient": "oauth_clients"}
        for key, spec, path in self.records("webhooks"):
            if not self.claim_key("webhooks", key, path):
                continue
            given = [name for name in targets if name in spec]
            if len(given) != 1:
                self.error(path, "a webhook belongs to exactly one of owner, team, eventType, oauthClient", at_key=True)
                continue
            kind = given[0]
            target = self.ref(targets[kind], spec[kind], (*path, kind))
            url = str(spec.get("subscriberUrl"))
            if target is not None:
                if (kind, target, url) in self.ctx.webhook_targets:
                    self.error((*path, "subscriberUrl"), f"{kind} {spec[kind]!r} already has a webhook for {url}")
                self.ctx.webhook_targets.add((kind, target, url))
            hook_id = spec.get("id") or ids.uuid4(self.rng)
            if hook_id in self.world.tables["webhooks"]:
                self.error((*path, "id"), f"webhook id {hook_id!r} is already used")
                continue
            self.world.insert(
                "webhooks",
                Webhook(
                    id=hook_id,
                    subscriber_url=url,
                    triggers=tuple(spec.get("triggers") or ()),
                    active=spec.get("active", True),
                    user_id=target if kind == "owner" else None,
                    team_id=target if kind == "team" else None,
                    event_type_id=target if kind == "eventType" else None,
                    platform_client_id=target if kind == "oauthClient" else None,
                    payload_template=spec.get("payloadTemplate"),
                    secret=spec.get("secret"),
                    created_at=self.time(spec, "createdAt", path) or self.now,
                    key=key,
                ),
            )

    def out_of_office(self) -> None:
        for key, spec, path in self.records("outOfOffice"):
            if not self.claim_key("out_of_office", key, path):
                continue
            user_id = self.ref("users", spec.get("user"), (*path, "user"))
            to_user = self.ref("users", spec["toUser"], (*path, "toUser")) if "toUser" in spec else None
            start, end = self.time(spec, "start", path), self.time(spec, "end", path)
            if start is None or end is None:
                continue
            if end <= start:
                self.error((*path, "end"), f"end {end.isoformat()} is not after start {start.isoformat()}")
            entry = OutOfOffice(
                id=self.world.next_id("out_of_office"),
                uuid=spec.get("uuid") or ids.uuid4(self.rng),
                user_id=user_id or 0,
                start=start,
                end=end,
                reason=spec.get("reason", "unspecified"),
                notes=spec.get("notes"),
                to_user_id=to_user,
                created_at=self.time(spec, "createdAt", path) or self.now,
                key=key,
            )
            self.world.insert("out_of_office", entry)
