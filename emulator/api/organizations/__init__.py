"""Organizations and teams: teams, memberships, organization teams and users, out of office (v2, v1)."""
