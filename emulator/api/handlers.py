"""Imports every handler module so that their @handles registrations run."""

from emulator.api.v1 import me as v1_me  # noqa: F401
from emulator.api.v2 import me as v2_me  # noqa: F401
from emulator.api.v2 import webhooks as v2_webhooks  # noqa: F401
