"""Record a client's booking flow through the proxy in front of one emulator (standing in for the real
Cal.com), then replay it against others: an identical one reports no drift, one with a single altered
behaviour reports exactly that. No internet: every server is local."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from emulator.cli import main
from emulator.drift import recording
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.world.fixtures import credentials
from tests.drift.servers import ALICE_KEY, CLOCK, booking_flow, emulator_server, recording_proxy

GET_BOOKING = "BookingsController_2024_08_13_getBooking"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    record = tmp_path_factory.mktemp("drift") / "flow.jsonl"
    with emulator_server() as real, recording_proxy(real.url, record) as proxy:
        flow = booking_flow(proxy)
        assert real.requests(GET_BOOKING)  # the calls reached the server behind the proxy
    return record, flow


def replay(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["replay", *args, "--json"])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return code, report


def test_the_flow_went_through_the_proxy(recorded: tuple[Path, dict[str, Any]]) -> None:
    record, flow = recorded
    assert flow["statuses"] == [200, 200, 200, 201, 200, 200, 200, 200, 200]
    header, exchanges = recording.read(record)
    assert header["recording"] == "calcom-emulator recording" and header["target"].startswith("http://127.0.0.1:")
    assert [e.operation_id for e in exchanges][3:6] == [
        "BookingsController_2024_08_13_createBooking",
        GET_BOOKING,
        "BookingsController_2024_08_13_cancelBooking",
    ]
    assert [e.status for e in exchanges] == flow["statuses"]
    assert all(not e.problems for e in exchanges), [e.problems for e in exchanges if e.problems]
    assert exchanges[3].response_body["data"]["uid"] == flow["uid"]


def test_secrets_are_redacted(recorded: tuple[Path, dict[str, Any]]) -> None:
    record, _ = recorded
    text = record.read_text()
    assert ALICE_KEY not in text and ALICE_KEY[4:] not in text
    _, exchanges = recording.read(record)
    assert exchanges[0].request_headers["authorization"].startswith("Bearer [redacted:")
    v1 = exchanges[-1]
    assert v1.operation_id is not None and dict(v1.query)["apiKey"].startswith("[redacted:")


def test_an_identical_emulator_shows_no_drift(
    recorded: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    record, _ = recorded
    code, report = replay(capsys, str(record), "--clock", CLOCK)
    assert (report["replayed"], report["different"]) == (9, 0), report
    assert report["unknownSecrets"] == []
    assert code == 0


def test_one_altered_behaviour_is_exactly_the_drift_reported(
    recorded: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    record, _ = recorded
    with emulator_server() as other, other.fault(GET_BOOKING, status=503):
        code, report = replay(capsys, str(record), "--against", other.url, "--no-reset")
    assert code == 1
    assert (report["replayed"], report["same"], report["different"]) == (9, 7, 2)
    differing = [g for g in report["operations"] if g["differences"]]
    assert [g["operation"] for g in differing] == [GET_BOOKING]
    [group] = differing
    assert (group["calls"], group["different"]) == (2, 2)
    assert [(d["kind"], d["recorded"], d["replayed"], d["calls"]) for d in group["differences"]] == [
        ("status", "200", "503", [5, 7]),
        ("errorCode", "none", "ServiceUnavailableException", [5, 7]),
    ]


def test_the_text_report_names_the_operation_the_difference_and_what_followed(
    recorded: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    """A refused cancel: the cancel differs, and so does the booking read after it, which is no longer
    cancelled and so lacks the cancellation's fields."""
    record, _ = recorded
    with emulator_server() as other, other.fault("BookingsController_2024_08_13_cancelBooking", status=409):
        code = main(["replay", str(record), "--against", other.url, "--no-reset"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].endswith(": 7 the same, 2 different")
    assert out[1:] == [
        f"{GET_BOOKING}: 1 of 2 call(s) differ",
        "    missing from the emulator's answer: data.cancellationReason: recorded string, replayed absent  (call 7)",
        "    missing from the emulator's answer: data.cancelledByEmail: recorded null, replayed absent  (call 7)",
        "BookingsController_2024_08_13_cancelBooking: 1 of 1 call(s) differ",
        "    status: recorded 200, replayed 409  (call 6)",
        "    error code: recorded none, replayed ConflictException  (call 6)",
    ]


def test_a_recording_becomes_a_world_to_start_from(
    recorded: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    record, flow = recorded
    world = tmp_path / "world.yaml"
    assert main(["fixtures", "from-recording", str(record), "-o", str(world)]) == 0
    said = capsys.readouterr().out
    assert "1 users, 2 schedules, 6 eventTypes, 1 bookings" in said and "ok: " in said  # and it loads
    document = yaml.safe_load(world.read_text())
    alice = document["users"]["alice"]
    assert alice["email"] == "alice@acme.example" and alice["defaultSchedule"] == "alice/working-hours"
    assert "key" not in alice["apiKeys"][0]  # the recorded key is not carried: the world makes one
    assert document["eventTypes"]["alice/15min"] == {
        "owner": "alice",
        "title": "15 Min Meeting",
        "slug": "15min",
        "length": 15,
        "description": "",
        "hidden": False,
        "minimumBookingNotice": 120,
        "beforeEventBuffer": 0,
        "afterEventBuffer": 0,
    }
    [booking] = document["bookings"].values()
    assert (booking["uid"], booking["status"], booking["eventType"]) == (flow["uid"], "cancelled", "alice/15min")
    assert booking["attendees"] == [{"name": "Pat Doe", "email": "pat@example.com", "timeZone": "Europe/London"}]

    # Replayed against that world with its own key, every call gets the recorded status.
    runtime = Runtime.build(Settings(fixtures=(str(world),), clock=CLOCK))
    [key] = [c["value"] for c in credentials(runtime.world) if c["kind"] == "apiKey"]
    _, report = replay(capsys, str(record), "--fixtures", str(world), "--credential", key, "--clock", CLOCK)
    kinds = {d["kind"] for g in report["operations"] for d in g["differences"]}
    assert report["replayed"] == 9 and "status" not in kinds and "errorCode" not in kinds
