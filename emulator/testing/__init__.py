"""The test writer's kit: the handle the pytest fixtures give a test, usable without pytest too."""

from emulator.testing.channel import AdminError
from emulator.testing.handle import ActiveFault, Calcom

__all__ = ["ActiveFault", "AdminError", "Calcom"]
