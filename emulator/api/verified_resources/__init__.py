"""Verified emails and phone numbers of users, teams and organization teams (the verified-resources module)."""
