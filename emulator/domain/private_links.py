"""Private links of event types: the rules of apps/api/v2/src/ee/event-types-private-links (the
service and its input transform) and of packages/lib/hashedLinksUtils.ts and HashedLinkService
(expiry, and what a booking through a link does).

- A link expires by date or by number of uses; creating one takes exactly one of ``expiresAt`` and
  ``maxUsageCount`` (400 otherwise, in the service's words). The hash comes from the world's random
  source, shaped like Cal.com's short uuid.
- Expired: the date has passed, or the uses reached a positive maximum. A link that expires by date
  keeps the column's default maximum of 1 but never counts uses, so only its date matters.
- Update writes ``expiresAt`` always (absent means none, so a usage update turns a dated link into a
  counted one) and ``maxUsageCount`` only when given, as the repository's updateMany does. An unknown
  link, or one of another event type, is 404 ``Updated link not found`` / ``Deleted link not found``.
- Booking through a link (the booking core's ``hashedLink`` with ``hasHashedBookingLink``): an
  unknown or expired link refuses the booking with the core's error code ``private_link_expired``;
  a booking made through a counted link uses it once.
"""

from __future__ import annotations

from datetime import datetime

from emulator.domain.booking_rules import BookingRefused
from emulator.domain.errors import DomainError
from emulator.world import ids
from emulator.world.records_private_links import HashedLink
from emulator.world.store import World

TABLE = "hashed_links"
WEBSITE = "https://cal.com"  # the service's fallback for NEXT_PUBLIC_WEBAPP_URL
EXPIRED = "private_link_expired"  # ErrorCode.PrivateLinkExpired
NEITHER = "Either expiresAt or maxUsageCount must be provided"
BOTH = "Provide only one of expiresAt or maxUsageCount"


def booking_url(link: HashedLink) -> str:
    return f"{WEBSITE}/d/{link.link}"


def of_event_type(world: World, event_type_id: int) -> list[HashedLink]:
    return sorted(world.where(TABLE, lambda h: h.event_type_id == event_type_id), key=lambda h: h.id)


def by_hash(world: World, link: str) -> HashedLink | None:
    found = world.where(TABLE, lambda h: h.link == link)
    return found[0] if found else None


def _time_expired(link: HashedLink, now: datetime) -> bool:
    return link.expires_at is not None and link.expires_at < now


def _usage_expired(link: HashedLink) -> bool:
    return link.max_usage_count > 0 and link.usage_count >= link.max_usage_count


def is_expired(world: World, link: HashedLink) -> bool:
    """isLinkExpired: by date, or by uses for a positive maximum."""
    return _time_expired(link, world.clock.now()) or _usage_expired(link)


def create(world: World, event_type_id: int, expires_at: datetime | None, max_usage_count: int | None) -> HashedLink:
    """createPrivateLink: exactly one of the two limits."""
    if expires_at is None and max_usage_count is None:
        raise DomainError(400, NEITHER)
    if expires_at is not None and max_usage_count is not None:
        raise DomainError(400, BOTH)
    record = HashedLink(
        id=world.next_id(TABLE),
        link=ids.short_uid(world.rng),
        event_type_id=event_type_id,
        expires_at=expires_at,
        max_usage_count=max_usage_count if max_usage_count is not None else 1,
    )
    return world.insert(TABLE, record)


def _of(world: World, event_type_id: int, link: str) -> HashedLink | None:
    found = by_hash(world, link)
    return found if found is not None and found.event_type_id == event_type_id else None


def update(
    world: World, event_type_id: int, link: str, expires_at: datetime | None, max_usage_count: int | None
) -> HashedLink:
    found = _of(world, event_type_id, link)
    if found is None:
        raise DomainError(404, "Updated link not found")
    changes: dict[str, object] = {"expires_at": expires_at}
    if max_usage_count is not None:
        changes["max_usage_count"] = max_usage_count
    updated: HashedLink = world.update(TABLE, found.id, **changes)
    return updated


def delete(world: World, event_type_id: int, link: str) -> None:
    found = _of(world, event_type_id, link)
    if found is None:
        raise DomainError(404, "Deleted link not found")
    world.delete(TABLE, found.id)


def check_usable(world: World, link: str) -> HashedLink:
    """HashedLinkService.validate, before a booking through the link: unknown or expired is refused."""
    found = by_hash(world, link)
    if found is None or is_expired(world, found):
        raise BookingRefused(400, EXPIRED)
    return found


def count_use(world: World, link: str) -> None:
    """validateAndIncrementUsage after the booking: a dated link is not counted; a counted one uses
    one of its uses."""
    found = check_usable(world, link)
    if found.expires_at is None and found.max_usage_count > 0:
        world.update(TABLE, found.id, usage_count=found.usage_count + 1)


def drop_for_event_type(world: World, event_type_id: int) -> None:
    """An event type's links go with it (the relation cascades)."""
    for link in of_event_type(world, event_type_id):
        world.delete(TABLE, link.id)
