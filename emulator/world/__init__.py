"""The in-memory state of one emulator: records, id counters, seeded randomness and the clock."""
