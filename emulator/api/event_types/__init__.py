"""Event types (tags Event Types, Teams / Event Types, Orgs / Teams / Event Types; v2, legacy, v1)."""
