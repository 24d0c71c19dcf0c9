"""calcom-emulator: a local, stateful, strict emulator of the Cal.com API (v1 and v2)."""

__version__ = "0.1.0"
