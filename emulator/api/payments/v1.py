"""/v1/payments (apps/api/v1/pages/api/payments): the payments of the caller's bookings, in the
public row shape (schemaPaymentPublic). The rules are in domain/payments.py."""

from __future__ import annotations

from typing import Any

from emulator.api.caller import acting_user
from emulator.api.registry import handles
from emulator.domain import payments
from emulator.pipeline.context import Reply, RequestContext
from emulator.pipeline.errors import ApiError
from emulator.world.records_payments import Payment


def payment_v1(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "amount": payment.amount,
        "success": payment.success,
        "refunded": payment.refunded,
        "fee": payment.fee,
        "paymentOption": payment.payment_option,
        "currency": payment.currency,
        "bookingId": payment.booking_id,
    }


@handles("listPayments")
def list_payments(ctx: RequestContext) -> Reply:
    found = payments.visible_to(ctx.runtime.world, acting_user(ctx).id)
    return Reply(200, {"payments": [payment_v1(p) for p in found]})


@handles("getPaymentById")
def get_payment(ctx: RequestContext) -> Reply:
    user = acting_user(ctx)
    raw = str(ctx.path_params["id"])
    if not raw.isdigit():  # withValidQueryIdTransformParseInt
        raise ApiError(400, "id: Expected number, received nan")
    payment = payments.readable(ctx.runtime.world, user.id, int(raw))
    return Reply(200, {"payment": payment_v1(payment)})
