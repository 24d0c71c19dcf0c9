"""Stripe connect (users and organization teams) and v1 payments."""
