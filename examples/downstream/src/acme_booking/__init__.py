"""acme-booking: book, reschedule and cancel Cal.com bookings through the v2 API."""

from acme_booking.client import BookingClient, CalcomError, OAuthTokens
from acme_booking.webhooks import verify_signature

__all__ = ["BookingClient", "CalcomError", "OAuthTokens", "verify_signature"]
