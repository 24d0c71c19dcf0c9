"""The in-process transport: the same handle over the ASGI app, no socket and no server thread."""

from __future__ import annotations

import pytest

pytest.importorskip("httpx")


def test_the_handle_in_process(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ncalcom_transport = asgi\n")
    pytester.makepyfile(
        """
        import asyncio
        import threading

        import httpx
        import pytest

        def test_two_lines(calcom):
            calcom.clock.advance("61m"); assert calcom.api_key("alice").startswith("cal_")

        def test_no_socket_no_thread(calcom):
            threads = threading.active_count()
            assert calcom.url == "http://emulator.invalid" and calcom.transport == "asgi"
            assert calcom.client("alice").get("/me").json()["data"]["username"] == "alice"
            assert calcom.client("alice", version="v1").get("/me").status_code == 200
            assert threading.active_count() == threads
            assert all(t.name != "calcom-emulator" for t in threading.enumerate())

        def test_faults_behave_as_over_a_socket(calcom):
            me = calcom.client("alice")
            with calcom.fault("MeController_getMe", drop=True, times=1):
                with pytest.raises(httpx.RemoteProtocolError):
                    me.get("/me")
            with calcom.fault("MeController_getMe", status=503, times=1):
                assert me.get("/me").status_code == 503
            assert [r["status"] for r in calcom.requests("MeController_getMe")] == [503, 0]

        def test_async_client(calcom):
            async def main():
                async with calcom.async_client("bob") as bob:
                    return (await bob.get("/me")).json()["data"]["username"]
            assert asyncio.run(main()) == "bob"

        def test_admin_calls_from_inside_a_running_loop(calcom):
            async def main():
                return calcom.api_key("carol")
            assert asyncio.run(main()).startswith("cal_")
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=5)


def test_calcom_app_is_in_process_beside_a_socket_session(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_both(calcom, calcom_app):
            assert calcom.transport == "socket" and calcom_app.transport == "asgi"
            calcom_app.clock.set("2031-01-01T00:00:00Z")
            assert calcom.clock.now().year != 2031  # two instances, two worlds
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
