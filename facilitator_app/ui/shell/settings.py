"""Every setting of the app, declared once with its type and default, over QSettings.

User preferences (:class:`Preferences`) are kept apart from remembered window state
(:class:`WindowState`): clearing one never loses the other, and tests point both at a temporary
location with :func:`use_settings_folder`. Code reads ``preferences.zoom``, never a raw key.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QTimer

from facilitator_app import APP_NAME, ORGANISATION_NAME

T = TypeVar("T")


def data_dir() -> Path:
    """Where the app keeps its own files (the sample event): the per-user data folder."""
    override = os.environ.get("FACILITATOR_APP_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


class Setting(Generic[T]):
    """A typed setting: a key, a default and a converter from what QSettings hands back.

    QSettings returns strings from INI files and native types from the registry; ``convert``
    makes both the declared type, and a value that cannot be converted reads as the default.
    """

    def __init__(self, key: str, default: T, convert: Callable[[Any], T]) -> None:
        self.key = key
        self.default = default
        self.convert = convert

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, instance: SettingsGroup, owner: type) -> T: ...
    def __get__(self, instance: SettingsGroup | None, owner: type) -> T | Setting[T]:
        if instance is None:
            return self
        raw = instance.store.value(self.key, None)
        if raw is None:
            return self.default
        try:
            return self.convert(raw)
        except (TypeError, ValueError):
            return self.default

    def __set__(self, instance: SettingsGroup, value: T) -> None:
        instance.store.setValue(self.key, value)
        instance.save_soon()


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _to_str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    return [str(item) for item in value]


def _to_bytes(value: Any) -> QByteArray:
    return value if isinstance(value, QByteArray) else QByteArray(value)


class SettingsGroup:
    """A set of settings stored in one QSettings file."""

    FILE_NAME = ""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or _settings_folder
        if folder is not None:
            self.store = QSettings(
                str(folder / f"{self.FILE_NAME}.ini"), QSettings.Format.IniFormat
            )
        else:
            # The platform's own place (registry, plist, ~/.config), named after the app, so
            # the About box can say where preferences live.
            name = f"{APP_NAME} {self.FILE_NAME}" if self.FILE_NAME != "preferences" else APP_NAME
            self.store = QSettings(ORGANISATION_NAME, name)

    @property
    def location(self) -> str:
        """Where these settings live (shown in the About box)."""
        return self.store.fileName()

    def reset(self, setting: Setting[Any]) -> None:
        self.store.remove(setting.key)
        self.save_soon()

    def save_soon(self) -> None:
        """Write the file when the event loop next turns, once for every setting changed
        meanwhile: opening a file sets several at once, and each write rewrites the whole file.
        Without an event loop, write now."""
        if QCoreApplication.instance() is None:
            self.store.sync()
            return
        if not _unsaved:
            QTimer.singleShot(0, save_settings)
        _unsaved.add(self)


#: Settings groups with changes not yet written (see :meth:`SettingsGroup.save_soon`).
_unsaved: set[SettingsGroup] = set()


def save_settings() -> None:
    """Write every setting changed and not yet written; the app calls it before it ends the
    process (which skips Qt's own tidying, where QSettings would write)."""
    while _unsaved:
        _unsaved.pop().store.sync()


MIN_ZOOM = 0.6
MAX_ZOOM = 2.5
MAX_RECENT_FILES = 10
#: Files whose last chosen table is remembered.
MAX_REMEMBERED_TABLES = 50


def _to_zoom(value: Any) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, float(value)))


class Preferences(SettingsGroup):
    """What the user chose: kept across versions and machines' window sizes."""

    FILE_NAME = "preferences"

    zoom = Setting("view/zoom", 1.0, _to_zoom)
    recent_files = Setting[list[str]]("files/recent", [], _to_str_list)
    last_folder = Setting("files/last_folder", "", str)
    hand_in_folder = Setting("files/hand_in_folder", "", str)
    #: Where this laptop last hosted the live room (its address on the venue's network).
    room_host_address = Setting("room/host_address", "", str)
    room_host_port = Setting("room/host_port", 47653, int)
    #: "<file path>\t<table id>" entries, newest first: the table this laptop last chose.
    last_tables = Setting[list[str]]("files/last_tables", [], _to_str_list)

    def remember_file(self, path: Path) -> None:
        """Put a file first in the recent list (no duplicates, at most ten)."""
        text = str(path.resolve())
        others = [item for item in self.recent_files if item != text]
        self.recent_files = [text, *others][:MAX_RECENT_FILES]
        self.last_folder = str(path.resolve().parent)

    def remember_table(self, path: Path, choice: str) -> None:
        """The table (or the facilitator's set-up) chosen for a file, offered again on reopening.

        A scribe reopening the table file after a crash just presses Enter and is back at their
        own table, not at the first one.
        """
        self.last_tables = _with_entry(self.last_tables, path, choice)

    def last_table(self, path: Path) -> str | None:
        """What :meth:`remember_table` last stored for this file, if anything."""
        return _entry(self.last_tables, path) or None

    #: "<file path>\t<address:port>" entries, newest first: the live room each file last joined.
    live_hosts = Setting[list[str]]("live/last_hosts", [], _to_str_list)

    def remember_host(self, path: Path, host: str) -> None:
        """The room's address a table file joined, offered again by *Join the room…*."""
        self.live_hosts = _with_entry(self.live_hosts, path, host)

    def last_host(self, path: Path) -> str:
        return _entry(self.live_hosts, path)

    #: "<file path>\t<room>" entries, newest first: the live room each table file was in when
    #: the app last let it go (closed, quit or ended), so opening it joins again by itself.
    live_rooms = Setting[list[str]]("live/in_the_room", [], _to_str_list)

    def remember_room(self, path: Path, room: str) -> None:
        self.live_rooms = _with_entry(self.live_rooms, path, room)

    def room_of(self, path: Path) -> str:
        """What :meth:`remember_room` stored for this file ("" when it left the room)."""
        return _entry(self.live_rooms, path)

    def forget_room(self, path: Path) -> None:
        if self.room_of(path):
            self.live_rooms = _without_entry(self.live_rooms, path)

    def forget_file(self, path: str) -> None:
        self.recent_files = [item for item in self.recent_files if item != path]


def _with_entry(entries: list[str], path: Path, value: str) -> list[str]:
    """``entries`` ("<file path>\t<value>", newest first) with this file's value first."""
    return [f"{path.resolve()}\t{value}", *_without_entry(entries, path)][:MAX_REMEMBERED_TABLES]


def _without_entry(entries: list[str], path: Path) -> list[str]:
    """``entries`` without this file's."""
    key = str(path.resolve())
    return [entry for entry in entries if entry.partition("\t")[0] != key]


def _entry(entries: list[str], path: Path) -> str:
    """This file's value in ``entries`` ("" when it has none)."""
    key = str(path.resolve())
    for entry in entries:
        file, _, value = entry.partition("\t")
        if file == key:
            return value
    return ""


class WindowState(SettingsGroup):
    """Where windows were and how they were laid out; safe to throw away."""

    FILE_NAME = "window-state"

    main_geometry = Setting("main/geometry", QByteArray(), _to_bytes)
    main_state = Setting("main/state", QByteArray(), _to_bytes)
    setup_splitter = Setting("setup/splitter", QByteArray(), _to_bytes)


_settings_folder: Path | None = None


def use_settings_folder(folder: Path | None) -> None:
    """Store settings as INI files in ``folder`` (tests, portable use); ``None``: the default."""
    global _settings_folder
    _settings_folder = folder


def settings_folder_from_environment() -> None:
    """``FACILITATOR_APP_SETTINGS_DIR`` points settings elsewhere (used by subprocess tests)."""
    import os

    folder = os.environ.get("FACILITATOR_APP_SETTINGS_DIR")
    if folder:
        use_settings_folder(Path(folder))


def set_application_names() -> None:
    QCoreApplication.setOrganizationName(ORGANISATION_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
