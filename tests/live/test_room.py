"""Tables syncing into the host's event file, in one process over 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from room_helpers import CODE, Cable, Room, event_texts, eventually, hosting, joined, make_room

from facilitator_app.core import event, merge, points, store
from facilitator_app.core.errors import FileInUseError
from facilitator_app.live import files
from facilitator_app.live.host import RoomHost


def point_rows(path: Path) -> dict[str, tuple[object, ...]]:
    """Every point of a file, tombstones too, as the fields a user sees and its revision."""
    with store.open_workshop(path, read_only=True) as workshop:
        return {
            p.id: (p.table_id, p.question_id, p.theme_id, p.text, p.position, p.strength,
                   p.deleted, p.revision)
            for p in points.list_points(workshop, include_deleted=True)
        }  # fmt: skip


def test_points_typed_at_four_tables_equal_a_usb_merge_of_their_files(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    pristine = tmp_path / "usb" / "Event.workshop"
    pristine.parent.mkdir()
    with store.open_workshop(room.event_path, read_only=True) as workshop:
        store.copy_workshop(workshop, pristine)

    async def scenario() -> None:
        async with (
            hosting(room) as host,
            joined(room, 0, host.port),
            joined(room, 1, host.port),
            joined(room, 2, host.port),
            joined(room, 3, host.port),
        ):
            for round_number in range(3):
                for number in range(4):
                    await asyncio.to_thread(
                        room.add, number, f"T{number} point {round_number}", round_number
                    )
            first = await asyncio.to_thread(room.add, 2, "to be reworded")
            gone = await asyncio.to_thread(room.add, 3, "to be deleted")
            with store.open_workshop(room.table_file(2)) as workshop:
                points.edit_point_text(workshop, first, "reworded at the table")
            with store.open_workshop(room.table_file(3)) as workshop:
                points.delete_point(workshop, gone)
            await eventually(lambda: _synced(room))

    asyncio.run(scenario())
    usb = merge.merge_files(pristine, [room.table_file(n) for n in range(4)])
    assert not usb.any_refused
    assert point_rows(room.event_path) == point_rows(pristine)
    live = sorted(text.split("|")[1] for text in event_texts(room.event_path).values())
    assert "reworded at the table" in live and "to be deleted" not in live
    assert len(live) == 13


def _synced(room: Room) -> bool:
    """The event holds every table's points, live and deleted, as the table files do."""
    expected: dict[str, tuple[object, ...]] = {}
    for number in range(4):
        expected.update(point_rows(room.table_file(number)))
    held = point_rows(room.event_path)
    return all(held.get(key, (None,))[3:7] == value[3:7] for key, value in expected.items())


def test_a_table_file_handed_in_on_usb_after_syncing_is_already_merged(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port) as table:
            await asyncio.to_thread(room.add, 0, "More clinics in the town centre")
            await eventually(lambda: table.status.describe() == "Live: in the room")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)
            digest = hashlib.sha256(room.table_file(0).read_bytes()).hexdigest()
            await eventually(lambda: table.acked_sha == digest)

    asyncio.run(scenario())
    summary = merge.merge_files(room.event_path, [room.table_file(0)])
    assert summary.results[0].status is merge.MergeStatus.UNCHANGED
    assert "already merged" in summary.results[0].message
    # the app's "Hand in table file…" writes a checked copy (other header bytes): known by what
    # it holds
    handed_in = tmp_path / "usb" / "Table One.workshop"
    with store.open_workshop(room.table_file(0), read_only=True) as workshop:
        store.copy_workshop(workshop, handed_in)
    copy = merge.merge_files(room.event_path, [handed_in]).results[0]
    assert (copy.status, copy.new, copy.updated) == (merge.MergeStatus.UNCHANGED, 0, 0)
    assert "already merged" in copy.message
    assert len(event_texts(room.event_path)) == 1


def test_points_keep_the_table_file_name_as_their_provenance(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 1, host.port):
            await asyncio.to_thread(room.add, 1, "Parking")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)

    asyncio.run(scenario())
    with store.open_workshop(room.event_path, read_only=True) as workshop:
        (point,) = points.list_points(workshop)
        history = merge.list_merges(workshop)
    assert point.source_file == "Table Two.workshop"
    assert history[-1].source_name == "Table Two.workshop"


def test_a_point_changed_at_both_ends_is_a_conflict_as_in_a_usb_merge(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port):
            point_id = await asyncio.to_thread(room.add, 0, "Longer opening hours")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)
            with store.open_workshop(room.event_path) as workshop:
                points.edit_point_text(workshop, point_id, "Opening hours (facilitator)")
            with store.open_workshop(room.table_file(0)) as workshop:
                points.edit_point_text(workshop, point_id, "Opening hours (scribe)")
            await eventually(lambda: _conflicts(room.event_path) == 1)

    asyncio.run(scenario())
    with store.open_workshop(room.event_path, read_only=True) as workshop:
        (conflict,) = merge.list_conflicts(workshop)
    assert conflict.their_text == "Opening hours (scribe)"
    assert "facilitator" in event_texts(room.event_path)[conflict.point_id]


def _conflicts(path: Path) -> int:
    with store.open_workshop(path, read_only=True) as workshop:
        return len(merge.list_conflicts(workshop))


def test_changes_made_while_the_host_is_down_arrive_once_when_it_returns(
    tmp_path: Path,
) -> None:
    room = make_room(tmp_path)
    seen: list[str] = []

    async def scenario() -> None:
        host = RoomHost(room.event_path, code=CODE, port=0)
        await host.start()
        port = host.port
        async with joined(
            room, 0, port, on_status=lambda status: seen.append(status.describe())
        ) as table:
            await asyncio.to_thread(room.add, 0, "before the drop")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)
            await host.stop()
            await eventually(lambda: not table.status.connected)
            for number in range(5):
                await asyncio.to_thread(room.add, 0, f"while offline {number}")
            await eventually(lambda: table.status.changes_to_send >= 1)
            assert table.status.describe().startswith("Offline: ")
            host = RoomHost(room.event_path, code=CODE, port=port)
            await host.start()
            await eventually(lambda: len(event_texts(room.event_path)) == 6)
            await eventually(lambda: table.status.describe() == "Live: in the room")
            await host.stop()

    asyncio.run(scenario())
    texts = sorted(text.split("|")[1] for text in event_texts(room.event_path).values())
    assert texts == ["before the drop"] + [f"while offline {n}" for n in range(5)]
    assert any(line.startswith("Offline: ") for line in seen)


def test_a_host_restarted_without_a_code_keeps_the_rooms_code_and_the_tables_catch_up(
    tmp_path: Path,
) -> None:
    """The facilitator's laptop crashes or reboots: hosting again (no code given) opens the
    room with the same code, so every table catches up by itself, no code typed again."""
    room = make_room(tmp_path)

    async def scenario() -> None:
        host = RoomHost(room.event_path, port=0, advertise=False)
        await host.start()
        port, code = host.port, host.code
        async with joined(room, 0, port, code=code) as table:
            await asyncio.to_thread(room.add, 0, "before the crash")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)
            await host.stop()
            await asyncio.to_thread(room.add, 0, "while the host was down")
            again = RoomHost(room.event_path, port=port, advertise=False)
            assert again.code == code
            await again.start()
            await eventually(lambda: len(event_texts(room.event_path)) == 2)
            await eventually(lambda: table.status.describe() == "Live: in the room")
            await again.stop()
        other = RoomHost(room.event_path, code="NEWC-ODE1", port=0, advertise=False)
        await other.start()  # a code given is the room's code from then on
        await other.stop()
        assert RoomHost(room.event_path, port=0).code == "NEWC-ODE1"

    asyncio.run(scenario())


def test_a_new_question_pushed_by_the_host_arrives_with_the_events_identity(
    tmp_path: Path,
) -> None:
    room = make_room(tmp_path)
    received: list[dict[str, object]] = []

    async def scenario() -> None:
        async with (
            hosting(room) as host,
            joined(room, 0, host.port, on_setup=received.append) as table,
        ):
            await eventually(lambda: table.status.connected)
            with store.open_workshop(room.event_path) as workshop:
                question = event.add_question(workshop, "What would make it work for you?")
            await host.push_setup()
            await eventually(lambda: _has_question(room.table_file(0), question.id))
            with store.open_workshop(room.table_file(0)) as workshop:
                points.add_point(workshop, room.tables[0].id, question.id, "Evening slots")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)

    asyncio.run(scenario())
    with store.open_workshop(room.event_path, read_only=True) as workshop:
        texts = [q.text for q in event.list_questions(workshop)]
    assert texts.count("What would make it work for you?") == 1
    assert len(texts) == 4  # not added again under another name by the merge
    assert received


def _has_question(path: Path, question_id: str) -> bool:
    with store.open_workshop(path, read_only=True) as workshop:
        return any(q.id == question_id for q in event.list_questions(workshop))


def test_the_discussion_timer_reaches_every_table(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with (
            hosting(room) as host,
            joined(room, 0, host.port) as first,
            joined(room, 1, host.port) as second,
        ):
            await eventually(lambda: first.status.connected and second.status.connected)
            await host.set_timer("running", minutes=20)
            for table in (first, second):
                await eventually(lambda t=table: t.timer is not None and t.timer.state == "running")
                assert table.timer is not None
                assert 1100 < table.timer.remaining <= 1200
            await host.set_timer("paused")
            await eventually(lambda: first.timer is not None and first.timer.state == "paused")
            await host.set_timer("reset")
            await eventually(lambda: first.timer is not None and first.timer.state == "reset")
            assert first.timer is not None and first.timer.remaining == 1200

    asyncio.run(scenario())


def test_the_room_wall_state_follows_the_tables(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            async with joined(room, 0, host.port):
                await asyncio.to_thread(room.add, 0, "one")
                await asyncio.to_thread(room.add, 0, "two")
                state = host.tables[room.tables[0].id]
                await eventually(lambda: state.points == 2 and state.connected)
                assert state.last_change is not None
            await eventually(lambda: not host.tables[room.tables[0].id].connected)

    asyncio.run(scenario())


def test_a_merge_refused_while_the_event_file_is_in_use_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = make_room(tmp_path)
    real_merge = merge.merge_files
    attempts: list[Path] = []

    def busy_once(target: Path, sources: list[Path], **options: object) -> merge.MergeSummary:
        attempts.append(sources[0])
        if len(attempts) == 1:  # the facilitator's app holds the event file for a moment
            raise FileInUseError(target, "it is locked")
        return real_merge(target, sources, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(merge, "merge_files", busy_once)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port) as table:
            host.retry_delay = 0.05
            await asyncio.to_thread(room.add, 0, "kept through a busy moment")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)
            await eventually(lambda: table.status.describe() == "Live: in the room")

    asyncio.run(scenario())
    assert len(attempts) >= 2


def test_a_dropped_network_while_typing_goes_on_loses_nothing(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            cable = Cable(host.port)
            port = await cable.start()
            try:
                async with joined(room, 0, port) as table:
                    await asyncio.to_thread(room.add, 0, "before the drop")
                    await eventually(lambda: len(event_texts(room.event_path)) == 1)
                    cable.unplug()
                    await eventually(lambda: not table.status.connected)
                    for number in range(5):
                        await asyncio.to_thread(room.add, 0, f"typed offline {number}")
                    await eventually(lambda: table.status.describe().startswith("Offline: "))
                    assert len(event_texts(room.event_path)) == 1
                    cable.plug()
                    await eventually(lambda: len(event_texts(room.event_path)) == 6)
                    await eventually(lambda: table.status.describe() == "Live: in the room")
            finally:
                await cable.stop()

    asyncio.run(scenario())
    texts = sorted(text.split("|")[1] for text in event_texts(room.event_path).values())
    assert texts == ["before the drop"] + [f"typed offline {n}" for n in range(5)]


def test_merging_the_event_folder_later_ignores_the_hosts_inbox(tmp_path: Path) -> None:
    """The host's copies (in a hidden folder beside the event) are not merged again as files."""
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port):
            await asyncio.to_thread(room.add, 0, "synced")
            await eventually(lambda: len(event_texts(room.event_path)) == 1)

    asyncio.run(scenario())
    inbox = tmp_path / ".Event.workshop.live"
    assert list(inbox.rglob("*.workshop"))
    summary = merge.merge_files(room.event_path, [tmp_path])
    assert [result.path for result in summary.results] == [room.table_file(0)]
    assert summary.results[0].status is merge.MergeStatus.UNCHANGED


def test_a_table_joining_late_gets_the_set_up_and_the_running_timer(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            with store.open_workshop(room.event_path) as workshop:
                question = event.add_question(workshop, "Added before Table Two joined")
            await host.push_setup()
            await host.set_timer("running", minutes=15)
            async with joined(room, 1, host.port) as late:
                await eventually(lambda: _has_question(room.table_file(1), question.id))
                await eventually(lambda: late.timer is not None)
                assert late.timer is not None and late.timer.state == "running"
                assert 800 < late.timer.remaining <= 900

    asyncio.run(scenario())


def test_a_long_write_holding_the_table_file_does_not_stop_the_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import holding the file for a while: reads time out, are tried again, nothing lost."""
    room = make_room(tmp_path)
    monkeypatch.setattr(files, "READ_TIMEOUT_SECONDS", 0.05)

    def hold_the_file(seconds: float) -> None:
        with closing(sqlite3.connect(room.table_file(0), isolation_level=None)) as connection:
            connection.execute("BEGIN EXCLUSIVE")
            time.sleep(seconds)  # the "import" at work
            connection.execute("ROLLBACK")

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port) as table:
            for number in range(3):
                await asyncio.to_thread(room.add, 0, f"typed {number}")
                await asyncio.to_thread(hold_the_file, 0.5)
            await eventually(lambda: len(event_texts(room.event_path)) == 3)
            await eventually(lambda: table.status.describe() == "Live: in the room")

    asyncio.run(scenario())


def test_tables_see_other_tables_points_only_once_the_facilitator_shares_them(
    tmp_path: Path,
) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with (
            hosting(room) as host,
            joined(room, 0, host.port) as one,
            joined(room, 1, host.port) as two,
        ):
            await asyncio.to_thread(room.add, 0, "Table One's point")
            await asyncio.to_thread(room.add, 1, "Table Two's point")
            await eventually(lambda: len(event_texts(room.event_path)) == 2)
            await eventually(lambda: one.acked_sha != "" and two.acked_sha != "")
            assert one.room_points is None and two.room_points is None
            await host.share_points(True)
            await eventually(lambda: two.room_points is not None)
            assert two.room_points is not None
            assert {(p["table"], p["text"]) for p in two.room_points} == {
                ("Table One", "Table One's point"),
                ("Table Two", "Table Two's point"),
            }
            await asyncio.to_thread(room.add, 0, "made during the plenary")
            await eventually(
                lambda: any(p["text"] == "made during the plenary" for p in two.room_points or [])
            )
            await host.share_points(False)
            await eventually(lambda: two.room_points is None)

    asyncio.run(scenario())
