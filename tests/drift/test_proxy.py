"""The recording proxy on its own: the command, an unreachable target, off-contract exchanges, and what
redaction keeps out of a recording."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from emulator.cli import main
from emulator.drift import recording, redact
from emulator.drift.replay import Substitutions
from emulator.testing.servers import free_port
from tests.drift.servers import ALICE_KEY, emulator_server, recording_proxy

ALICE = {"Authorization": f"Bearer {ALICE_KEY}"}


def test_the_proxy_command_records_what_passes_through(tmp_path: Path) -> None:
    record = tmp_path / "calls.jsonl"
    port = free_port()
    with emulator_server() as real:
        command = [sys.executable, "-m", "emulator.cli", "proxy", "--target", real.url, "--port", str(port)]
        process = subprocess.Popen(
            [*command, "--record", str(record)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    answer = httpx.get(f"http://127.0.0.1:{port}/v2/me", headers=ALICE, trust_env=False)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
                    time.sleep(0.1)
            assert answer.status_code == 200 and answer.json()["data"]["username"] == "alice"
            health = httpx.get(f"http://127.0.0.1:{port}/_emulator/health", trust_env=False)
            assert health.json()["status"] == "ok"  # forwarded, not recorded
        finally:
            process.send_signal(signal.SIGINT)
            out, _ = process.communicate(timeout=20)
    assert f"proxying http://127.0.0.1:{port} -> {real.url}" in out
    header, exchanges = recording.read(record)
    assert header["target"] == real.url
    assert [(e.operation_id, e.status) for e in exchanges] == [("MeController_getMe", 200)]


def test_an_unreachable_target_is_a_502_and_recorded_as_unanswered(tmp_path: Path) -> None:
    record = tmp_path / "calls.jsonl"
    closed = f"http://127.0.0.1:{free_port()}"
    with recording_proxy(closed, record) as proxy:
        answer = httpx.get(proxy + "/v2/me", headers=ALICE, trust_env=False)
    assert answer.status_code == 502 and closed in answer.json()["error"]
    [exchange] = recording.read(record)[1]
    assert (
        exchange.status == 0 and exchange.upstream_error is not None and exchange.operation_id == "MeController_getMe"
    )


def test_off_contract_requests_are_forwarded_and_their_problems_recorded(tmp_path: Path) -> None:
    record = tmp_path / "calls.jsonl"
    with emulator_server() as real, recording_proxy(real.url, record) as proxy:
        bad = httpx.get(
            proxy + "/v2/bookings", params={"take": "many"}, headers={**ALICE, "cal-api-version": "2024-08-13"}
        )
        nowhere = httpx.get(proxy + "/v2/no-such-route", headers=ALICE, trust_env=False)
    assert bad.status_code == 400 and nowhere.status_code == 404  # the target decided, not the proxy
    first, second = recording.read(record)[1]
    assert first.operation_id == "BookingsController_2024_08_13_getBookings"
    assert [p["location"] for p in first.problems["request"]] == ["query.take"]
    assert "response" not in first.problems  # the 400 itself is as the contract describes
    assert second.operation_id is None and "no operation of the contract" in second.problems["request"][0]["message"]


def test_redaction_keeps_secrets_out_and_fingerprints_them() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    body = {"data": {"accessToken": token, "nested": [{"clientSecret": "s3cret"}], "note": ALICE_KEY, "name": "x"}}
    redacted = redact.body(body)
    assert redacted["data"]["accessToken"] == redact.placeholder(token)
    assert redacted["data"]["nested"][0]["clientSecret"].startswith("[redacted:")
    assert redacted["data"]["note"] == redact.placeholder(ALICE_KEY)  # an API key wherever it stands
    assert redacted["data"]["name"] == "x"
    headers = redact.headers(
        {"authorization": f"Bearer {ALICE_KEY}", "x-cal-secret-key": "abc", "x-cal-client-id": "c1"}
    )
    assert headers == {
        "authorization": f"Bearer {redact.placeholder(ALICE_KEY)}",
        "x-cal-secret-key": redact.placeholder("abc"),
        "x-cal-client-id": "c1",
    }
    assert redact.query([("apiKey", ALICE_KEY), ("take", "10")]) == [
        ("apiKey", redact.placeholder(ALICE_KEY)),
        ("take", "10"),
    ]


def test_a_replay_puts_back_the_secrets_it_knows_and_learns() -> None:
    subs = Substitutions()
    subs.know(ALICE_KEY)
    assert subs.text(f"Bearer {redact.placeholder(ALICE_KEY)}", "authorization") == f"Bearer {ALICE_KEY}"
    unknown = redact.placeholder("cal_0000000000000000000000000000dead")
    assert subs.text(f"Bearer {unknown}", "authorization") == f"Bearer {unknown}" and subs.unknown
    subs.learn({"data": {"accessToken": redact.placeholder("old"), "id": 7}}, {"data": {"accessToken": "new", "id": 9}})
    assert subs.text(redact.placeholder("old")) == "new"
    assert subs.path("/v2/webhooks/7") == "/v2/webhooks/9" and subs.body({"eventTypeId": 7, "take": 7}) == {
        "eventTypeId": 9,
        "take": 7,
    }
    fallback = Substitutions(fallback="cal_fallback")
    assert fallback.text(f"Bearer {unknown}", "authorization") == "Bearer cal_fallback"


def test_bad_inputs_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["proxy", "--target", "ftp://example.com"]) == 2
    not_a_recording = tmp_path / "x.jsonl"
    not_a_recording.write_text('{"hello": 1}\n')
    assert main(["replay", str(not_a_recording)]) == 2
    assert main(["fixtures", "from-recording", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "--target must be an http(s) URL" in err and "not a calcom-emulator recording" in err
    assert "missing.jsonl" in err and os.linesep.join(err.splitlines()) == err.rstrip("\n")
