"""A disk cache for start-up work that depends only on files: the overlaid, converted specs and large
parsed YAML documents (the guard tables). Every process that starts an emulator (each xdist worker,
each CI job) otherwise repeats that work.

An entry is named by a sha256 over everything its content is made from: the input files' own hashes,
the source of the code that turns them into the entry (so an edit to the overlay or conversion code
in a checkout never meets an entry made by the old code), the emulator's version and the Python
version (marshal's format is Python's own). Entries are marshal data behind a magic header and the
payload's sha256, so a torn or corrupted file is noticed, ignored and rewritten, never loaded. Writes
go to a temporary file that is renamed into place, so parallel processes never read half an entry,
and a folder that cannot be created or written only means nothing is cached.

Process-wide variables (docs/performance.md):

- ``CALCOM_EMULATOR_CACHE_DIR``: the folder (default ``$XDG_CACHE_HOME/calcom-emulator/startup``,
  ``~/.cache/calcom-emulator/startup`` without XDG_CACHE_HOME);
- ``CALCOM_EMULATOR_CACHE_LIMIT``: entries kept per kind, the least recently used go first (default
  8; 0 turns the cache off);
- ``CALCOM_EMULATOR_EAGER``: 1 reads and writes no cache and compiles every validator at start, as
  the emulator did before start-up was made lazy (the benchmarks' "old" figure).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

import emulator
from emulator.settings import SettingsError

DIR_VARIABLE = "CALCOM_EMULATOR_CACHE_DIR"
LIMIT_VARIABLE = "CALCOM_EMULATOR_CACHE_LIMIT"
EAGER_VARIABLE = "CALCOM_EMULATOR_EAGER"
DEFAULT_LIMIT = 8
MAGIC = b"calcom-emulator cache 1\n"
DIGEST_SIZE = 32
SUFFIX = ".marshal"
# A temporary file older than this was left by a process that died while writing it.
STALE_TEMP_S = 600.0


def environment_help() -> str:
    """Lines for `calcom-emulator --help`: the process-wide variables of the start-up cache."""
    return "\n".join(
        [
            "start-up cache (for the whole process; docs/performance.md):",
            f"  {DIR_VARIABLE:36} folder [default: $XDG_CACHE_HOME or ~/.cache, then calcom-emulator/startup]",
            f"  {LIMIT_VARIABLE:36} entries kept of each kind; 0: no cache [default: {DEFAULT_LIMIT}]",
            f"  {EAGER_VARIABLE:36} 1: no cache, every validator compiled at start [default: 0]",
        ]
    )


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("", "0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1, true, yes, on or 0, false, no, off, not {raw!r}")


def eager() -> bool:
    """True when CALCOM_EMULATOR_EAGER asks for the old start-up: no cache, every validator compiled."""
    return _flag(EAGER_VARIABLE)


def limit() -> int:
    """How many entries of each kind the folder keeps (CALCOM_EMULATOR_CACHE_LIMIT)."""
    raw = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise SettingsError(f"{LIMIT_VARIABLE} must be a whole number of entries, 0 or more (0: no cache), not {raw!r}")
    return value


def enabled() -> bool:
    return not eager() and limit() > 0


def folder() -> Path:
    explicit = os.environ.get(DIR_VARIABLE)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "calcom-emulator" / "startup"


@cache
def code_hash(*files: str) -> str:
    """The sha256 of the named source files of emulator/specs/, which make an entry's content; the
    version alone where a source is not there to read (an installation without sources)."""
    digest = hashlib.sha256()
    for name in files:
        try:
            digest.update((Path(__file__).with_name(name)).read_bytes())
        except OSError:
            digest.update(b"unreadable " + name.encode())
    return digest.hexdigest()


def key(kind: str, parts: Iterable[str], code: str) -> str:
    """The name of an entry: its kind, its inputs (hashes of files, names), the code making it, and
    the emulator and Python versions."""
    digest = hashlib.sha256()
    header = (kind, code, emulator.__version__, sys.implementation.cache_tag or "", str(marshal.version))
    for part in (*header, *parts):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _path(kind: str, name: str) -> Path:
    return folder() / f"{kind}-{name}{SUFFIX}"


def load(kind: str, name: str) -> Any | None:
    """The entry's value, or None when the cache is off, there is no entry, or it does not check out
    (wrong header, wrong digest, undecodable): such an entry is simply made and written again."""
    if not enabled():
        return None
    path = _path(kind, name)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(MAGIC) + DIGEST_SIZE
    head, digest, payload = data[: len(MAGIC)], data[len(MAGIC) : start], data[start:]
    if head != MAGIC or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        value = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    with suppress(OSError):  # recently used: the last to be pruned (a read-only folder keeps its order)
        os.utime(path)
    return value


def store(kind: str, name: str, value: Any) -> bool:
    """Write an entry atomically; False when it was not written (cache off, a value marshal cannot
    hold, a folder that cannot be written). Never raises for any of these."""
    if not enabled():
        return False
    try:
        payload = marshal.dumps(value)
    except ValueError:  # e.g. YAML dates: such a document is parsed each time instead
        return False
    target = _path(kind, name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    prune(kind)
    return True


def prune(kind: str) -> None:
    """Keep the CALCOM_EMULATOR_CACHE_LIMIT most recently used entries of a kind, and drop
    temporary files that dying writers left behind. Another process pruning at once is harmless."""
    place = folder()
    try:
        entries = [(p.stat().st_mtime, p) for p in place.glob(f"{kind}-*{SUFFIX}")]
        temps = [(p.stat().st_mtime, p) for p in place.glob(f".{kind}-*.tmp")]
    except OSError:
        return
    entries.sort(reverse=True)
    old = [p for _, p in entries[limit() :]]
    old += [p for mtime, p in temps if time.time() - mtime > STALE_TEMP_S]
    for path in old:
        with suppress(OSError):
            path.unlink()
