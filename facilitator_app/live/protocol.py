"""The live room's wire protocol: a join code, a SPAKE2 handshake, then sealed messages.

Transport: one WebSocket connection per table (the ``websockets`` library on asyncio), binary
frames only; the library does the framing, masking and size limit, so nothing here parses a
byte stream by hand.

Why SPAKE2 and not TLS: the join code is short (8 letters and digits, read off the facilitator's
screen), so it cannot pin a certificate; TLS with a code-derived secret would let anyone who
captured the traffic test guesses of the code offline. SPAKE2 (the ``spake2`` package, the PAKE
magic-wormhole uses) derives a fresh 256-bit session key from the code and random values on both
sides: a passive listener learns nothing that lets it test a guess, and an active attacker gets
one guess per connection, which the host limits (:data:`FAILED_JOINS_PER_MINUTE`).

The handshake, then every message:

1. table → host: ``b"WFL1" + SPAKE2_A message`` (plain; 37 bytes).
2. host → table: ``SPAKE2_B message`` (plain). Both sides now hold the session key; HKDF-SHA256
   splits it into one ChaCha20-Poly1305 key per direction.
3. Every later frame is ``counter (8 bytes, big-endian) + AEAD(plaintext)``; the nonce is the
   direction and the counter, and the counter must be exactly the next one: a replayed, dropped
   or reordered frame is refused and the connection closed. A frame sealed under another key
   (a wrong join code, another session) fails authentication. The table's first sealed frame
   is its ``hello``: the host accepts nothing before that decrypts, so a client proves it knows
   the code before anything is accepted.

A plaintext is ``len(header) (4 bytes) + header (UTF-8 JSON object with "type") + payload``.

Table → host messages:

- ``hello`` {table, token, event_id, file_name}: the table's name, the token the host gave this
  laptop for it on an earlier join ("" the first time), which event the file is about, the file's
  name (kept as the points' provenance, as after a USB hand-in).
- ``snapshot`` {seq, sha256} + payload: the whole table file (zlib), read in one SQLite read
  transaction; ``sha256`` is the file's content hash, as a USB merge computes it.

Host → table messages:

- ``welcome`` {table, table_id, token, event_title}; or ``refused`` {reason}, then the host closes.
- ``ack`` {seq, sha256, status, message}: what the merge made of a snapshot (``merged``,
  ``unchanged`` or ``refused``). A table re-sends its file until an ack covers its latest hash.
- ``setup`` {questions: [{id, position, text, kind}], themes: [{id, position, name}]}: the
  event's set-up, sent on joining and whenever the facilitator changes it.
- ``timer`` {state: running|paused|reset, minutes, remaining, seq}: the discussion timer.
- ``room`` {shared} + payload: only once the facilitator shares the room (the plenary), every
  table's live points (zlib JSON: id, table, question_id, theme_id, text); ``shared: false``
  with an empty list when sharing stops. Until then a table receives no other table's points.

Limits, each refused with a logged reason (the host's log, one line per refusal): a frame over
:data:`MAX_FRAME_BYTES` (the library closes with 1009), a file unpacking to more than
:data:`MAX_FILE_BYTES`, a header over :data:`MAX_HEADER_BYTES`, more than
:data:`MESSAGES_PER_SECOND` frames a second on average, a join not completed within the host's
handshake timeout, more connections (or joins under way) than the host allows, and more than
:data:`FAILED_JOINS_PER_MINUTE` wrong codes from one address.
"""

from __future__ import annotations

import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from spake2 import SPAKE2_A, SPAKE2_B, SPAKEError

PROTOCOL_NAME = "wfac-live/1"
HANDSHAKE_MAGIC = b"WFL1"

#: The largest frame either side accepts (a table file, compressed, with room to spare).
MAX_FRAME_BYTES = 8 * 1024 * 1024
#: The largest table file a snapshot may unpack to.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The largest JSON header of a message.
MAX_HEADER_BYTES = 64 * 1024
#: A client may send this many frames per second on average, with bursts of twice as many.
MESSAGES_PER_SECOND = 20
#: Wrong join codes tolerated from one address per minute before it must wait.
FAILED_JOINS_PER_MINUTE = 20

#: Letters and digits that cannot be mistaken for one another when read off a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

_ID_TABLE = f"{PROTOCOL_NAME} table".encode()
_ID_HOST = f"{PROTOCOL_NAME} host".encode()
_COUNTER = struct.Struct(">Q")
_LENGTH = struct.Struct(">I")
_TAG_BYTES = 16

TABLE_MESSAGES = frozenset({"hello", "snapshot"})
HOST_MESSAGES = frozenset({"welcome", "refused", "ack", "setup", "timer", "room"})


class ProtocolError(Exception):
    """A frame the receiver refuses; the message is the reason, logged by the host."""


def new_join_code() -> str:
    """A fresh join code, shown as two groups of four (``K7QX-M3PD``): 40 bits of chance."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def normalise_code(code: str) -> bytes:
    """The code as typed, without case, spaces or dashes: ``k7qx m3pd`` is ``K7QX-M3PD``."""
    cleaned = "".join(character for character in code.upper() if character.isalnum())
    if not cleaned:
        raise ValueError("the join code is empty")
    return cleaned.encode()


@dataclass
class Message:
    """One decoded message: its type, its JSON fields, and a binary payload (a file)."""

    type: str
    fields: dict[str, Any] = field(default_factory=dict)
    payload: bytes = b""

    def encode(self) -> bytes:
        header = json.dumps({"type": self.type, **self.fields}, separators=(",", ":")).encode()
        return _LENGTH.pack(len(header)) + header + self.payload

    @classmethod
    def decode(cls, plaintext: bytes, allowed: frozenset[str]) -> Message:
        if len(plaintext) < _LENGTH.size:
            raise ProtocolError("message too short")
        (length,) = _LENGTH.unpack_from(plaintext)
        if length > MAX_HEADER_BYTES or length > len(plaintext) - _LENGTH.size:
            raise ProtocolError(f"message header of {length} bytes is too long or cut short")
        try:
            header = json.loads(plaintext[_LENGTH.size : _LENGTH.size + length])
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ProtocolError(f"message header is not JSON ({error})") from error
        if not isinstance(header, dict) or header.get("type") not in allowed:
            raise ProtocolError("message has no known type")
        kind = header.pop("type")
        return cls(kind, header, plaintext[_LENGTH.size + length :])

    def text(self, name: str, *, limit: int = 200) -> str:
        """A required string field, checked: malformed input is refused, never trusted."""
        value = self.fields.get(name)
        if not isinstance(value, str) or len(value) > limit:
            raise ProtocolError(f"{self.type}: field {name!r} is missing or not a short text")
        return value

    def number(self, name: str) -> int:
        value = self.fields.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**53:
            raise ProtocolError(f"{self.type}: field {name!r} is missing or not a count")
        return value


class SecureChannel:
    """Seals and opens the frames of one connection with the session key's two direction keys.

    Counters start at zero on both sides and must advance by exactly one: a replayed frame
    (same counter, or an old one) is refused before it is decrypted.
    """

    def __init__(self, session_key: bytes, *, is_host: bool) -> None:
        to_host = _derive(session_key, b"table to host")
        to_table = _derive(session_key, b"host to table")
        self._send = ChaCha20Poly1305(to_table if is_host else to_host)
        self._receive = ChaCha20Poly1305(to_host if is_host else to_table)
        self._send_direction = b"H2T\x00" if is_host else b"T2H\x00"
        self._receive_direction = b"T2H\x00" if is_host else b"H2T\x00"
        self._allowed = TABLE_MESSAGES if is_host else HOST_MESSAGES
        self._sent = 0
        self._received = 0

    def seal(self, message: Message) -> bytes:
        counter = _COUNTER.pack(self._sent)
        self._sent += 1
        nonce = self._send_direction + counter
        return counter + self._send.encrypt(nonce, message.encode(), PROTOCOL_NAME.encode())

    def open(self, frame: bytes) -> Message:
        if len(frame) < _COUNTER.size + _TAG_BYTES:
            raise ProtocolError(f"frame of {len(frame)} bytes is too short to be sealed")
        (counter,) = _COUNTER.unpack_from(frame)
        if counter != self._received:
            raise ProtocolError(
                f"replayed or out-of-order message (number {counter}, expected {self._received})"
            )
        nonce = self._receive_direction + frame[: _COUNTER.size]
        try:
            plaintext = self._receive.decrypt(nonce, frame[_COUNTER.size :], PROTOCOL_NAME.encode())
        except InvalidTag as error:
            raise ProtocolError("message failed authentication (wrong join code?)") from error
        self._received += 1
        return Message.decode(plaintext, self._allowed)


def _derive(session_key: bytes, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=PROTOCOL_NAME.encode(), info=purpose
    ).derive(session_key)


class TableHandshake:
    """The table's side of SPAKE2: its first frame, then the channel from the host's reply."""

    def __init__(self, code: str) -> None:
        self._spake = SPAKE2_A(normalise_code(code), idA=_ID_TABLE, idB=_ID_HOST)
        self.first_frame = HANDSHAKE_MAGIC + self._spake.start()

    def finish(self, reply: bytes) -> SecureChannel:
        if not isinstance(reply, bytes) or len(reply) > 128:
            raise ProtocolError("the host's handshake reply is malformed")
        try:
            key = self._spake.finish(reply)
        except (SPAKEError, ValueError, AssertionError) as error:
            raise ProtocolError(f"the host's handshake reply is malformed ({error})") from error
        return SecureChannel(key, is_host=False)


def host_handshake(code: str, first_frame: bytes) -> tuple[bytes, SecureChannel]:
    """The host's side: the reply to a table's first frame, and the channel (unproven yet)."""
    if not isinstance(first_frame, bytes) or not first_frame.startswith(HANDSHAKE_MAGIC):
        raise ProtocolError("the first message is not a live-room handshake")
    if len(first_frame) > 128:
        raise ProtocolError("the handshake message is too long")
    spake = SPAKE2_B(normalise_code(code), idA=_ID_TABLE, idB=_ID_HOST)
    reply = spake.start()
    try:
        key = spake.finish(first_frame[len(HANDSHAKE_MAGIC) :])
    except (SPAKEError, ValueError, AssertionError) as error:
        raise ProtocolError(f"the handshake message is malformed ({error})") from error
    return reply, SecureChannel(key, is_host=True)


class RateLimiter:
    """A token bucket: ``rate`` frames a second on average, bursts up to ``burst``."""

    def __init__(self, rate: float = MESSAGES_PER_SECOND, burst: float | None = None) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else rate * 2
        self._tokens = self.burst
        self._last: float | None = None

    def allow(self, now: float) -> bool:
        if self._last is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True
