"""``host`` and ``join`` on the command line: one-line errors, no cost to other commands."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from loaded_modules import modules_loaded

from facilitator_app.__main__ import main
from facilitator_app.core import event


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator_app", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )  # fmt: skip


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    path = tmp_path / "Event.workshop"
    event.create_event_file(path, event.EventSpec.with_numbered_tables("Care", 2)).close()
    return path


def test_hosting_a_missing_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["host", str(tmp_path / "nowhere.workshop")]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("facilitator-app: error: nowhere.workshop: no such file")


def test_hosting_on_a_port_in_use_says_so(
    event_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["host", str(event_path), "--port", str(port)]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith(f"facilitator-app: error: cannot listen on 127.0.0.1:{port}")


@pytest.mark.parametrize("address", ["", ":47653", "host:port", "host:70000"])
def test_a_malformed_host_address_is_one_clear_line(
    event_path: Path, address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["join", str(event_path), "--host", address, "--code", "AAAA-BBBB"]) == 1
    assert capsys.readouterr().err.startswith("facilitator-app: error: --host: ")


def test_joining_with_a_wrong_code_stops_with_the_reason(event_path: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    host = subprocess.Popen(
        [sys.executable, "-m", "facilitator_app", "host", str(event_path), "--port", str(port),
         "--code", "K7QX-M3PD"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert host.stdout is not None
        assert host.stdout.readline().startswith("Hosting")
        table = tmp_path / "Table One.workshop"
        table.write_bytes(event_path.read_bytes())
        result = run(
            "join", table, "--host", f"127.0.0.1:{port}", "--code", "WRNG-CODE",
            "--table", "Table One",
        )  # fmt: skip
    finally:
        host.terminate()
        host.wait(timeout=30)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "facilitator-app: error: the room refused Table One.workshop: the join code is wrong"
    )
    assert "Traceback" not in result.stderr
    assert host.returncode == 0


def test_other_commands_do_not_load_the_live_room() -> None:
    """``host`` and ``join`` import the network stack only when they run."""
    heavy = ("websockets", "cryptography", "spake2", "zeroconf", "facilitator_app.live")
    code = "from facilitator_app.cli import build_parser; build_parser()"
    assert modules_loaded(code, heavy) == []


def test_the_live_room_loads_no_qt() -> None:
    code = "import facilitator_app.live.host, facilitator_app.live.table"
    assert modules_loaded(code, ("PySide6", "shiboken6")) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"not a database", "is not a workshop file"), (b"", "is not a workshop file")],
)
def test_joining_with_a_file_that_is_not_a_table_file_is_one_clear_line(
    tmp_path: Path, content: bytes, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.workshop"
    path.write_bytes(content)
    code = main(["join", str(path), "--host", "127.0.0.1", "--code", "AAAA-BBBB"])
    error = capsys.readouterr().err.strip()
    assert code == 1 and error.startswith("facilitator-app: error: notes.workshop ")
    assert reason in error
