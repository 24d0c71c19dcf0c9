"""Calendars: connected provider calendars, busy times, the connect flows, selected and destination
calendars, the unified calendar events and an organization's delegation credentials (v2), with v1's
selected and destination calendars."""
