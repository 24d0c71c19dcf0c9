"""How a client suite and the real API drift from the emulator: record through a proxy, replay against an
emulator, compare specs (docs/coverage.md)."""
