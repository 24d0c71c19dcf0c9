"""Webhooks of users, event types, OAuth clients and organizations (v2)."""
