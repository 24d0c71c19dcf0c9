"""Cal.com's symmetricEncrypt/symmetricDecrypt: the FIPS-197 AES-256 vector, and the ``iv:cipher`` text
Node's aes256 writes (checked against ``openssl enc -aes-256-cbc``)."""

from __future__ import annotations

import pytest

from emulator.domain.app_crypto import _round_keys, decrypt_block, encrypt_block, symmetric_decrypt, symmetric_encrypt

KEY = "k" * 32


def test_fips_197_vector() -> None:
    keys = _round_keys(bytes(range(32)))
    block = bytes.fromhex("00112233445566778899aabbccddeeff")
    assert encrypt_block(block, keys).hex() == "8ea2b7ca516745bfeafc49904b496089"
    assert decrypt_block(bytes.fromhex("8ea2b7ca516745bfeafc49904b496089"), keys) == block


def test_cbc_text_matches_openssl() -> None:
    text = symmetric_encrypt('{"access_token":"abc"}', KEY, bytes(16))
    assert text == "0" * 32 + ":adb4bf6b5f81402a95e41bed156b0d1d6bfd242839804fbc6bbbef07b9729d87"
    assert symmetric_decrypt(text, KEY) == '{"access_token":"abc"}'


@pytest.mark.parametrize(
    ("text", "message"),
    [("00:00", "Invalid initialization vector"), ("0" * 32 + ":" + "00" * 16, "bad decrypt"), ("zz:zz", "bad decrypt")],
)
def test_refusals(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        symmetric_decrypt(text, KEY)
    with pytest.raises(ValueError, match="Invalid key length"):
        symmetric_decrypt(text, "short")
