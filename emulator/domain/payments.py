"""Paid bookings that wait for Stripe: the payment a booking opens, settling or failing it, and who
may read payments through v1.

From packages/features/bookings/lib/handleNewBooking.ts, packages/lib/payment/handlePayment.ts and
handlePaymentSuccess.ts, apps/api/v1/pages/api/payments:

- A booking of an event type with a price, whose owner (its user, or its team) has a Stripe
  credential, is stored PENDING and unpaid with a payment of the price (fee 0, ``ON_BOOKING``); only
  BOOKING_PAYMENT_INITIATED is sent then (handleNewBooking returns before the created webhooks).
  Without Stripe, the emulator keeps settling paid bookings at once (booking_create.py).
- A settled payment marks the booking paid and confirms it (ACCEPTED, or still PENDING when the event
  type requires confirmation), then sends BOOKING_CREATED (or BOOKING_REQUESTED) and BOOKING_PAID.
- A failed payment changes nothing at Cal.com (no handler for a failed intent): the booking keeps
  waiting; the admin may ask for it to be cancelled, as abandoned unpaid bookings end up.
- v1 shows a user the payments of the bookings they organise; another's payment is 401.
"""

from __future__ import annotations

from emulator.domain import booking_rules as rules
from emulator.domain import stripe, webhooks
from emulator.domain.booking_records import ACCEPTED, CANCELLED, PENDING
from emulator.domain.errors import DomainError
from emulator.world import ids
from emulator.world.models import Booking, EventType
from emulator.world.records_payments import Payment
from emulator.world.store import World


def waits_for_payment(world: World, event_type: EventType, *, already_paid: bool = False) -> bool:
    """A paid event type whose owner takes payments through Stripe."""
    if not rules.is_paid(event_type) or already_paid:
        return False
    if event_type.team_id is not None:
        return stripe.credential_of(world, team_id=event_type.team_id) is not None
    return event_type.owner_id is not None and stripe.credential_of(world, user_id=event_type.owner_id) is not None


def open_payment(world: World, booking: Booking, event_type: EventType) -> Payment:
    """The payment a new booking waits for (Stripe's PaymentService.create)."""
    payment_id = world.next_id("payments")
    intent = f"pi_{ids.uuid4(world.rng).replace('-', '')[:24]}"
    payment = Payment(
        payment_id,
        ids.uuid4(world.rng),
        booking.id,
        stripe.APP,
        event_type.price,
        0,
        event_type.currency.lower(),
        external_id=intent,
        data={"clientSecret": f"{intent}_secret", "setupFutureUsage": None},
    )
    world.insert("payments", payment)
    return payment


def awaiting(world: World, booking_id: int) -> bool:
    """Whether the booking has a payment still open."""
    return bool(world.where("payments", lambda p: p.booking_id == booking_id and not p.success))


def _find(world: World, payment_id: int) -> tuple[Payment, Booking]:
    payment: Payment | None = world.find("payments", payment_id)
    if payment is None:
        raise DomainError(404, f"no payment with id {payment_id}")
    booking: Booking | None = world.find("bookings", payment.booking_id)
    if booking is None:
        raise DomainError(404, f"the booking of payment {payment_id} is gone")
    if payment.success:
        raise DomainError(409, f"payment {payment_id} is already settled")
    return payment, booking


def complete(world: World, payment_id: int) -> tuple[Payment, Booking]:
    """Stripe settled the payment (payment_intent.succeeded): handlePaymentSuccess."""
    payment, booking = _find(world, payment_id)
    if booking.status == CANCELLED:
        raise DomainError(409, f"the booking of payment {payment_id} is cancelled")
    event_type: EventType | None = (
        world.find("event_types", booking.event_type_id) if booking.event_type_id is not None else None
    )
    confirm = event_type is not None and rules.requires_confirmation(event_type, booking.start, world.clock.now())
    payment = world.update("payments", payment.id, success=True)
    booking = world.update(
        "bookings", booking.id, paid=True, status=PENDING if confirm else ACCEPTED, updated_at=world.clock.now()
    )
    webhooks.emit(world, webhooks.BOOKING_REQUESTED if confirm else webhooks.BOOKING_CREATED, booking)
    webhooks.emit(world, webhooks.BOOKING_PAID, booking, paid=True)
    return payment, booking


def fail(
    world: World, payment_id: int, *, cancel: bool = False, reason: str = "card_declined"
) -> tuple[Payment, Booking]:
    """Stripe refused the charge: the booking keeps waiting, or is cancelled when asked."""
    payment, booking = _find(world, payment_id)
    payment = world.update("payments", payment.id, data={**payment.data, "failureReason": reason})
    if cancel and booking.status != CANCELLED:
        booking = world.update(
            "bookings", booking.id, status=CANCELLED, cancellation_reason=reason, updated_at=world.clock.now()
        )
        webhooks.emit(world, webhooks.BOOKING_CANCELLED, booking)
    return payment, booking


# v1 --------------------------------------------------------------------------------------------------


def visible_to(world: World, user_id: int) -> list[Payment]:
    """GET /v1/payments: the payments of the bookings the user organises."""
    own = {b.id for b in world.tables["bookings"].values() if b.user_id == user_id}
    return sorted(world.where("payments", lambda p: p.booking_id in own), key=lambda p: p.id)


def readable(world: World, user_id: int, payment_id: int) -> Payment:
    """GET /v1/payments/{id}: 404 when there is none, 401 when it is another organiser's."""
    payment: Payment | None = world.find("payments", payment_id)
    if payment is None:
        raise DomainError(404, f"Payment with id: {payment_id} not found")
    booking: Booking | None = world.find("bookings", payment.booking_id)
    if booking is None or booking.user_id != user_id:
        raise DomainError(401, "Unauthorized")
    return payment
