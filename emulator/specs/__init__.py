"""The upstream specs: locating and verifying them, overlays, the operation index, compiled schemas."""
