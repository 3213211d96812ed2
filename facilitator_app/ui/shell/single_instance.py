"""One running window per user: a second launch hands its file to the first and exits.

File associations start ``facilitator-app FILE.workshop`` for every double-click. The first copy
listens on a local socket (:class:`InstanceServer`); a later copy connects
(:func:`send_to_running_instance`), sends the files as one JSON line, waits for "ok" and exits,
and the first copy comes forward and opens them. If nobody answers the later copy becomes the
first (a socket left by a crashed copy is removed).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 2000  # no running copy fails at once; a busy one may be slow
ANSWER_TIMEOUT_MS = 5000


def desktop_session() -> str:
    """Which desktop session this copy runs in: a second launch must hand its file to the
    window on this screen, not to one of the same user's other sessions (a remote desktop, a
    second login, fast user switching)."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        session = wintypes.DWORD()
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        if kernel32.ProcessIdToSessionId(os.getpid(), ctypes.byref(session)):
            return f"windows-session-{session.value}"
        return ""
    return "|".join(
        os.environ.get(variable, "")
        for variable in ("XDG_SESSION_ID", "WAYLAND_DISPLAY", "DISPLAY")
    )


def server_name() -> str:
    """A name private to this user and desktop session (``FACILITATOR_APP_INSTANCE_NAME``
    overrides it in tests)."""
    override = os.environ.get("FACILITATOR_APP_INSTANCE_NAME")
    if override:
        return override
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(Path.home())
    scope = f"{user}\0{desktop_session()}"
    return "facilitator-app-" + hashlib.sha256(scope.encode()).hexdigest()[:16]


def encode_request(paths: Sequence[Path]) -> bytes:
    return json.dumps({"open": [str(path.resolve()) for path in paths]}).encode() + b"\n"


def decode_request(data: bytes) -> list[Path] | None:
    """The files asked for, or ``None`` for a message that is not ours."""
    try:
        message = json.loads(data.decode())
        return [Path(item) for item in message["open"] if isinstance(item, str)]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def send_to_running_instance(paths: Sequence[Path], name: str | None = None) -> bool:
    """Hand ``paths`` to a running copy; ``True`` if it took them (this copy should then exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(encode_request(paths))
    socket.waitForBytesWritten(ANSWER_TIMEOUT_MS)  # False when flush already sent it all
    answered = socket.waitForReadyRead(ANSWER_TIMEOUT_MS) and bytes(
        socket.readAll().data()
    ).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class _Connection(QObject):
    """One later launch talking to us: reads its line, answers "ok", hands the files on."""

    def __init__(self, socket: QLocalSocket, server: InstanceServer) -> None:
        super().__init__(server)
        self.socket = socket
        self.server = server
        self.buffer = b""
        socket.setParent(self)
        socket.readyRead.connect(self.read)
        socket.disconnected.connect(self.deleteLater)

    def read(self) -> None:
        self.buffer += self.socket.readAll().data()
        if b"\n" not in self.buffer:
            return
        line, _, self.buffer = self.buffer.partition(b"\n")
        paths = decode_request(line)
        if paths is None:
            self.socket.disconnectFromServer()
            return
        self.socket.write(b"ok\n")
        self.socket.flush()
        # Opening a file shows dialogs and builds views: do it on a fresh turn of the event
        # loop, not inside this socket's signal.
        self.server.hand_over(paths)


class InstanceServer(QObject):
    """Listens for later launches; ``files_received`` carries what they asked to open."""

    files_received = Signal(list)  # list[Path]; empty: just come forward

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening, clearing a socket left behind by a copy that crashed."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def hand_over(self, paths: list[Path]) -> None:
        QTimer.singleShot(0, self, lambda: self.files_received.emit(paths))

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = _Connection(self._server.nextPendingConnection(), self)
            if connection.socket.bytesAvailable():
                connection.read()
