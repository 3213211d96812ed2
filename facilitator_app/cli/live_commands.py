"""``host`` the live room on an event file, or ``join`` it with a table file, with no window.

Both run until Ctrl+C or SIGTERM and then stop cleanly: the host finishes the merge under way,
the table sends nothing half (a file goes in one frame, merged whole or not at all). The live
package (websockets, cryptography) is imported inside the command functions, so other commands
do not pay for it at start-up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator_app.core.errors import WorkshopError

# typing.TYPE_CHECKING without importing typing: ``--help`` stays quick.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import asyncio


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    host = subparsers.add_parser(
        "host",
        help="host the live room: tables on the local network sync into the event file",
        description=(
            "Host the live room for EVENT_FILE: listen on the local network (ADDRESS, the "
            "loopback address unless given), print the address and join code, and merge every "
            "table's changes into the event file as they arrive, until Ctrl+C or SIGTERM."
        ),
    )
    host.add_argument("event_file", metavar="EVENT_FILE", type=Path)
    host.add_argument(
        "--address",
        default="127.0.0.1",
        help="the address to listen on: this laptop's address on the venue's network "
        "(default 127.0.0.1, this laptop only)",
    )
    host.add_argument("--port", type=int, default=None, help="the port (default 47653)")
    host.add_argument("--code", help="the join code (default: a new random one)")
    host.add_argument(
        "--release",
        metavar="TABLE",
        action="append",
        default=[],
        help="let a new laptop join TABLE (its first laptop was lost or replaced); repeatable",
    )
    host.add_argument(
        "--share-points",
        action="store_true",
        help="let every table see all tables' points (for the plenary); off by default",
    )
    host.set_defaults(handler=run_host)

    join = subparsers.add_parser(
        "join",
        help="keep a table file in sync with the facilitator's live room",
        description=(
            "Keep TABLE_FILE in sync with the room hosted at ADDRESS[:PORT] until Ctrl+C or "
            "SIGTERM. Points are still written to the file first (by the app, or import); "
            "each change is sent within a second, and again after the network comes back."
        ),
    )
    join.add_argument("table_file", metavar="TABLE_FILE", type=Path)
    join.add_argument("--host", required=True, metavar="ADDRESS[:PORT]")
    join.add_argument("--code", required=True, help="the join code the facilitator shows")
    join.add_argument("--table", help="which table this file is (remembered after joining)")
    join.set_defaults(handler=run_join)


def _stop_on_signals(stop: asyncio.Event) -> None:
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(number, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises instead
            signal.signal(number, lambda *_: loop.call_soon_threadsafe(stop.set))


def run_host(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from facilitator_app.core import store
    from facilitator_app.live.host import DEFAULT_PORT, RoomHost

    store.read_header(args.event_file)  # a missing or foreign file is a one-line error
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    async def main() -> None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
        host = RoomHost(
            args.event_file,
            code=args.code,
            address=args.address,
            port=DEFAULT_PORT if args.port is None else args.port,
        )
        try:
            await host.start()
        except OSError as error:
            raise WorkshopError(
                f"cannot listen on {args.address}:{host.port} ({error.strerror or error})"
            ) from error
        if args.share_points:
            await host.share_points(True)
        for name in args.release:
            if not host.release_table(name):
                print(f"{name} had not joined; nothing to release.", flush=True)
        print(f"Hosting {args.event_file.name} at {args.address}:{host.port}", flush=True)
        print(f"Join code: {host.code}", flush=True)
        if host.advertised:
            print("Advertised on the local network: tables can find it by name.", flush=True)
        try:
            await stop.wait()
        finally:
            await host.stop()
        print("Stopped hosting; the event file holds everything merged.", flush=True)

    asyncio.run(main())
    return 0


def run_join(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from facilitator_app.core.merge.checks import inspect_source
    from facilitator_app.live.table import JoinRefusedError, TableClient, TableStatus, parse_host

    inspect_source(args.table_file)  # a workshop file, sound: else one line saying why
    try:
        address, port = parse_host(args.host)
    except ValueError as error:
        raise WorkshopError(f"--host: {error}") from error
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    said = [""]

    def show(status: TableStatus) -> None:
        line = status.describe()
        if line != said[0]:
            said[0] = line
            print(line, flush=True)

    async def main() -> None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
        try:
            client = TableClient(
                args.table_file,
                address=address,
                port=port,
                code=args.code,
                table=args.table,
                on_status=show,
                on_timer=lambda timer: print(
                    f"Timer: {timer.state}, {round(timer.remaining)} s left", flush=True
                ),
            )
            await client.run(stop)
        except JoinRefusedError as error:
            raise WorkshopError(f"the room refused {args.table_file.name}: {error}") from error
        print("Stopped; the table file holds everything typed.", flush=True)

    asyncio.run(main())
    return 0
