"""The host's inbox: each table's file as it arrives, checked, then merged as a USB hand-in.

A received file is unpacked and checked against its hash (:func:`unpack`), written under the
table file's own name (so points keep it as their provenance, as after a USB hand-in) in a
staging folder, checked for ownership (:func:`~facilitator_app.live.files.check_ownership`) and
merged by :func:`facilitator_app.core.merge.merge_files`. The file merged last is kept as the
table's current copy, ``.EVENT.workshop.live/TABLE_ID/NAME.workshop`` beside the event file; a
refused one is not kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.core import merge
from facilitator_app.live import files
from facilitator_app.live.protocol import MAX_FILE_BYTES, Message, ProtocolError

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Received:
    """A table's file as it arrived: the snapshot's number, its hash, its bytes."""

    seq: int
    sha256: str
    data: bytes
    file_name: str


@dataclass(frozen=True)
class Outcome:
    """What the merge made of a received file: ``merged``, ``unchanged`` or ``refused``."""

    status: str
    message: str

    @property
    def refused(self) -> bool:
        return self.status == "refused"


def unpack(file_name: str, message: Message) -> Received:
    """A snapshot's file, checked: within the size limit and matching its hash."""
    seq = message.number("seq")
    sha = message.text("sha256", limit=64)
    if not _SHA256.fullmatch(sha):
        raise ProtocolError("snapshot without a valid sha256")
    unpacker = zlib.decompressobj()
    try:
        data = unpacker.decompress(message.payload, MAX_FILE_BYTES)
    except zlib.error as error:
        raise ProtocolError(f"snapshot is not compressed data ({error})") from error
    if unpacker.unconsumed_tail:
        raise ProtocolError(f"snapshot unpacks to more than {MAX_FILE_BYTES} bytes")
    if hashlib.sha256(data).hexdigest() != sha:
        raise ProtocolError("snapshot does not match its sha256")
    return Received(seq, sha, data, file_name)


def merge_received(
    event_path: Path, inbox: Path, table_id: str, table: str, received: Received
) -> Outcome:
    """Check and merge one table's file into the event file; keep it if it was merged.

    Raises what :func:`~facilitator_app.core.merge.merge_files` raises when the event file
    itself cannot be written (in use): the caller keeps the file and tries again.
    """
    folder = inbox / table_id
    staging = folder / "incoming"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    path = staging / received.file_name
    path.write_bytes(received.data)
    try:
        try:
            reason = files.check_ownership(event_path, path, table_id, table)
        except sqlite3.DatabaseError as error:
            reason = f"{table}'s file could not be read ({error})"
        if reason:
            return Outcome("refused", reason)
        result = merge.merge_files(event_path, [path], backup=False).results[0]
        if result.status is merge.MergeStatus.REFUSED:
            return Outcome("refused", result.message)
        for old in folder.glob("*.workshop"):
            old.unlink()
        os.replace(path, folder / received.file_name)
        return Outcome(
            str(result.status),
            result.message
            or (
                f"{result.new} new, {result.updated} updated, {result.deleted} deleted, "
                f"{result.conflicts} conflicts"
            ),
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
