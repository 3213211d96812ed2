"""Creating, opening, checking and copying workshop files.

A workshop file is one SQLite database that says what it is: ``application_id`` holds
:data:`APPLICATION_ID` and ``user_version`` the schema version. It is kept durable and
self-contained: ``synchronous=FULL`` so every committed change is on disk when the call returns,
and the rollback journal (``journal_mode=DELETE``), never WAL, so the main file alone holds
everything committed and a scribe never has a ``-wal`` side file to forget on the USB stick.

Files handed in by others are opened read-only and defensively: the header is read before SQLite
touches the file, ``trusted_schema`` is off, the schema is compared with ours, and a quick
integrity check runs. Such files are never modified; an older one is upgraded in a private copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.pool import NullPool, QueuePool
from sqlmodel import Session, SQLModel

from facilitator_app.core import (
    file_validation,
    model,  # noqa: F401  (registers the tables on the metadata)
)
from facilitator_app.core.errors import (
    DamagedFileError,
    FileExistsAlreadyError,
    FileInUseError,
    FileMissingError,
    NewerVersionError,
    NotAWorkshopFileError,
    ReadOnlyError,
    WorkshopFileError,
)
from facilitator_app.core.recovery import recovered_copy, unfinished_change

#: SQLite ``application_id`` of workshop files: the bytes "WFAC".
APPLICATION_ID = 0x57464143
#: The schema version this code writes, stored in ``user_version``.
SCHEMA_VERSION = 2

#: Upgrades, keyed by the version they upgrade *from*; each takes the file one version up.
#: They run inside one transaction together with the new ``user_version``.
Migration = Callable[[sqlite3.Connection], None]


def _draft_keeps_theme_and_strength(connection: sqlite3.Connection) -> None:
    """1 -> 2: a draft keeps the theme and strength chosen for the point being typed.

    The table is made again from our own definition (not ALTER TABLE ADD COLUMN, which leaves a
    definition the file checks then take for a stranger's) and the drafts copied across."""
    columns = "table_id, question_id, text, updated_at"
    connection.execute(f"CREATE TEMP TABLE draft_v1 AS SELECT {columns} FROM main.draft")
    connection.execute("DROP TABLE main.draft")
    for (kind, name), sql in file_validation.expected_schema().items():
        if name == "draft" or (kind == "index" and sql.find(" ON draft ") > 0):
            connection.execute(sql)
    connection.execute(f"INSERT INTO main.draft ({columns}) SELECT {columns} FROM temp.draft_v1")
    connection.execute("DROP TABLE temp.draft_v1")


MIGRATIONS: dict[int, Migration] = {1: _draft_keeps_theme_and_strength}

#: How long a write waits for another program's lock before saying the file is in use.
BUSY_TIMEOUT_SECONDS = 5.0

#: Execution option marking a write session's connection (see :func:`_begin`).
_WRITE_OPTION = "workshop_write"

_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


@dataclass(frozen=True)
class FileHeader:
    """What the first 100 bytes of a SQLite file say, read without opening it with SQLite."""

    application_id: int
    user_version: int
    page_size: int
    page_count: int
    wal: bool = False


def read_header(path: Path) -> FileHeader:
    """Read a file's SQLite header, or explain in plain words why it is not a workshop file."""
    if not path.exists():
        raise FileMissingError(path)
    if path.is_dir():
        raise NotAWorkshopFileError(path, "it is a folder")
    if not path.is_file():
        # A FIFO or a device would block or never end: only plain files are read.
        raise NotAWorkshopFileError(path, "it is not a regular file")
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except PermissionError as error:
        raise WorkshopFileError(path, f"{path.name} cannot be read: permission denied.") from error
    except OSError as error:
        raise WorkshopFileError(path, f"{path.name} cannot be read: {error.strerror}.") from error
    if len(header) == 0:
        raise NotAWorkshopFileError(path, "it is empty")
    if not header.startswith(_SQLITE_MAGIC):
        raise NotAWorkshopFileError(path, "it is not a database file")
    if len(header) < _HEADER_SIZE:
        raise DamagedFileError(path, "it is cut short")
    (page_size,) = struct.unpack(">H", header[16:18])
    (page_count,) = struct.unpack(">I", header[28:32])
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    return FileHeader(
        application_id=application_id,
        user_version=user_version,
        page_size=65536 if page_size == 1 else page_size,
        page_count=page_count,
        wal=header[18] == 2 or header[19] == 2,
    )


def _identify(path: Path, *, shown: Path | None = None) -> FileHeader:
    """Read the header of ``path`` (errors name ``shown``, the file the user gave)."""
    shown = shown or path
    header = read_header(path)
    if header.application_id != APPLICATION_ID:
        raise NotAWorkshopFileError(shown, "it is a database made by another program")
    if header.user_version > SCHEMA_VERSION:
        raise NewerVersionError(shown, header.user_version, SCHEMA_VERSION)
    if header.user_version < 1:
        raise DamagedFileError(shown, "it has no schema version")
    size = path.stat().st_size
    if header.page_count and size < header.page_count * header.page_size:
        raise DamagedFileError(shown, "it is cut short")
    return header


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A raw connection with the pragmas every workshop file gets."""
    if read_only:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        connection = sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
        )
    else:
        connection = sqlite3.connect(
            str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
        )
    # pysqlite's implicit transactions get in the way of pragmas; SQLAlchemy issues BEGIN itself.
    connection.isolation_level = None
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA foreign_keys = ON")
    if read_only:
        connection.execute("PRAGMA query_only = ON")
    else:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = FULL")
    return connection


class UnusableContentError(DamagedFileError):
    """A file whose schema is not ours or whose rows hold values this version cannot use."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(path, file_validation.describe(problems))


def _check_schema(
    connection: sqlite3.Connection, path: Path, version: int, *, exact: bool = True
) -> None:
    """The whole schema is ours (nothing a stranger added or weakened), as of the file's
    ``version``: an older file is checked as that version wrote it, then upgraded."""
    problems = file_validation.schema_problems(connection, version=version, exact=exact)
    if problems:
        raise UnusableContentError(path, problems)


def _check_rows(connection: sqlite3.Connection, path: Path) -> None:
    """Every row holds values this version can use (see :mod:`file_validation`)."""
    problems = file_validation.row_problems(connection)
    if problems:
        raise UnusableContentError(path, problems)


def _roll_back_in_place(path: Path) -> None:
    """Let SQLite finish what a crash interrupted in the user's own file (opened to write)."""
    try:
        connection = _connect(path, read_only=False)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        translated = _translate_operational(path, error)
        if translated is error:
            raise WorkshopFileError(
                path,
                f"{path.name} has an unfinished change that cannot be rolled back here "
                f"({error}); open it where its folder can be written to.",
            ) from error
        raise translated from error
    except sqlite3.DatabaseError as error:
        raise DamagedFileError(path, str(error)) from error


def _quick_check(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise DamagedFileError(path, "its integrity check failed")


def _apply_migrations(connection: sqlite3.Connection, from_version: int) -> None:
    """Upgrade an older file in place, all steps in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version, SCHEMA_VERSION):
            MIGRATIONS[version](connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


class Workshop:
    """An open workshop file. Use cases in the core take one of these; sessions stay inside.

    Open with :func:`open_workshop` or :func:`create_workshop`, close with :meth:`close` (or use
    it as a context manager).
    """

    def __init__(self, path: Path, *, read_only: bool, working_path: Path | None = None) -> None:
        self.path = path
        self.read_only = read_only
        # An older file opened read-only is read from an upgraded private copy.
        self._working_path = working_path or path
        self.engine: Engine = create_engine(
            "sqlite://",
            creator=lambda: _connect(self._working_path, read_only=read_only),
            poolclass=NullPool if read_only else QueuePool,
        )
        # pysqlite's own transaction handling is switched off in _connect; begin explicitly.
        event.listen(self.engine, "begin", _begin)

    @property
    def reading_path(self) -> Path:
        """The file SQLite reads: the file itself, or a read-only file's private upgraded copy
        (another process reading the same points, a duplicate search, opens this one)."""
        return self._working_path

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading. Objects stay usable after it closes."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose changes are committed (and on disk) when the block ends."""
        if self.read_only:
            raise ReadOnlyError(self.path)
        writer = self.engine.execution_options(**{_WRITE_OPTION: True})
        with Session(writer, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except exc.OperationalError as error:
                session.rollback()
                original = error.orig if isinstance(error.orig, sqlite3.OperationalError) else None
                translated = _translate_operational(self.path, original) if original else error
                if translated is original:
                    raise
                raise translated from error
            except BaseException:
                session.rollback()
                raise

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection with our pragmas, for set-based work (merge). Close it."""
        return _connect(self._working_path, read_only=self.read_only)

    def close(self) -> None:
        self.engine.dispose()
        if self._working_path != self.path:
            with suppress(OSError):
                shutil.rmtree(self._working_path.parent)

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<Workshop {self.path} {mode}>"


def _begin(connection: Connection) -> None:
    # A write takes the write lock at once (IMMEDIATE), so a second writer waits for the busy
    # timeout instead of failing half-way through its transaction with "database is locked".
    writing = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _translate_operational(path: Path, error: sqlite3.OperationalError) -> Exception:
    message = str(error)
    if "locked" in message or "busy" in message:
        return FileInUseError(path, "it is locked")
    if "readonly" in message or "read-only" in message:
        return ReadOnlyError(path)
    if "disk I/O" in message or "full" in message:
        return WorkshopFileError(path, f"{path.name} could not be written: {message}.")
    return error


def create_workshop(path: Path | str, *, overwrite: bool = False) -> Workshop:
    """Create an empty workshop file (schema only). Prefer :func:`event.create_event_file`.

    The file is built under a temporary name beside the target and moved into place, so a
    failure never leaves a half-made file where the user asked for one.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsAlreadyError(path)
    build_workshop_file(path, lambda _workshop: None)
    return open_workshop(path)


def build_workshop_file(path: Path, fill: Callable[[Workshop], None]) -> None:
    """Write a new workshop file at ``path`` atomically: schema, then ``fill``, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=".workshop-new", dir=path.parent
    )
    os.close(descriptor)
    temporary = Path(temporary_name)
    temporary.unlink()
    try:
        connection = _connect(temporary, read_only=False)
        try:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            connection.close()
        workshop = Workshop(temporary, read_only=False)
        try:
            SQLModel.metadata.create_all(workshop.engine)
            fill(workshop)
        finally:
            workshop.close()
        os.replace(temporary, path)
        _sync_directory(path.parent)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise


def _sync_directory(directory: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    if os.name != "posix":
        return
    with suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def open_workshop(path: Path | str, *, read_only: bool = False) -> Workshop:
    """Open a workshop file, checking it is one of ours and sound.

    An unfinished change left by a crash is rolled back first (in place when opening to write,
    in a private copy when reading), so a file is judged as it was last saved. Read-write: an
    older file is upgraded in place. Read-only: the file is never written to; an older one is
    upgraded in a private temporary copy that is removed on close.
    """
    path = Path(path)
    read_header(path)  # a folder, a FIFO, not a database: said before SQLite touches it
    working_path: Path | None = None
    if unfinished_change(path) is not None or read_header(path).wal:
        if read_only:
            working_path = recovered_copy(path)
        else:
            _roll_back_in_place(path)
    try:
        return _open_checked(path, working_path, read_only=read_only)
    except BaseException:
        if working_path is not None:
            shutil.rmtree(working_path.parent, ignore_errors=True)
        raise


def _open_checked(path: Path, working_path: Path | None, *, read_only: bool) -> Workshop:
    reading = working_path or path
    header = _identify(reading, shown=path)
    try:
        connection = _connect(reading, read_only=read_only)
    except sqlite3.DatabaseError as error:
        raise DamagedFileError(path, str(error)) from error
    try:
        try:
            _check_schema(connection, path, header.user_version)
            _quick_check(connection, path)
            if header.user_version < SCHEMA_VERSION:
                if read_only:
                    connection.close()
                    upgraded = _upgraded_copy(reading)
                    if working_path is not None:
                        shutil.rmtree(working_path.parent, ignore_errors=True)
                    working_path = upgraded
                    connection = _connect(working_path, read_only=True)
                else:
                    _apply_migrations(connection, header.user_version)
                # Held to nothing but ours and every column of ours (its tables were altered).
                _check_schema(connection, path, SCHEMA_VERSION, exact=False)
            _check_rows(connection, path)
        except sqlite3.OperationalError as error:
            translated = _translate_operational(path, error)
            if translated is error:
                raise DamagedFileError(path, str(error)) from error
            raise translated from error
        except sqlite3.DatabaseError as error:
            raise DamagedFileError(path, str(error)) from error
    finally:
        connection.close()
    return Workshop(path, read_only=read_only, working_path=working_path)


def _upgraded_copy(path: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="workshop-upgrade-"))
    copy = folder / path.name
    source = _connect(path, read_only=True)
    try:
        target = sqlite3.connect(str(copy))
        try:
            source.backup(target)
            version = target.execute("PRAGMA user_version").fetchone()[0]
            target.isolation_level = None
            target.execute("PRAGMA foreign_keys = ON")
            _apply_migrations(target, version)
        finally:
            target.close()
    finally:
        source.close()
    return copy


@dataclass
class CheckReport:
    """The outcome of :func:`check_file`: sound, or the problems found."""

    path: Path
    schema_version: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.problems


def check_file(path: Path | str) -> CheckReport:
    """Full integrity and schema check of a file, without changing it.

    It finds everything a merge would refuse: it opens the file as a merge reads a source
    (an unfinished change rolled back in a private copy), then lists every problem it finds.
    """
    path = Path(path)
    report = CheckReport(path)
    try:
        workshop = open_workshop(path, read_only=True)
    except UnusableContentError as error:
        report.problems.extend(error.problems)
        return report
    except WorkshopFileError as error:
        report.problems.append(str(error))
        return report
    try:
        report.schema_version = read_header(path).user_version
        connection = workshop.raw_connection()
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
            if rows != [("ok",)]:
                report.problems.extend(f"integrity: {row[0]}" for row in rows[:20])
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        report.problems.append(f"{path.name} is damaged: {error}")
    finally:
        workshop.close()
    return report


def copy_workshop(workshop: Workshop, destination: Path | str) -> Path:
    """Write a complete standalone copy with SQLite's backup API, checked, moved into place.

    Used for "Hand in table file…" and for the backup taken before a merge writes. The copy is
    written beside the destination under a temporary name and renamed only once it checks sound.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=f".{destination.stem}-", suffix=".workshop-copy", dir=destination.parent
    )
    os.close(descriptor)
    temporary = Path(temporary_name)
    # mkstemp's file is 0600; SQLite makes it afresh with the user's umask, like any document.
    temporary.unlink()
    try:
        source = workshop.raw_connection()
        try:
            target = sqlite3.connect(str(temporary))
            try:
                source.backup(target)
                target.isolation_level = None
                target.execute("PRAGMA journal_mode = DELETE")
                _quick_check(target, destination)
            finally:
                target.close()
        finally:
            source.close()
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, destination)
        _sync_directory(destination.parent)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    return destination
