"""Who a slot needs: the scheduling types, the hosts of an event type in Cal.com's order, and how
their free time combines into the event type's.

Read from packages/trpc/server/routers/viewer/slots/util.ts (the hosts getAvailableSlots asks about)
and packages/lib/getAggregatedAvailability.ts. Fixed hosts (all hosts of a collective event, the
single host of a personal one) must all be free; round-robin hosts need one of them free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from emulator.domain.availability import Range, intersect, merge_overlapping, without_redundant
from emulator.world.models import EventType, User
from emulator.world.store import World

COLLECTIVE, ROUND_ROBIN, MANAGED = "COLLECTIVE", "ROUND_ROBIN", "MANAGED"


@dataclass(frozen=True, slots=True)
class HostUser:
    user: User
    fixed: bool


def hosts_of(world: World, event_type: EventType, users: Sequence[User] = ()) -> list[HostUser]:
    """Who must be free, in Cal.com's order (round-robin hosts first, then fixed ones)."""
    kind = event_type.scheduling_type
    if users:
        return [HostUser(u, True) for u in users]
    if event_type.hosts and kind:
        found = []
        for host in event_type.hosts:
            user: User | None = world.find("users", host.user_id)
            if user is not None:
                # Cal.com stores every host of a collective event as fixed.
                found.append(HostUser(user, host.is_fixed or kind == COLLECTIVE))
        return [h for h in found if not h.fixed] + [h for h in found if h.fixed]
    owner: User | None = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    return [HostUser(owner, not kind or kind == COLLECTIVE)] if owner is not None else []


def routed(hosts: list[HostUser], member_ids: tuple[int, ...] | None) -> list[HostUser]:
    """Round-robin hosts narrowed to the members a routing form chose; fixed hosts always stay, and
    when none of the chosen is a round-robin host they all stay (findQualifiedHostsWithDelegationCredentials
    never filters down to nobody)."""
    if not member_ids:
        return hosts
    chosen = [h for h in hosts if not h.fixed and h.user.id in member_ids]
    if not chosen:
        return hosts
    return chosen + [h for h in hosts if h.fixed]


def team_emails(event_type: EventType, hosts: Sequence[HostUser]) -> frozenset[str]:
    """Hosts of a team event are not counted as taking seats."""
    if event_type.scheduling_type in (COLLECTIVE, ROUND_ROBIN, MANAGED):
        return frozenset(h.user.email.lower() for h in hosts)
    return frozenset()


def aggregate(per_host: Sequence[tuple[HostUser, list[Range]]], scheduling_type: str | None) -> list[Range]:
    """Fixed hosts must all be free; of the round-robin hosts, one is enough (getAggregatedAvailability).
    When the fixed hosts share no time at all, Cal.com leaves them out rather than closing everything."""
    fixed = [ranges for host, ranges in per_host if not scheduling_type or scheduling_type == COLLECTIVE or host.fixed]
    fixed_ranges = merge_overlapping(intersect(fixed)) if fixed else []
    lists: list[list[Range]] = [fixed_ranges] if fixed_ranges else []
    round_robin = [ranges for host, ranges in per_host if not host.fixed]
    if round_robin:
        lists.append([r for ranges in round_robin for r in ranges])
    return without_redundant(intersect(lists))
