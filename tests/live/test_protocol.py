"""The join code, the SPAKE2 handshake and the sealed frames, without a network."""

from __future__ import annotations

import pytest

from facilitator_app.live.protocol import (
    CODE_ALPHABET,
    Message,
    ProtocolError,
    RateLimiter,
    SecureChannel,
    TableHandshake,
    host_handshake,
    new_join_code,
    normalise_code,
)


def pair(
    table_code: str = "K7QX-M3PD", host_code: str = "K7QX-M3PD"
) -> tuple[SecureChannel, SecureChannel]:
    table = TableHandshake(table_code)
    reply, host = host_handshake(host_code, table.first_frame)
    return table.finish(reply), host


def test_a_new_join_code_is_two_groups_of_four_unambiguous_characters() -> None:
    code = new_join_code()
    assert len(code) == 9 and code[4] == "-"
    assert all(character in CODE_ALPHABET for character in code.replace("-", ""))
    assert {"0", "O", "1", "I", "L"}.isdisjoint(code)


def test_a_code_typed_loosely_is_the_same_code() -> None:
    assert normalise_code(" k7qx m3pd ") == normalise_code("K7QX-M3PD")


def test_both_sides_agree_on_a_key_when_the_codes_match() -> None:
    table, host = pair()
    frame = table.seal(Message("hello", {"table": "Table One"}))
    assert host.open(frame).fields == {"table": "Table One"}
    back = host.seal(Message("ack", {"seq": 1}, b"payload"))
    opened = table.open(back)
    assert (opened.type, opened.payload) == ("ack", b"payload")


def test_a_wrong_code_cannot_open_the_first_message() -> None:
    table, host = pair("K7QX-M3PD", "K7QX-M3PE")
    with pytest.raises(ProtocolError, match="authentication"):
        host.open(table.seal(Message("hello", {"table": "Table One"})))


def test_the_traffic_carries_neither_the_code_nor_the_plaintext() -> None:
    handshake = TableHandshake("K7QX-M3PD")
    reply, _host = host_handshake("K7QX-M3PD", handshake.first_frame)
    table = handshake.finish(reply)
    frame = table.seal(Message("hello", {"table": "Ann Lee's table"}))
    for captured in (handshake.first_frame, reply, frame):
        assert b"K7QX" not in captured and b"Ann Lee" not in captured


def test_a_replayed_frame_is_refused() -> None:
    table, host = pair()
    frame = table.seal(Message("snapshot", {"seq": 1}))
    host.open(frame)
    with pytest.raises(ProtocolError, match="replayed"):
        host.open(frame)


def test_a_frame_from_another_session_is_refused() -> None:
    old_table, _old_host = pair()
    _table, host = pair()
    with pytest.raises(ProtocolError, match="authentication"):
        host.open(old_table.seal(Message("hello", {})))


def test_a_host_message_is_not_accepted_from_a_table() -> None:
    table, host = pair()
    with pytest.raises(ProtocolError, match="no known type"):
        host.open(table.seal(Message("ack", {})))


@pytest.mark.parametrize(
    "frame",
    [b"", b"garbage", b"WFL1" + b"\x00" * 33, b"WFL1" + b"x" * 500, b"\xff" * 37],
)
def test_a_malformed_handshake_is_refused_with_a_reason(frame: bytes) -> None:
    with pytest.raises(ProtocolError):
        host_handshake("K7QX-M3PD", frame)


def test_short_and_garbled_sealed_frames_are_refused() -> None:
    table, host = pair()
    with pytest.raises(ProtocolError, match="too short"):
        host.open(b"\x00" * 10)
    frame = bytearray(table.seal(Message("hello", {})))
    frame[-1] ^= 1
    with pytest.raises(ProtocolError, match="authentication"):
        host.open(bytes(frame))


def test_a_message_whose_header_is_not_json_is_refused() -> None:
    with pytest.raises(ProtocolError, match="not JSON"):
        Message.decode(b"\x00\x00\x00\x03abc", frozenset({"hello"}))
    with pytest.raises(ProtocolError, match="too long"):
        Message.decode(b"\xff\xff\xff\xff{}", frozenset({"hello"}))


def test_fields_are_checked_before_use() -> None:
    message = Message("snapshot", {"seq": "1", "sha256": 5})
    with pytest.raises(ProtocolError, match="seq"):
        message.number("seq")
    with pytest.raises(ProtocolError, match="sha256"):
        message.text("sha256")


def test_the_rate_limit_allows_bursts_then_refuses_a_flood() -> None:
    limiter = RateLimiter(rate=10, burst=20)
    allowed = sum(limiter.allow(100.0) for _ in range(50))
    assert allowed == 20
    assert limiter.allow(100.5)  # half a second later, tokens are back
