"""A platform managed user's access token expires after 60 minutes; the client refreshes it once."""

from __future__ import annotations

from acme_booking import BookingClient, OAuthTokens


def olivia_tokens(calcom) -> OAuthTokens:
    [client] = calcom.credentials(kind="oauthClient")
    [access] = calcom.credentials(owner="olivia", kind="accessToken")
    [refresh] = calcom.credentials(owner="olivia", kind="refreshToken")
    return OAuthTokens(client["value"], client["secret"], access["value"], refresh["value"])


def test_an_expired_token_is_refreshed_and_the_call_repeated(calcom) -> None:
    tokens = olivia_tokens(calcom)
    first_token = tokens.access_token
    booking = BookingClient(calcom.v2, tokens=tokens)
    assert booking.me()["email"].startswith("olivia")

    calcom.clock.advance("61m")
    assert booking.me()["email"].startswith("olivia")

    assert tokens.access_token != first_token
    assert [r["status"] for r in calcom.requests("MeController_getMe")] == [200, 498, 200]
    calcom.assert_called("OAuthFlowController_refreshTokens", times=1)


def test_a_fresh_token_is_not_refreshed(calcom) -> None:
    booking = BookingClient(calcom.v2, tokens=olivia_tokens(calcom))
    calcom.clock.advance("59m")
    booking.me()
    calcom.assert_called("OAuthFlowController_refreshTokens", times=0)
