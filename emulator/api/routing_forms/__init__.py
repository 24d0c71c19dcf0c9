"""Routing forms: the organization's and its teams' forms and responses, and the public slot calculation
(organizations/routing-forms, organizations/teams/routing-forms and routing-forms modules)."""
