"""The web dashboard at /_emulator/ui: the world, the journal, webhook deliveries, coverage and the
controls, served by the emulator itself with no build step (docs/ui.md)."""
