"""The start-up cache (emulator/specs/cache.py): what it keeps, that what comes out of it is what
loading makes, and that a bad entry, an unwritable folder or a changed input never does harm."""

from __future__ import annotations

import gc
import os
import shutil
import threading
import weakref
from pathlib import Path

import pytest

from emulator.domain.access import ACCESS_FILE
from emulator.runtime import Runtime
from emulator.settings import Settings, SettingsError
from emulator.specs import cache, heap, loader, yamlio
from emulator.specs.loader import SpecSet, load_specs
from emulator.specs.resources import openapi_dir


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    place = tmp_path / "cache"
    monkeypatch.setenv(cache.DIR_VARIABLE, str(place))
    monkeypatch.delenv(cache.EAGER_VARIABLE, raising=False)
    monkeypatch.delenv(cache.LIMIT_VARIABLE, raising=False)
    return place


def entries(place: Path, kind: str = "specs") -> list[Path]:
    return sorted(place.glob(f"{kind}-*{cache.SUFFIX}"))


def same(a: SpecSet, b: SpecSet) -> None:
    assert a.documents == b.documents
    assert a.operations == b.operations
    assert a.unmatched == b.unmatched
    assert a.hashes == b.hashes and a.sources == b.sources
    assert a.definitions == b.definitions and len(a.definitions) == 2 * len(a.documents)


@pytest.fixture(scope="module")
def fresh() -> SpecSet:
    """The specs loaded without any cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache.EAGER_VARIABLE, "1")
        return load_specs()


def test_a_cold_load_writes_an_entry_a_warm_one_reads_it(folder: Path, fresh: SpecSet) -> None:
    cold = load_specs()
    written = entries(folder)
    assert len(written) == 1
    same(cold, fresh)

    def no_overlaying(*args: object) -> object:
        raise AssertionError("a warm load read the files again")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "_overlaid", no_overlaying)
        warm = load_specs()
    same(warm, fresh)
    assert entries(folder) == written


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # torn write
        lambda data: data[:-10] + bytes(10),  # flipped bytes: the digest no longer matches
        lambda data: b"something else entirely",  # not an entry at all
        lambda data: b"",
    ],
    ids=["torn", "corrupted", "foreign", "empty"],
)
def test_a_damaged_entry_is_ignored_and_written_again(folder: Path, fresh: SpecSet, damage: object) -> None:
    load_specs()
    [entry] = entries(folder)
    good = entry.read_bytes()
    assert callable(damage)
    entry.write_bytes(damage(good))
    same(load_specs(), fresh)
    name = entry.name.removeprefix("specs-").removesuffix(cache.SUFFIX)
    assert entry.read_bytes() != damage(good)
    assert cache.load("specs", name) is not None  # rewritten whole


def test_an_entry_of_another_shape_is_ignored(folder: Path, fresh: SpecSet) -> None:
    load_specs()
    [entry] = entries(folder)
    name = entry.name.removeprefix("specs-").removesuffix(cache.SUFFIX)
    assert cache.store("specs", name, {"documents": {}})  # valid marshal, not what the loader writes
    same(load_specs(), fresh)
    assert cache.load("specs", name).keys() == {"documents", "unmatched", "definitions"}


def test_an_unwritable_folder_only_means_no_cache(tmp_path: Path, folder: Path, fresh: SpecSet) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.MonkeyPatch.context() as patch:
        # A folder below a plain file can be neither created nor written, even by root.
        patch.setenv(cache.DIR_VARIABLE, str(blocker / "cache"))
        same(load_specs(), fresh)
        assert yamlio.load_yaml(ACCESS_FILE.read_text())["operations"]
        assert not cache.store("specs", "x" * 64, {"a": 1})
    assert blocker.read_text() == "not a folder"


def test_changing_an_overlay_changes_the_key_and_the_documents(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, fresh: SpecSet
) -> None:
    copy = tmp_path / "openapi"
    shutil.copytree(openapi_dir(), copy, ignore=shutil.ignore_patterns("upstream"))
    monkeypatch.setattr(loader, "openapi_dir", lambda: copy)
    assert load_specs().documents == fresh.documents
    [first] = entries(folder)
    overlay = copy / "overlays" / "v2-slots.yaml"
    overlay.write_text(
        overlay.read_text().replace(
            "actions:\n",
            "actions:\n  - target: $.info\n    description: a change the cache must see\n"
            "    update: {x-cache-test: changed}\n",
            1,
        )
    )
    changed = load_specs()
    assert changed.documents["v2"]["info"]["x-cache-test"] == "changed"
    assert "x-cache-test" not in fresh.documents["v2"]["info"]
    assert len(entries(folder)) == 2 and first in entries(folder)
    assert load_specs().documents == changed.documents  # and that entry is read back


def test_the_key_covers_inputs_code_and_versions() -> None:
    base = cache.key("specs", ["v1=aa", "overlay x.yaml=bb"], "code")
    assert cache.key("specs", ["v1=aa", "overlay x.yaml=bb"], "code") == base
    assert cache.key("specs", ["v1=aa", "overlay x.yaml=cc"], "code") != base
    assert cache.key("specs", ["v1=aa", "overlay x.yaml=bb"], "other code") != base
    assert cache.key("yaml", ["v1=aa", "overlay x.yaml=bb"], "code") != base
    assert cache.code_hash("loader.py") != cache.code_hash("convert.py")


def test_the_guard_tables_come_from_the_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ACCESS_FILE.read_text()
    parsed = yamlio.parse_yaml(text)
    assert yamlio.load_yaml(text) == parsed
    assert len(entries(folder, "yaml")) == 1

    def no_parsing(text: str) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlio, "parse_yaml", no_parsing)
    assert yamlio.load_yaml(text) == parsed
    with pytest.raises(AssertionError):  # a small text is parsed, never cached
        yamlio.load_yaml("a: 1\n")


def test_yaml_marshal_cannot_hold_is_parsed_each_time(folder: Path) -> None:
    text = "when: 2026-01-05\n" + "# padding\n" * (yamlio.CACHED_FROM_CHARS // 10)
    assert str(yamlio.load_yaml(text)["when"]) == "2026-01-05"
    assert str(yamlio.load_yaml(text)["when"]) == "2026-01-05"
    assert entries(folder, "yaml") == []


def test_old_entries_are_pruned_to_the_limit(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.LIMIT_VARIABLE, "2")
    names = [f"{n:064x}" for n in range(4)]
    for index, name in enumerate(names):
        assert cache.store("specs", name, {"n": index})
        # Recency is the file's time: make it strictly increasing whatever the clock's resolution.
        path = folder / f"specs-{name}{cache.SUFFIX}"
        stamp = 1_000_000 + index
        os.utime(path, (stamp, stamp))
    cache.prune("specs")
    assert [p.name for p in entries(folder)] == [f"specs-{n}{cache.SUFFIX}" for n in names[2:]]
    assert cache.load("specs", names[0]) is None and cache.load("specs", names[3]) == {"n": 3}


def test_a_limit_of_zero_and_eager_mode_turn_the_cache_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.LIMIT_VARIABLE, "0")
    load_specs()
    assert not folder.exists()
    monkeypatch.setenv(cache.LIMIT_VARIABLE, "3")
    monkeypatch.setenv(cache.EAGER_VARIABLE, "1")
    load_specs()
    assert not folder.exists()


@pytest.mark.parametrize(
    ("variable", "value"), [("LIMIT_VARIABLE", "many"), ("LIMIT_VARIABLE", "-1"), ("EAGER_VARIABLE", "maybe")]
)
def test_a_bad_variable_is_a_settings_error(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(getattr(cache, variable), value)
    with pytest.raises(SettingsError, match=getattr(cache, variable)):
        cache.enabled()


def test_parallel_writers_never_leave_half_an_entry(folder: Path) -> None:
    value = {"documents": list(range(200_000))}
    name = "f" * 64
    seen: list[object] = []

    def write() -> None:
        for _ in range(5):
            cache.store("specs", name, value)

    def read() -> None:
        for _ in range(50):
            seen.append(cache.load("specs", name))

    threads = [threading.Thread(target=write) for _ in range(3)] + [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(found is None or found == value for found in seen)
    assert cache.load("specs", name) == value
    assert [p.name for p in folder.iterdir()] == [f"specs-{name}{cache.SUFFIX}"]  # no temporary left


def test_eager_compiles_every_validator_at_start_lazy_none(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lazy = Runtime.build(Settings(rate_limits="off"))
    assert lazy.timings["validators"] == 0
    monkeypatch.setenv(cache.EAGER_VARIABLE, "1")
    eager = Runtime.build(Settings(rate_limits="off"))
    assert eager.timings["validators"] > 1000
    # What eager compiled up front, lazy compiles on demand: every schema is compilable.
    assert lazy.schemas.precompile(lazy.specs.operations) == eager.timings["validators"]


class Node:
    """A cycle, which only the cyclic collector frees."""

    def __init__(self) -> None:
        self.me = self


def test_what_start_up_builds_goes_to_the_oldest_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.EAGER_VARIABLE, raising=False)
    assert gc.isenabled()
    with heap.building():
        assert not gc.isenabled()
        with heap.building():  # nested: the outer one decides when the collector is back
            kept = [Node() for _ in range(1000)]
        assert not gc.isenabled()
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
    assert gc.isenabled()
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(node) in oldest for node in kept)
    gc.collect()  # nothing is kept from being freed: a full collection still frees the cycle
    assert gone() is None


def test_eager_leaves_the_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.EAGER_VARIABLE, "1")
    with heap.building():
        assert gc.isenabled()
