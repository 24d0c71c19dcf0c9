"""The request path: one ordered list of small stages (see chain.py)."""
