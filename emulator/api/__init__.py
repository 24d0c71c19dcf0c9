"""Handlers bound to operationIds. Importing this package registers every handler module."""

from emulator.api.registry import HANDLERS, handles

__all__ = ["HANDLERS", "handles"]
