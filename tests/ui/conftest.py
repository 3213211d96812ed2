"""Fixtures for the desktop app's tests: an event file with a seating plan, and helpers to open
it in the capture view and type into it as a scribe would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator_app.core.event import (
    EventSpec,
    ParticipantSpec,
    TableSpec,
    create_event_file,
    find_table,
)
from facilitator_app.core.model import Role
from facilitator_app.core.store import Workshop, open_workshop

SEATED_EVENT = EventSpec(
    title="Care closer to home",
    date="2026-03-14",
    venue="Town Hall",
    tables=(
        TableSpec(
            "Table One",
            (ParticipantSpec("Dee Evans", "Council", Role.FACILITATOR),),
        ),
        TableSpec(
            "Table Two",
            (
                ParticipantSpec("Ann Smith", "NHS Trust", Role.FACILITATOR),
                ParticipantSpec("Bob Jones", "Borough Council", Role.SCRIBE),
                ParticipantSpec("Cy Patel", "Patients' Forum"),
            ),
        ),
    ),
)


@pytest.fixture
def seated_event_path(tmp_path: Path) -> Path:
    """An event file (standard questions and themes, two tables with people), closed."""
    path = tmp_path / "event.workshop"
    create_event_file(path, SEATED_EVENT).close()
    return path


@pytest.fixture
def seated_workshop(seated_event_path: Path) -> Iterator[Workshop]:
    workshop = open_workshop(seated_event_path)
    yield workshop
    workshop.close()


@pytest.fixture
def table_two(seated_workshop: Workshop) -> str:
    return find_table(seated_workshop, "Table Two").id


@pytest.fixture
def open_capture(qtbot: QtBot) -> Callable[..., object]:
    """Open a workshop in a shown CaptureView at laptop size; returns the view."""
    from facilitator_app.ui.capture import CaptureView

    def opener(
        workshop: Workshop, table_id: str, size: tuple[int, int] = (1366, 768)
    ) -> CaptureView:
        view = CaptureView(workshop, table_id)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        view.activateWindow()
        qtbot.waitExposed(view)
        qtbot.waitUntil(lambda: view.isActiveWindow())
        return view

    return opener


@pytest.fixture
def type_point(qtbot: QtBot) -> Callable[[object, int, str], None]:
    """Type text into a question's entry box and press Enter, as a scribe would."""

    def typer(view: object, question_number: int, text: str) -> None:
        column = view.column(question_number)  # type: ignore[attr-defined]
        column.entry.setFocus()
        qtbot.keyClicks(column.entry, text)
        qtbot.keyClick(column.entry, Qt.Key.Key_Return)

    return typer
