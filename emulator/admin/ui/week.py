"""The week view: one user's week in their time zone, working hours shaded, bookings placed on it.

The hours come from the schedule availability uses for the user (domain/availability.py), date
overrides included, so a shaded hour is one the slots endpoints could offer. Bookings are the ones
the user organizes or attends. Only the chosen week's bookings are read, so a world of 50,000
bookings costs one pass over the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from emulator.admin.ui.markup import Html, badge, join, part_link, record_link, table, tag
from emulator.domain.availability import schedule_for, working_ranges, zone
from emulator.world.fixture_times import EARLIEST, LATEST
from emulator.world.models import Booking, User
from emulator.world.store import World

PAGE = "/_emulator/ui/week"
PICKER_USERS = 200  # users offered in the picker; any other is reached by ?user= (its id or username)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WeekError(ValueError):
    """A user or week the query names that cannot be shown: the message for the 400/404."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Block:
    """A stretch of one day column, as fractions of the day (0 = midnight, 1 = the next midnight)."""

    top: float
    bottom: float


def find_user(world: World, wanted: str | None) -> User:
    if wanted is None or wanted == "":
        users = world.tables["users"]
        if not users:
            raise WeekError(404, "the world has no users")
        first: User = users[min(users)]
        return first
    if wanted.isdecimal() and len(wanted) <= 12:
        found: User | None = world.find("users", int(wanted))
        if found is not None:
            return found
    by_name = world.by_key("users", wanted) or next(
        (u for u in world.tables["users"].values() if u.username == wanted), None
    )
    if by_name is None:
        raise WeekError(404, f"no user {wanted[:80]!r} (give a user id or username)")
    return by_name  # type: ignore[no-any-return]


def first_day(world: World, user: User, wanted: str | None) -> date:
    """The first day of the week holding `wanted` (an ISO date; default: today on the emulator clock),
    by the user's week start."""
    tz = zone(user.time_zone)
    if wanted:
        try:
            day = date.fromisoformat(wanted[:10]) if len(wanted) <= 40 else None
        except ValueError:
            day = None
        if day is None or not EARLIEST.date() < day < LATEST.date():
            raise WeekError(400, f"week must be a date (YYYY-MM-DD) between {EARLIEST.year} and {LATEST.year}")
    else:
        day = world.clock.now().astimezone(tz).date()
    start = DAYS.index(user.week_start) if user.week_start in DAYS else 0
    return day - timedelta(days=(day.weekday() - start) % 7)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def _fraction(moment: datetime, day: date, tz: ZoneInfo) -> float:
    local = moment.astimezone(tz)
    if local.date() > day:
        return 1.0
    return (local.hour * 60 + local.minute) / 1440


def blocks(start: datetime, end: datetime, day: date, tz: ZoneInfo) -> Block | None:
    """The part of [start, end) on `day` in `tz`, or None when it does not touch the day."""
    lo, hi = _midnight(day, tz), _midnight(day + timedelta(days=1), tz)
    s, e = max(start, lo), min(end, hi)
    if s >= e:
        return None
    return Block(_fraction(s, day, tz), _fraction(e, day, tz) if e < hi else 1.0)


def week_bookings(world: World, user: User, lo: datetime, hi: datetime) -> list[Booking]:
    # Bookings hold UTC instants: comparing with UTC bounds skips a zone lookup per comparison, which
    # is most of the cost of a pass over 50,000 bookings.
    email, lo, hi = user.email.lower(), lo.astimezone(UTC), hi.astimezone(UTC)
    found = [
        b
        for b in world.tables["bookings"].values()
        if b.start < hi and b.end > lo and (b.user_id == user.id or any(a.email.lower() == email for a in b.attendees))
    ]
    return sorted(found, key=lambda b: (b.start, b.id))


def _lanes(items: list[tuple[Block, Booking]]) -> tuple[dict[int, int], int]:
    """Side-by-side lanes for overlapping bookings of one day: booking id -> lane, and the lane count."""
    ends: list[float] = []
    lane_of: dict[int, int] = {}
    for block, booking in sorted(items, key=lambda i: i[0].top):
        lane = next((n for n, end in enumerate(ends) if end <= block.top), len(ends))
        if lane == len(ends):
            ends.append(block.bottom)
        else:
            ends[lane] = block.bottom
        lane_of[booking.id] = lane
    return lane_of, max(len(ends), 1)


def _style(block: Block, lane: int = 0, lanes: int = 1) -> str:
    width = 100 / lanes
    return (
        f"top:{block.top * 100:.3f}%;height:{max(block.bottom - block.top, 0.012) * 100:.3f}%;"
        f"left:{lane * width:.2f}%;width:{width:.2f}%"
    )


def _clock(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


def _column(
    day: date, tz: ZoneInfo, working: list[tuple[datetime, datetime]], bookings: list[Booking], now: datetime
) -> Html:
    shaded = [b for s, e in working if (b := blocks(s, e, day, tz)) is not None]
    placed = [(b, booking) for booking in bookings if (b := blocks(booking.start, booking.end, day, tz)) is not None]
    lane_of, lanes = _lanes(placed)
    parts = [tag("div", "", class_="slot", style=_style(b)) for b in shaded]
    if now.astimezone(tz).date() == day:  # the emulator clock's now, as a line across today
        parts.append(tag("div", "", class_="now", style=f"top:{_fraction(now, day, tz) * 100:.3f}%"))
    for block, booking in placed:
        status = booking.status.lower()
        label = f"{_clock(booking.start, tz)}\u2013{_clock(booking.end, tz)} {booking.title}"
        parts.append(
            tag(
                "a",
                tag("span", label),
                class_=f"booking {status}",
                style=_style(block, lane_of[booking.id], lanes),
                href=f"/_emulator/ui/record/bookings/{booking.id}",
                data_json=True,
                data_uid=booking.uid,
                title=f"{label} ({booking.status})",
            )
        )
    head = tag("div", tag("strong", day.strftime("%a")), " ", day.isoformat(), class_="day-head")
    return tag("div", head, tag("div", join(parts), class_="day-body"), class_="day", data_day=day.isoformat())


def _picker(world: World, user: User, first: date) -> Html:
    users = world.tables["users"]
    offered = [users[k] for k in sorted(users)[:PICKER_USERS]]
    if user not in offered:
        offered.append(user)
    options = join(tag("option", f"{u.username} ({u.name})", value=u.id, selected=u.id == user.id) for u in offered)
    params = {"user": user.id}
    return tag(
        "form",
        tag("label", "user ", tag("select", options, name="user")),
        tag("label", " week of ", tag("input", type="date", name="week", value=first.isoformat())),
        tag("button", "Show", type="submit"),
        " ",
        part_link("\u2190 previous week", PAGE, {**params, "week": (first - timedelta(days=7)).isoformat()}),
        " ",
        part_link("this week", PAGE, params),
        " ",
        part_link("next week \u2192", PAGE, {**params, "week": (first + timedelta(days=7)).isoformat()}),
        data_filter=PAGE,
        class_="filters",
    )


def _listing(bookings: list[Booking], tz: ZoneInfo) -> Html:
    if not bookings:
        return tag("p", "No bookings this week.", class_="muted", id="week-empty")
    rows = (
        [
            record_link(b.id, "bookings", b.id),
            b.start.astimezone(tz).strftime("%a %Y-%m-%d %H:%M"),
            f"{int((b.end - b.start).total_seconds() // 60)} min",
            b.title,
            badge(b.status, b.status.lower()),
            ", ".join(a.email for a in b.attendees),
            b.uid,
        ]
        for b in bookings
    )
    headers = ["id", "start", "length", "title", "status", "attendees", "uid"]
    return table(headers, rows, class_="records", id="week-bookings")


def render(world: World, params: Mapping[str, str]) -> Html:
    user = find_user(world, params.get("user"))
    first = first_day(world, user, params.get("week"))
    tz = zone(user.time_zone)
    lo, hi = _midnight(first, tz), _midnight(first + timedelta(days=7), tz)
    schedule = schedule_for(world, user)
    ranges = working_ranges(schedule, int(lo.timestamp()), int(hi.timestamp()))
    working = [(datetime.fromtimestamp(r.start, UTC), datetime.fromtimestamp(r.end, UTC)) for r in ranges]
    bookings = week_bookings(world, user, lo, hi)
    days = [first + timedelta(days=n) for n in range(7)]
    hours = tag("div", tag("span", ""), join(tag("span", f"{h:02d}:00") for h in range(24)), class_="hours")
    now = world.clock.now()
    grid = tag(
        "div",
        hours,
        join(_column(d, tz, working, bookings, now) for d in days),
        class_="week",
    )
    title = f"{user.name} ({user.username}) \u2014 week of {first.isoformat()}, {user.time_zone}"
    legend = tag(
        "p",
        tag("span", "", class_="swatch slot"),
        f" working hours (schedule {schedule.schedule_id or 'fallback'}, {schedule.time_zone})  ",
        tag("span", "", class_="swatch booking accepted"),
        " booking  ",
        tag("span", "", class_="swatch booking cancelled"),
        " cancelled / rejected  ",
        tag("span", "", class_="swatch booking pending"),
        " pending",
        class_="legend",
    )
    return join(
        [
            tag("h1", "Bookings week"),
            _picker(world, user, first),
            tag("h2", title, id="week-title", data_user=user.id),
            legend,
            grid,
            tag("h2", f"{len(bookings)} booking(s) this week"),
            _listing(bookings, tz),
        ]
    )
