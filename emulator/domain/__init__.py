"""Rules of the emulated Cal.com server, read from its source: who may call what, tokens, managed users."""
