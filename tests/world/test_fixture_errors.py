"""Every kind of fixture error, pinned to the exact line and column of the offending node."""

from __future__ import annotations

import pytest

from emulator.world.fixtures import FixtureErrors, load_world
from tests.world.fixtures_helpers import errors_of, fresh_world, load, only_error, source, state

USERS = """
users:
  alice: {email: alice@x.io, timeZone: Europe/London}
  bob: {email: bob@x.io}
"""


# parsing ----------------------------------------------------------------------------------------


def test_yaml_syntax_error() -> None:
    line, column, message = only_error("users:\n  alice: {email: a@x.io\n  bob: {}\n")
    assert (line, column) == (3, 6)
    assert message.startswith("not valid YAML or JSON:")


def test_json_syntax_error() -> None:
    assert only_error('{"users": {"a": {"email": "a@x.io" "name": "A"}}}\n') == (
        1,
        36,
        "not valid YAML or JSON: did not find expected ',' or '}'",
    )


def test_duplicate_key_in_a_mapping() -> None:
    assert only_error(
        """
        users:
          alice: {email: a@x.io}
          bob: {email: b@x.io}
          alice: {email: c@x.io}
        """
    ) == (4, 3, "duplicate key 'alice' (first defined at line 2)")


def test_duplicate_field_inside_a_record() -> None:
    assert only_error(
        """
        users:
          alice:
            email: a@x.io
            name: A
            email: b@x.io
        """
    ) == (5, 5, "duplicate key 'email' (first defined at line 3)")


def test_top_level_must_be_a_mapping() -> None:
    assert only_error("- users\n") == (
        1,
        1,
        "the fixtures must be a mapping of sections (users, teams, ...), not a list",
    )


# structure (the JSON Schema) ---------------------------------------------------------------------


def test_unknown_key_with_a_suggestion() -> None:
    assert only_error(
        """
        users:
          alice:
            email: a@x.io
            timezone: Europe/London
        """
    ) == (4, 5, "unknown key 'timezone' (did you mean 'timeZone'?)")


def test_unknown_section() -> None:
    assert only_error("user:\n  alice: {email: a@x.io}\n") == (1, 1, "unknown key 'user' (did you mean 'users'?)")


def test_wrong_type() -> None:
    assert only_error(
        """
        users:
          alice: {email: a@x.io}
        eventTypes:
          alice/30min: {owner: alice, title: Chat, length: thirty}
        """
    ) == (4, 52, "expected integer, got string 'thirty'")


def test_missing_required_field_points_at_the_record_key() -> None:
    assert only_error(
        """
        users:
          alice:
            name: Alice
        """
    ) == (2, 3, "missing required field 'email'")


def test_missing_required_field_of_a_nested_item() -> None:
    line, column, message = only_error(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
bookings:
  b:
    eventType: alice/30min
    start: 2026-02-02T10:00:00Z
    attendees:
      - name: Nobody
"""
    )
    assert (line, column, message) == (12, 9, "missing required field 'email'")


def test_bad_enum_value() -> None:
    assert only_error(
        """
        users:
          alice: {email: a@x.io, plan: gold}
        """
    ) == (2, 32, "'gold' is not one of: free, team, organization, enterprise")


def test_bad_enum_inside_an_any_of() -> None:
    assert only_error(
        """
        schedules:
          s: {owner: x, availability: [{days: [Mon, Funday], start: "09:00", end: "17:00"}]}
        users:
          x: {email: x@x.io}
        """
    )[:2] == (2, 45)


def test_bad_api_key_format() -> None:
    line, column, message = only_error(
        """
        users:
          alice:
            email: a@x.io
            apiKeys: [{key: cal_nothex}]
        """
    )
    assert (line, column) == (4, 21)
    assert message.startswith("'cal_nothex' does not have the expected form")


# references ---------------------------------------------------------------------------------------


def test_dangling_reference() -> None:
    assert only_error(
        USERS
        + """
eventTypes:
  alice/30min: {owner: nobody, title: Chat, length: 30}
"""
    ) == (6, 24, "unknown user 'nobody'")


def test_dangling_reference_with_a_suggestion() -> None:
    assert only_error(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
bookings:
  b: {eventType: alice/30mn, start: now+1d, attendees: [{name: N, email: n@x.io}]}
"""
    ) == (8, 18, "unknown event type 'alice/30mn' (did you mean 'alice/30min'?)")


def test_references_to_a_broken_record_are_not_reported_twice() -> None:
    errors = errors_of(
        """
        users:
          alice: {name: no e-mail}
        eventTypes:
          alice/30min: {owner: alice, title: Chat, length: 30}
        """
    )
    assert [(e.line, e.column, e.message) for e in errors] == [(2, 3, "missing required field 'email'")]


def test_a_key_defined_again_in_a_later_layer() -> None:
    errors = errors_of(USERS, "users:\n  alice: {email: other@x.io}\n")
    assert [(e.file, e.line, e.column, e.message) for e in errors] == [
        ("s1.yaml", 2, 3, "user 'alice' is already defined (fixture keys must be unique)")
    ]


def test_user_keys_may_not_contain_a_slash() -> None:
    assert only_error("users:\n  a/b: {email: a@x.io}\n") == (2, 3, "user key 'a/b' may not contain '/' or spaces")


# values -------------------------------------------------------------------------------------------


def test_bad_time_zone() -> None:
    assert only_error(
        """
        users:
          alice: {email: a@x.io, timeZone: Europe/Londn}
        """
    ) == (2, 36, "unknown time zone 'Europe/Londn' (use an IANA name such as Europe/London)")


def test_bad_attendee_time_zone() -> None:
    line, column, message = only_error(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
bookings:
  b:
    eventType: alice/30min
    start: now+1d
    attendees: [{name: N, email: n@x.io, timeZone: Mars/Base}]
"""
    )
    assert (line, column, message) == (11, 52, "unknown time zone 'Mars/Base' (use an IANA name such as Europe/London)")


def test_bad_times_of_day_each_reported() -> None:
    errors = errors_of(
        USERS
        + """
schedules:
  alice/wh:
    availability:
      - {days: [Mon], start: "25:00", end: "17:00"}
      - {days: [Tue], start: "9am", end: "17:60"}
"""
    )
    assert [(e.line, e.column, e.message) for e in errors] == [
        (8, 30, "bad time of day '25:00': hours go from 00 to 23 and minutes from 00 to 59"),
        (9, 30, "bad time of day '9am': expected HH:MM (24-hour clock)"),
        (9, 42, "bad time of day '17:60': hours go from 00 to 23 and minutes from 00 to 59"),
    ]


def test_schedule_end_before_start() -> None:
    assert only_error(
        USERS
        + """
schedules:
  alice/wh:
    availability: [{days: [Mon], start: "17:00", end: "09:00"}]
    overrides:
      - {date: 2026-02-02, start: "00:00", end: "00:00"}
"""
    ) == (7, 55, "end 09:00 is not after start 17:00")


def test_override_end_before_start_and_bad_date() -> None:
    errors = errors_of(
        USERS
        + """
schedules:
  alice/wh:
    overrides:
      - {date: 2026-02-30, start: "10:00", end: "12:00"}
      - {date: today+1d, start: "12:00", end: "10:00"}
"""
    )
    assert [(e.line, e.column) for e in errors] == [(8, 16), (9, 47)]
    assert errors[0].message.startswith("bad date '2026-02-30'")
    assert errors[1].message == "end 10:00 is not after start 12:00 (use 00:00 to 00:00 for a day off)"


def test_booking_end_before_start() -> None:
    assert only_error(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
bookings:
  b:
    eventType: alice/30min
    start: 2026-02-02T10:00:00Z
    end: 2026-02-02T09:00:00Z
    attendees: [{name: N, email: n@x.io}]
"""
    ) == (11, 10, "end 2026-02-02T09:00:00+00:00 is not after start 2026-02-02T10:00:00+00:00")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("now+3x", "bad relative time 'now+3x'"),
        ("now + 1d", "bad relative time 'now + 1d'"),
        ("today+2h@10:00", "bad relative time 'today+2h@10:00'"),
        ("today+1d@24:00", "bad time of day '24:00'"),
        ("tomorrow", "bad time 'tomorrow'"),
    ],
)
def test_bad_relative_time(value: str, message: str) -> None:
    line, column, text = only_error(
        USERS
        + f"""
eventTypes:
  alice/30min: {{owner: alice, title: Chat, length: 30}}
bookings:
  b:
    eventType: alice/30min
    start: {value}
    attendees: [{{name: N, email: n@x.io}}]
"""
    )
    assert (line, column) == (10, 12)
    assert text.startswith(message)


def test_now_must_be_absolute() -> None:
    assert only_error("now: now+1d\n") == (1, 6, "'now' must be an ISO instant, not a relative time ('now+1d')")


# bookings -----------------------------------------------------------------------------------------


def test_overlapping_bookings_of_one_organizer() -> None:
    errors = errors_of(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
  alice/60min: {owner: alice, title: Long, length: 60}
bookings:
  first: {eventType: alice/60min, start: 2026-02-02T10:00:00Z, attendees: [{name: N, email: n@x.io}]}
  gone: {eventType: alice/30min, start: 2026-02-02T10:00:00Z, status: cancelled, attendees: [{name: N, email: n@x.io}]}
  fine-after: {eventType: alice/30min, start: 2026-02-02T11:00:00Z, attendees: [{name: N, email: n@x.io}]}
  clash: {eventType: alice/30min, start: 2026-02-02T10:30:00Z, status: pending, attendees: [{name: N, email: n@x.io}]}
"""
    )
    assert [(e.line, e.column, e.message) for e in errors] == [
        (
            12,
            3,
            "booking 'clash' overlaps booking 'first' at line 9: organizer 'alice' is busy 2026-02-02 10:00-11:00 UTC",
        )
    ]


def test_too_many_attendees_for_the_seats() -> None:
    assert only_error(
        USERS
        + """
eventTypes:
  alice/class: {owner: alice, title: Class, length: 60, seatsPerTimeSlot: 1}
bookings:
  b:
    eventType: alice/class
    start: now+1d
    attendees: [{name: N, email: n@x.io}, {name: M, email: m@x.io}]
"""
    ) == (11, 16, "2 attendees, but 'alice/class' has only 1 seats")


def test_organizer_must_be_owner_or_host() -> None:
    assert only_error(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
bookings:
  b: {eventType: alice/30min, organizer: bob, start: now+1d, attendees: [{name: N, email: n@x.io}]}
"""
    ) == (8, 42, "user 'bob' is neither the owner nor a host of 'alice/30min'")


def test_duplicate_booking_uid() -> None:
    assert only_error(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
bookings:
  a: {eventType: alice/30min, uid: same, start: now+1d, attendees: [{name: N, email: n@x.io}]}
  b: {eventType: alice/30min, uid: same, start: now+2d, attendees: [{name: N, email: n@x.io}]}
"""
    ) == (9, 36, "booking uid 'same' is already used")


# teams ------------------------------------------------------------------------------------------------


def test_membership_role_not_member_admin_or_owner() -> None:
    errors = errors_of(
        USERS
        + """
teams:
  acme:
    members:
      alice: BOSS
      bob: {role: owner}
"""
    )
    assert [(e.line, e.column, e.message) for e in errors] == [
        (8, 14, "membership role 'BOSS' is not one of: MEMBER, ADMIN, OWNER"),
        (9, 19, "membership role 'owner' is not one of: MEMBER, ADMIN, OWNER"),
    ]


def test_parent_team_that_is_not_an_organization() -> None:
    assert only_error(
        """
        teams:
          acme: {name: Acme}
          sales: {parent: acme}
        """
    ) == (3, 19, "team 'acme' is not an organization (give it isOrganization: true)")


def test_oauth_client_of_a_team_that_is_not_an_organization() -> None:
    assert only_error(
        """
        teams:
          acme: {name: Acme}
        oauthClients:
          app: {name: App, organization: acme}
        """
    ) == (4, 34, "team 'acme' is not an organization")


def test_host_who_is_not_a_team_member() -> None:
    assert only_error(
        USERS
        + """
teams:
  sales: {members: {alice: OWNER}}
eventTypes:
  sales/rr: {team: sales, title: RR, length: 30, schedulingType: ROUND_ROBIN, hosts: [alice, bob]}
"""
    ) == (8, 94, "host 'bob' is not a member of team 'sales'")


# uniqueness ----------------------------------------------------------------------------------------------


def test_duplicate_email_any_case() -> None:
    assert only_error(
        """
        users:
          alice: {email: alice@x.io}
          alias: {email: Alice@X.io}
        """
    ) == (3, 18, "e-mail 'Alice@X.io' is already used by user 'alice'")


def test_duplicate_username_explicit_and_from_the_key() -> None:
    errors = errors_of(
        """
        users:
          alice: {email: a@x.io}
          other: {email: o@x.io, username: alice}
          bob: {email: b@x.io, username: carol}
          carol: {email: c@x.io}
        """
    )
    assert [(e.line, e.column, e.message) for e in errors] == [
        (3, 36, "username 'alice' is already used by user 'alice'"),
        (5, 3, "username 'carol' is already used by user 'bob'"),
    ]


def test_duplicate_event_type_slug_per_owner() -> None:
    errors = errors_of(
        USERS
        + """
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
  alice/chat: {owner: alice, slug: 30min, title: Chat, length: 30}
  bob/30min: {owner: bob, title: Chat, length: 30}
  extra: {owner: bob, title: Chat, length: 30, slug: 30min}
"""
    )
    assert [(e.line, e.column, e.message) for e in errors] == [
        (7, 36, "user 'alice' already has an event type with slug '30min'"),
        (9, 54, "user 'bob' already has an event type with slug '30min'"),
    ]


def test_duplicate_team_slug() -> None:
    assert only_error(
        """
        teams:
          acme: {isOrganization: true}
          one: {parent: acme, slug: sales}
          two: {parent: acme, slug: sales}
          sales: {}
        """
    ) == (4, 29, "team slug 'sales' is already used in organization 'acme'")


def test_duplicate_api_key() -> None:
    assert only_error(
        """
        users:
          a: {email: a@x.io, apiKeys: [{key: cal_0123456789abcdef0123456789abcdef}]}
          b: {email: b@x.io, apiKeys: [{key: cal_0123456789abcdef0123456789abcdef}]}
        """
    )[:2] == (3, 38)


# event types ----------------------------------------------------------------------------------------------


def test_event_type_with_neither_owner_nor_team() -> None:
    assert only_error(
        """
        eventTypes:
          lonely: {title: Lonely, length: 30}
        """
    ) == (2, 3, "event type 'lonely' needs an owner (a user key) or a team (a team key)")


def test_event_type_with_both_owner_and_team() -> None:
    assert only_error(
        USERS
        + """
teams:
  t: {members: {alice: OWNER}}
eventTypes:
  both: {owner: alice, team: t, title: Both, length: 30}
"""
    ) == (8, 30, "an event type has an owner (individual) or a team, not both")


def test_team_event_type_needs_a_scheduling_type() -> None:
    assert only_error(
        """
        teams:
          t: {}
        eventTypes:
          t/x: {team: t, title: X, length: 30}
        """
    ) == (4, 15, "a team event type needs schedulingType: COLLECTIVE, ROUND_ROBIN or MANAGED")


def test_length_must_be_one_of_lengths() -> None:
    assert only_error(
        USERS
        + """
eventTypes:
  alice/flex: {owner: alice, title: Flex, length: 20, lengths: [15, 30]}
"""
    ) == (6, 51, "length 20 is not one of lengths [15, 30]")


def test_webhook_needs_exactly_one_target() -> None:
    assert only_error(
        USERS
        + """
webhooks:
  w: {subscriberUrl: http://x, triggers: [BOOKING_CREATED]}
"""
    ) == (6, 3, "a webhook belongs to exactly one of owner, team, eventType, oauthClient")


# all together ---------------------------------------------------------------------------------------------

MANY = """
users:
  alice: {email: alice@x.io, timeZone: Nowhere/City}
  bob: {email: ALICE@x.io, plan: gold}
teams:
  acme: {members: {alice: CHIEF}}
eventTypes:
  alice/30min: {owner: alice, title: Chat, length: 30}
  ghost: {title: Ghost, length: 30}
bookings:
  b1: {eventType: alice/30min, start: 2026-02-02T10:00:00Z, attendees: [{name: N, email: n@x.io}]}
  b2: {eventType: alice/30min, start: 2026-02-02T10:15:00Z, attendees: [{name: N, email: n@x.io}]}
  b3: {eventType: alice/45min, start: later, attendees: [{name: N, email: n@x.io}]}
"""


def test_every_error_in_a_file_is_reported_in_order() -> None:
    errors = errors_of(MANY)
    assert [(e.line, e.column) for e in errors] == [
        (2, 40),
        (3, 16),
        (3, 34),
        (5, 27),
        (8, 3),
        (11, 3),
        (12, 19),
        (12, 39),
    ]
    assert [e.message.split(" ")[0] for e in errors] == [
        "unknown",
        "e-mail",
        "'gold'",
        "membership",
        "event",
        "booking",
        "unknown",
        "bad",
    ]
    assert str(errors[0]) == "test.yaml:2:40: unknown time zone 'Nowhere/City' (use an IANA name such as Europe/London)"


def test_errors_from_several_sources_are_all_reported() -> None:
    errors = errors_of("users:\n  a: {email: bad}\n", "users:\n  b: {email: b@x.io, locked: maybe}\n")
    assert [(e.file, e.line, e.column) for e in errors] == [("s0.yaml", 2, 14), ("s1.yaml", 2, 30)]


def test_a_failed_load_leaves_the_world_untouched() -> None:
    world = load(USERS)
    before = state(world)
    with pytest.raises(FixtureErrors):
        load_world(world, [source("users:\n  carol: {email: c@x.io}\n"), source(MANY)])
    assert state(world) == before
    empty = fresh_world()
    before_empty = state(empty)
    with pytest.raises(FixtureErrors):
        load_world(empty, [source(MANY)])
    assert state(empty) == before_empty


def test_the_exception_message_lists_the_problems() -> None:
    with pytest.raises(FixtureErrors) as caught:
        load_world(fresh_world(), [source("users:\n  a: {}\n")])
    assert str(caught.value) == "1 problem(s) in the fixtures:\ntest.yaml:2:3: missing required field 'email'"


MORE = {
    "schedule without an owner": (
        "schedules:\n  lonely: {availability: []}\n",
        (2, 3, "schedule 'lonely' needs an owner: add owner: <user key>, or name it <user key>/<name>"),
    ),
    "default schedule of someone else": (
        "users:\n  a: {email: a@x.io, defaultSchedule: b/wh}\n  b: {email: b@x.io}\nschedules:\n  b/wh: {}\n",
        (2, 39, "schedule 'b/wh' belongs to user 'b', not to this user"),
    ),
    "token that looks like an API key": (
        "teams:\n  org: {isOrganization: true}\noauthClients:\n  app:\n    name: App\n    organization: org\n"
        "    managedUsers:\n      m: {email: m@x.io, accessToken: cal_oops}\n",
        (8, 39, "a token may not start with 'cal_': that is how API keys are told apart"),
    ),
    "booking of a managed parent": (
        "users:\n  a: {email: a@x.io}\nteams:\n  t: {members: {a: OWNER}}\neventTypes:\n"
        "  t/m: {team: t, title: M, length: 30, schedulingType: MANAGED, children: [a]}\n"
        "bookings:\n  b: {eventType: t/m, start: now+1d, attendees: [{name: N, email: n@x.io}]}\n",
        (8, 18, "'t/m' is a MANAGED parent: book one of its children (<user>/m)"),
    ),
    "hosts on an individual event type": (
        "users:\n  a: {email: a@x.io}\neventTypes:\n  a/x: {owner: a, title: X, length: 30, hosts: [a]}\n",
        (4, 48, "hosts are for team event types; an individual event type's host is its owner"),
    ),
    "managed child who is not a member": (
        "users:\n  a: {email: a@x.io}\n  b: {email: b@x.io}\nteams:\n  t: {members: {a: OWNER}}\neventTypes:\n"
        "  t/m: {team: t, title: M, length: 30, schedulingType: MANAGED, children: [a, b]}\n",
        (7, 79, "user 'b' is not a member of the event type's team"),
    ),
    "more generated bookings than slots": (
        "generate:\n  users: 1\n  bookings: 100000\n",
        (3, 13, "100000 bookings do not fit: 1 users have 683 half-hour slots within 30 days of now"),
    ),
    "generated keys that exist": (
        "users:\n  gen-1: {email: g@x.io}\ngenerate: {users: 2}\n",
        (3, 11, "user key 'gen-1' already exists: choose another generate.keyPrefix"),
    ),
    "out of office ending before it starts": (
        "users:\n  a: {email: a@x.io}\noutOfOffice:\n  off: {user: a, start: now+2d, end: now+1d}\n",
        (4, 38, "end 2026-01-06T09:00:00+00:00 is not after start 2026-01-07T09:00:00+00:00"),
    ),
    "duplicate OAuth client id": (
        "teams:\n  org: {isOrganization: true}\noauthClients:\n"
        "  one: {name: One, organization: org, id: same}\n  two: {name: Two, organization: org, id: same}\n",
        (5, 43, "OAuth client id 'same' is already used"),
    ),
    "duplicate webhook of one owner": (
        "users:\n  a: {email: a@x.io}\nwebhooks:\n"
        "  w1: {owner: a, subscriberUrl: http://x, triggers: [BOOKING_CREATED]}\n"
        "  w2: {owner: a, subscriberUrl: http://x, triggers: [BOOKING_CREATED]}\n",
        (5, 33, "owner 'a' already has a webhook for http://x"),
    ),
}


@pytest.mark.parametrize("case", sorted(MORE))
def test_more_semantic_errors(case: str) -> None:
    text, expected = MORE[case]
    assert only_error(text) == expected


def test_unknown_webhook_trigger() -> None:
    line, column, message = only_error(
        "users:\n  a: {email: a@x.io}\nwebhooks:\n  w: {owner: a, subscriberUrl: http://x, triggers: [BOOKING_MADE]}\n"
    )
    assert (line, column) == (4, 53)
    assert message.startswith("'BOOKING_MADE' is not one of: BOOKING_CREATED, ")
