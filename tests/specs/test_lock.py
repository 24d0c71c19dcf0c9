"""Finding and verifying the pinned specs, and syncing them."""

import shutil
from pathlib import Path

import pytest

from emulator.specs import lock


@pytest.fixture
def synced(tmp_path: Path) -> Path:
    pins = lock.load_pins()
    source = lock.locate(pins["v1"]).parent.parent
    dest = tmp_path / "specs"
    lock.sync(source, dest)
    return dest


def test_pins_match_sources_md() -> None:
    pins = lock.load_pins()
    assert pins["v1"].sha256 == "f8974dd1ab2d4bd83e16e02fcb055c44295e43e8ffa22bc3ee5f04eef26d8ec3"
    assert pins["v2"].sha256 == "8d6777704d4ba7fac21807f2adedf4a1d62c417eba9572e3484a1565c22bae2c"
    assert pins["v2"].url.endswith("/b2ac2278778ae460af9f9ac93b2372f0163531e2/docs/api-reference/v2/openapi.json")
    assert (pins["v1"].operations, pins["v2"].operations) == (69, 229)


def test_sync_copies_and_verifies(synced: Path) -> None:
    for pin in lock.load_pins().values():
        assert lock.sha256_of(synced / pin.file) == pin.sha256
        assert lock.locate(pin, synced) == synced / pin.file


def test_sync_without_a_source_keeps_files_already_in_place(synced: Path) -> None:
    # No download is attempted when the pinned files are there (this also works offline).
    done = lock.sync(None, synced)
    assert [what for _, what in done] == ["already in place", "already in place"]


def test_explicit_folder_wins_over_upstream(synced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCOM_EMULATOR_SPECS", str(synced))
    assert lock.locate(lock.load_pins()["v2"]) == synced / "v2/openapi.json"


def test_a_modified_file_is_a_clear_error(synced: Path) -> None:
    pin = lock.load_pins()["v2"]
    target = synced / pin.file
    target.write_bytes(target.read_bytes() + b" ")
    with pytest.raises(lock.SpecError) as info:
        lock.locate(pin, synced)
    message = str(info.value)
    assert str(target) in message and pin.sha256 in message and "specs sync" in message


def test_a_missing_file_says_where_it_looked_and_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "upstream_dir", lambda: tmp_path / "none")
    monkeypatch.setattr(lock, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.delenv("CALCOM_EMULATOR_SPECS", raising=False)
    pin = lock.load_pins()["v1"]
    with pytest.raises(lock.SpecError) as info:
        lock.locate(pin)
    message = str(info.value)
    assert "was not found" in message and str(tmp_path / "none" / pin.file) in message
    assert pin.commit in message and "--from DIR" in message


def test_sync_refuses_a_wrong_file(synced: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(synced, bad)
    (bad / "v1/openapi-v1.json").write_text("{}")
    with pytest.raises(lock.SpecError, match="expected f8974dd1"):
        lock.sync(bad, tmp_path / "out")


def test_sync_offline_takes_a_verified_copy_from_a_shared_folder_beside_the_checkout(
    synced: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a CI machine without internet: ../shared/openapi beside the working directory.
    work = tmp_path / "work" / "checkout"
    work.mkdir(parents=True)
    shutil.copytree(synced, tmp_path / "work" / "shared" / "openapi")
    monkeypatch.chdir(work)
    monkeypatch.setattr(lock, "upstream_dir", lambda: tmp_path / "empty-upstream")
    monkeypatch.setattr(lock, "cache_dir", lambda: tmp_path / "empty-cache")
    monkeypatch.delenv("CALCOM_EMULATOR_SPECS", raising=False)

    def no_network(pin: lock.Pin) -> bytes:
        raise AssertionError("no download may be tried when a local copy exists")

    monkeypatch.setattr(lock, "_download", no_network)
    target = tmp_path / "target"
    done = lock.sync(None, target)
    shared = (tmp_path / "work" / "shared" / "openapi").resolve()
    assert [what for _, what in done] == [f"copied from {shared}", f"copied from {shared}"]
    for pin in lock.load_pins().values():
        assert lock.sha256_of(target / pin.file) == pin.sha256


def test_sync_skips_a_local_copy_that_does_not_match_its_pin(
    synced: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "stale"
    shutil.copytree(synced, stale)
    (stale / "v1/openapi-v1.json").write_text("{}")
    monkeypatch.setenv("CALCOM_EMULATOR_SPECS", str(stale))
    monkeypatch.setattr(lock, "upstream_dir", lambda: tmp_path / "empty-upstream")
    monkeypatch.setattr(lock, "cache_dir", lambda: synced)
    done = dict((str(path), what) for path, what in lock.sync(None, tmp_path / "target"))
    assert done[str(tmp_path / "target" / "v1/openapi-v1.json")] == f"copied from {synced}"


def test_a_specs_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(lock.SpecError, match="not a folder"):
        lock.search_dirs(tmp_path / "does-not-exist")
