"""The test writer's kit: the handle the pytest fixtures give a test, usable without pytest too.

The names are imported when first asked for, so that the pytest plugin, which reads its settings
from ``emulator.testing.config``, costs a session that never uses an emulator next to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emulator.testing.channel import AdminError
    from emulator.testing.handle import ActiveFault, Calcom

__all__ = ["ActiveFault", "AdminError", "Calcom"]


def __getattr__(name: str) -> Any:
    if name == "AdminError":
        from emulator.testing.channel import AdminError

        return AdminError
    if name in ("ActiveFault", "Calcom"):
        from emulator.testing import handle

        return getattr(handle, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
