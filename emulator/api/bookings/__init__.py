"""Bookings (tag Bookings; v2 2024-08-13 and legacy, v1 bookings, attendees and booking references)."""
