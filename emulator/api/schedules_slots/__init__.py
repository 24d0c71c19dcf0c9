"""Schedules, slots and reservations (tags Schedules, Slots; v2, legacy, v1 schedules, availabilities, slots)."""
