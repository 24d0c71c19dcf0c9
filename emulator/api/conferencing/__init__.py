"""Conferencing: the video apps of users (/v2/conferencing) and of organization teams
(/v2/organizations/{orgId}/teams/{teamId}/conferencing)."""
