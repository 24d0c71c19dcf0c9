"""Imports every handler module so that their @handles registrations run."""
