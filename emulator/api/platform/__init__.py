"""Platform: me, API keys, OAuth clients, their managed users and tokens (v2, v1 me)."""
