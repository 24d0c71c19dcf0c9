"""The pinned upstream specs: find them, check their sha256, and sync them into place.

Search order when serving (first folder that holds a spec file wins, per spec): an explicit
``--specs DIR`` or ``CALCOM_EMULATOR_SPECS``, then ``openapi/upstream/`` (a source checkout), then the
user cache directory. A file that is found but does not match its pin is an error, never silently used.

``specs sync`` fills the folder the emulator reads (``openapi/upstream/`` in a checkout, the user cache
for an installed package). The pin's sha256 identifies a file, so before downloading it takes a
verified copy from the local places above or from a ``shared/openapi/`` folder beside the checkout or
the working directory (how CI machines without internet carry the specs), and says which it used.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from emulator.specs.resources import openapi_dir

SPEC_KEYS = ("v1", "v2")


class SpecError(Exception):
    """A spec file is missing or does not match its pin; the message says how to fix it."""


@dataclass(frozen=True)
class Pin:
    key: str
    file: str
    upstream_path: str
    commit: str
    sha256: str
    operations: int
    url: str


def load_pins() -> dict[str, Pin]:
    lock = json.loads((openapi_dir() / "specs.lock.json").read_text())
    template: str = lock["url_template"]
    return {
        key: Pin(
            key=key,
            file=entry["file"],
            upstream_path=entry["upstream_path"],
            commit=entry["commit"],
            sha256=entry["sha256"],
            operations=entry["operations"],
            url=template.format(commit=entry["commit"], upstream_path=entry["upstream_path"]),
        )
        for key, entry in lock["specs"].items()
    }


def upstream_dir() -> Path:
    return openapi_dir() / "upstream"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "calcom-emulator" / "specs"


def search_dirs(explicit: str | os.PathLike[str] | None = None) -> list[Path]:
    dirs: list[Path] = []
    chosen = explicit or os.environ.get("CALCOM_EMULATOR_SPECS")
    if chosen:
        folder = Path(chosen)
        if not folder.is_dir():
            raise SpecError(f"--specs / CALCOM_EMULATOR_SPECS names {folder}, which is not a folder.")
        dirs.append(folder)
    dirs += [upstream_dir(), cache_dir()]
    return dirs


def in_checkout() -> bool:
    """True when the emulator runs from a source checkout (or an editable install of one)."""
    return (openapi_dir().parent / "pyproject.toml").is_file()


def sync_target() -> Path:
    """Where `specs sync` writes: CALCOM_EMULATOR_SPECS when set (e.g. the container image), else
    openapi/upstream/ in a checkout, else the user cache, which every virtualenv then shares."""
    explicit = os.environ.get("CALCOM_EMULATOR_SPECS")
    if explicit:
        return Path(explicit)
    return upstream_dir() if in_checkout() else cache_dir()


def local_places() -> list[Path]:
    """The folders `specs sync` looks in before downloading, in order (docs/specs.md lists them)."""
    places: list[Path] = []
    explicit = os.environ.get("CALCOM_EMULATOR_SPECS")
    if explicit:
        places.append(Path(explicit))
    places += [upstream_dir(), cache_dir()]
    for base in (Path.cwd(), openapi_dir().parent):
        places.append(base.resolve().parent / "shared" / "openapi")
    unique: list[Path] = []
    for place in places:
        if place not in unique:
            unique.append(place)
    return unique


def _local_copy(pin: Pin, target: Path) -> tuple[bytes, Path] | None:
    """The pinned file's bytes from the first local place that holds a verified copy (not target)."""
    for place in local_places():
        candidate = place / pin.file
        if place == target or not candidate.is_file():
            continue
        data = candidate.read_bytes()
        if hashlib.sha256(data).hexdigest() == pin.sha256:
            return data, place
    return None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fix_hint(pin: Pin) -> str:
    return (
        f"Fix: run `calcom-emulator specs sync` (downloads {pin.url}), or "
        f"`calcom-emulator specs sync --from DIR` with a folder holding {pin.file}, "
        "or point --specs / CALCOM_EMULATOR_SPECS at such a folder."
    )


def locate(pin: Pin, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The verified path of one pinned spec, or a SpecError naming the file, the pin and the fix."""
    dirs = search_dirs(explicit)
    for folder in dirs:
        candidate = folder / pin.file
        if not candidate.is_file():
            continue
        actual = sha256_of(candidate)
        if actual != pin.sha256:
            raise SpecError(
                f"The {pin.key} spec at {candidate} does not match its pin: expected sha256 "
                f"{pin.sha256} (cal.com {pin.upstream_path} at commit {pin.commit}), found {actual}. "
                "The file was edited or is another version. " + _fix_hint(pin)
            )
        return candidate
    looked = ", ".join(str(d / pin.file) for d in dirs)
    raise SpecError(
        f"The {pin.key} spec ({pin.upstream_path} at cal.com commit {pin.commit}, sha256 {pin.sha256}) "
        f"was not found; looked at {looked}. " + _fix_hint(pin)
    )


def sync(source: str | os.PathLike[str] | None = None, dest: Path | None = None) -> list[tuple[Path, str]]:
    """Copy (from a folder) or find locally or download (from the pinned address) every pinned spec
    into the folder the emulator reads.

    A file already in place is kept, so the command is cheap to repeat and works offline once the
    files are in place. Returns (path, what was done) pairs.
    """
    target = dest or sync_target()
    written: list[tuple[Path, str]] = []
    for pin in load_pins().values():
        out = target / pin.file
        out.parent.mkdir(parents=True, exist_ok=True)
        if source is None and out.is_file() and sha256_of(out) == pin.sha256:
            written.append((out, "already in place"))
            continue
        if source is not None:
            src = Path(source) / pin.file
            if not src.is_file():
                raise SpecError(f"{src} does not exist: --from must name a folder holding {pin.file}.")
            data, done = src.read_bytes(), f"copied from {source}"
        elif (found := _local_copy(pin, target)) is not None:
            data, done = found[0], f"copied from {found[1]}"
        else:
            data, done = _download(pin), f"downloaded from {pin.url}"
        actual = hashlib.sha256(data).hexdigest()
        if actual != pin.sha256:
            raise SpecError(
                f"The {pin.key} spec from {source or pin.url} has sha256 {actual}, expected {pin.sha256} "
                f"(cal.com {pin.upstream_path} at commit {pin.commit}); nothing was written for it."
            )
        tmp = out.with_suffix(out.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
        written.append((out, done))
    return written


def _download(pin: Pin) -> bytes:
    import urllib.request  # with http.client and ssl: only when a spec is actually downloaded

    try:
        with urllib.request.urlopen(pin.url, timeout=60) as response:
            data: bytes = response.read()
    except OSError as exc:
        looked = ", ".join(str(place) for place in local_places())
        raise SpecError(
            f"Could not download the {pin.key} spec from {pin.url}: {exc}. No verified copy was found "
            f"locally either (looked in {looked}). Without internet, use `calcom-emulator specs sync "
            "--from DIR` with a folder holding the pinned files."
        ) from exc
    return data
