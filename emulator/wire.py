"""JSON as the API carries it: bodies encoded and decoded with orjson, the standard library where
orjson declines.

orjson is some fifteen times faster here than the json module for the small documents the API
answers, and a request spends more on JSON than on anything else of ours. The two must give the
same bytes and the same values, so orjson is only used where they agree:

- encoding: compact separators and UTF-8 text as ``json.dumps(separators=(",", ":"),
  ensure_ascii=False)`` writes them. Datetimes and dataclasses are passed to ``default=str`` as
  the json module would, not written in orjson's own way; int keys become strings as json makes
  them. What orjson refuses (an int past 64 bits, a lone surrogate) goes to the json module, which
  keeps its old behaviour for it, errors included. Floats are where the two spell differently:
  ``1e+16`` against ``1e16`` (the same number read back), and NaN or Infinity, which orjson writes
  as ``null`` as Node's JSON.stringify does, where the json module wrote text no JSON parser reads.
- decoding: what orjson cannot read (not JSON, NaN, a lone surrogate escape, nesting past 1,024
  levels) is read again by the json module, so the value, or the message of the ValueError a
  caller sees, stays the json module's. So is a document with a run of 20 digits or more: orjson
  reads an integer past 64 bits as a float, the json module as the integer it is.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_LONG_NUMBER = re.compile(rb"[0-9]{20}")
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _text(value: Any) -> str:
    return str(value)


def dumps(body: Any) -> bytes:
    """Compact UTF-8 JSON; values JSON has no type for are written as their str()."""
    try:
        return orjson.dumps(body, default=_text, option=_OPTIONS)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def loads(raw: bytes | str, *, own: bool = False) -> Any:
    """The JSON value of raw, as json.loads reads it; ValueError (or UnicodeDecodeError) when it is none.
    ``own``: the text is the emulator's own answer, written by dumps(), so the search for long numbers
    (a tenth of a microsecond a byte) is skipped; an integer past 64 bits in it reads as a float."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if own or _LONG_NUMBER.search(data) is None:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw)
