"""Cal.com's symmetricEncrypt / symmetricDecrypt (packages/lib/crypto.ts): AES-256-CBC with PKCS#7
padding, the key taken as the secret's latin-1 bytes, the text written ``<iv hex>:<cipher hex>``.

Credential sync sends app keys encrypted this way. The standard library has no AES, and the block
cipher is small, so it lives here (FIPS-197); speed does not matter for a key of a few hundred bytes.
"""

from __future__ import annotations

import secrets


def _sbox() -> tuple[list[int], list[int]]:
    box, inverse = [0] * 256, [0] * 256
    p = q = 1
    box[0] = 0x63
    while True:
        p = p ^ ((p << 1) & 0xFF) ^ (0x1B if p & 0x80 else 0)  # p * 3 in GF(2^8)
        q ^= q << 1
        q ^= q << 2
        q ^= q << 4
        q &= 0xFF
        if q & 0x80:
            q ^= 0x09  # q / 3
        rot = q ^ ((q << 1 | q >> 7) & 0xFF) ^ ((q << 2 | q >> 6) & 0xFF) ^ ((q << 3 | q >> 5) & 0xFF)
        rot ^= (q << 4 | q >> 4) & 0xFF
        box[p] = rot ^ 0x63
        if p == 1:
            break
    for i, v in enumerate(box):
        inverse[v] = i
    return box, inverse


SBOX, INV_SBOX = _sbox()


def _mul(a: int, b: int) -> int:
    out = 0
    while b:
        if b & 1:
            out ^= a
        a = ((a << 1) ^ 0x1B) & 0xFF if a & 0x80 else a << 1
        b >>= 1
    return out


def _round_keys(key: bytes) -> list[list[int]]:
    """The 15 round keys of AES-256, 16 bytes each."""
    words = [list(key[i : i + 4]) for i in range(0, 32, 4)]
    rcon = 1
    for i in range(8, 60):
        word = list(words[i - 1])
        if i % 8 == 0:
            word = [SBOX[b] for b in word[1:] + word[:1]]
            word[0] ^= rcon
            rcon = _mul(rcon, 2)
        elif i % 8 == 4:
            word = [SBOX[b] for b in word]
        words.append([a ^ b for a, b in zip(words[i - 8], word, strict=True)])
    return [[b for word in words[r * 4 : r * 4 + 4] for b in word] for r in range(15)]


def _mix(state: list[int], factors: tuple[int, int, int, int]) -> list[int]:
    out = []
    for c in range(4):
        column = state[c * 4 : c * 4 + 4]
        for r in range(4):
            value = 0
            for k in range(4):
                value ^= _mul(column[k], factors[(k - r) % 4])
            out.append(value)
    return out


def _shift(state: list[int], direction: int) -> list[int]:
    return [state[((c + direction * r) % 4) * 4 + r] for c in range(4) for r in range(4)]


def encrypt_block(block: bytes, keys: list[list[int]]) -> bytes:
    state = [a ^ b for a, b in zip(block, keys[0], strict=True)]
    for rnd in range(1, 15):
        state = _shift([SBOX[b] for b in state], 1)
        if rnd < 14:
            state = _mix(state, (2, 3, 1, 1))
        state = [a ^ b for a, b in zip(state, keys[rnd], strict=True)]
    return bytes(state)


def decrypt_block(block: bytes, keys: list[list[int]]) -> bytes:
    state = [a ^ b for a, b in zip(block, keys[14], strict=True)]
    for rnd in range(13, -1, -1):
        state = [INV_SBOX[b] for b in _shift(state, -1)]
        state = [a ^ b for a, b in zip(state, keys[rnd], strict=True)]
        if rnd > 0:
            state = _mix(state, (14, 11, 13, 9))
    return bytes(state)


def _key(secret: str) -> list[list[int]]:
    raw = secret.encode("latin-1", errors="replace")
    if len(raw) != 32:
        raise ValueError("Invalid key length")
    return _round_keys(raw)


def symmetric_encrypt(text: str, secret: str, iv: bytes | None = None) -> str:
    keys, iv = _key(secret), iv or secrets.token_bytes(16)
    data = text.encode()
    pad = 16 - len(data) % 16
    data += bytes([pad]) * pad
    out, previous = b"", iv
    for i in range(0, len(data), 16):
        previous = encrypt_block(bytes(a ^ b for a, b in zip(data[i : i + 16], previous, strict=True)), keys)
        out += previous
    return f"{iv.hex()}:{out.hex()}"


def symmetric_decrypt(text: str, secret: str) -> str:
    """The plain text, or ValueError with Node's message (``Invalid initialization vector``, ``bad decrypt``)."""
    keys = _key(secret)
    iv_hex, _, cipher_hex = text.partition(":")
    try:
        iv, data = bytes.fromhex(iv_hex), bytes.fromhex(cipher_hex.replace(":", ""))
    except ValueError:
        raise ValueError("bad decrypt") from None
    if len(iv) != 16:
        raise ValueError("Invalid initialization vector")
    if not data or len(data) % 16:
        raise ValueError("bad decrypt")
    out, previous = b"", iv
    for i in range(0, len(data), 16):
        block = data[i : i + 16]
        out += bytes(a ^ b for a, b in zip(decrypt_block(block, keys), previous, strict=True))
        previous = block
    pad = out[-1]
    if not 1 <= pad <= 16 or out[-pad:] != bytes([pad]) * pad:
        raise ValueError("bad decrypt")
    return out[:-pad].decode("utf-8", errors="replace")
