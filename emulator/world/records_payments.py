"""Payments of paid bookings (Cal.com's Payment row, packages/prisma/schema.prisma).

A booking of an event type with a price, whose owner has connected Stripe, waits for its payment;
the payment row records what the booker owes and whether Stripe settled it. The emulator plays
Stripe: the admin routes under /_emulator/payments settle or fail a payment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Payment:
    id: int
    uid: str
    booking_id: int
    app_id: str  # "stripe"
    amount: int  # in the currency's minor unit, as the event type's price
    fee: int
    currency: str
    success: bool = False
    refunded: bool = False
    payment_option: str = "ON_BOOKING"  # ON_BOOKING | HOLD
    external_id: str = ""  # the Stripe payment intent
    data: JSON = field(default_factory=dict)
