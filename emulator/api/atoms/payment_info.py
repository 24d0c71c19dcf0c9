"""GET /v2/atoms/payment/{uid}: a payment with its booking and event type, for the payment atom
(AtomsEventTypesController.getUserPaymentInfoById, EventTypesAtomService.getUserPaymentInfo over
AtomsRepository.getRawPayment's paymentDataSelect).

Any authenticated caller reads any payment by its uid, as the server does (the route checks nothing
more). Refusals: ``Payment with uid <uid> not found``, then the booking, then its event type
(``Booking with uid <uid> not found``, ``Event type with uid <uid> not found``, always naming the
payment's uid), all 404. Booking times are JavaScript ``Date.toString()`` text. ``clientSecret`` is
the payment intent's client secret from the payment's data.
"""

from __future__ import annotations

from typing import Any

from emulator.api.atoms.event_type_shapes import js_date_string
from emulator.api.registry import handles
from emulator.domain import event_types as rules
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.models import Booking, EventType, Team, User
from emulator.world.records_payments import Payment
from emulator.world.store import World

JSON = dict[str, Any]


def _event_type(world: World, event_type: EventType) -> JSON:
    owner: User | None = world.find("users", event_type.owner_id) if event_type.owner_id is not None else None
    team: Team | None = world.find("teams", event_type.team_id) if event_type.team_id is not None else None
    parent: Team | None = world.find("teams", team.parent_id) if team is not None and team.parent_id else None
    return {
        "id": event_type.id,
        "title": event_type.title,
        "description": event_type.description,
        "length": event_type.length,
        "eventName": rules.column(event_type, "eventName"),
        "requiresConfirmation": event_type.requires_confirmation,
        "userId": event_type.owner_id,
        "metadata": dict(event_type.metadata),
        "users": [
            {"id": o.id, "name": o.name, "username": o.username, "hideBranding": False, "theme": o.theme}
            for o in ([owner] if owner else [])
        ],
        "team": {
            "name": team.name,
            "hideBranding": team.hide_branding,
            "parent": {"hideBranding": parent.hide_branding} if parent else None,
        }
        if team
        else None,
        "price": event_type.price,
        "currency": event_type.currency,
        "successRedirectUrl": rules.column(event_type, "successRedirectUrl"),
        "forwardParamsSuccessRedirect": rules.column(event_type, "forwardParamsSuccessRedirect"),
    }


def _booking(world: World, booking: Booking) -> JSON:
    organizer: User | None = world.find("users", booking.user_id) if booking.user_id is not None else None
    return {
        "id": booking.id,
        "uid": booking.uid,
        "description": booking.description,
        "title": booking.title,
        "responses": dict(booking.responses),
        "user": {"name": organizer.name, "timeZone": organizer.time_zone} if organizer else None,
        "attendees": [{"email": a.email, "name": a.name, "timeZone": a.time_zone} for a in booking.attendees],
        "eventTypeId": booking.event_type_id,
        "location": booking.location,
        "status": booking.status,
        "rejectionReason": booking.rejection_reason,
        "cancellationReason": booking.cancellation_reason,
        "startTime": js_date_string(booking.start),
        "endTime": js_date_string(booking.end),
    }


def client_secret(payment: Payment) -> str:
    """getClientSecretFromPayment: the hold's setup intent secret, else the payment intent's."""
    data = payment.data
    setup = data.get("setupIntent")
    if payment.payment_option == "HOLD" and isinstance(setup, dict) and isinstance(setup.get("client_secret"), str):
        return str(setup["client_secret"])
    secret = data.get("client_secret", data.get("clientSecret"))  # the emulator's Stripe keeps the camelCase name
    return secret if isinstance(secret, str) else ""


@handles("AtomsEventTypesController_getUserPaymentInfoById")
def get_payment_info(ctx: RequestContext) -> Reply:
    world, uid = ctx.runtime.world, ctx.path_params["uid"]
    payment: Payment | None = next(iter(world.where("payments", lambda p: p.uid == uid)), None)
    if payment is None:
        raise ApiError(404, f"Payment with uid {uid} not found")
    booking: Booking | None = world.find("bookings", payment.booking_id)
    if booking is None:
        raise ApiError(404, f"Booking with uid {uid} not found")
    event_type = rules.by_id(world, booking.event_type_id) if booking.event_type_id is not None else None
    if event_type is None:
        raise ApiError(404, f"Event type with uid {uid} not found")
    shaped = _event_type(world, event_type)
    owner = (
        shaped["users"][0] if shaped["users"] else {"name": None, "theme": None, "hideBranding": None, "username": None}
    )
    team = shaped["team"]
    data = {
        "user": owner,
        "eventType": shaped,
        "booking": _booking(world, booking),
        "payment": {
            "success": payment.success,
            "uid": payment.uid,
            "refunded": payment.refunded,
            "bookingId": payment.booking_id,
            "appId": payment.app_id,
            "amount": payment.amount,
            "currency": payment.currency,
            "paymentOption": payment.payment_option,
            "data": dict(payment.data),
        },
        "clientSecret": client_secret(payment),
        "profile": {
            "name": (team["name"] if team else None) or owner["name"],
            "theme": (owner["theme"] if not (team and team["name"]) else None) or None,
            "hideBranding": (team["hideBranding"] if team else None) or owner["hideBranding"] or None,
        },
    }
    return Reply(200, {"status": "success", "data": data})
