"""Helpers shared by the capture tests: what a column shows, and what the file holds.

Imported by the test modules beside it (pytest puts this folder on the import path for them).
"""

from __future__ import annotations

from collections.abc import Callable

from facilitator_app.core import points as point_cases
from facilitator_app.core.event import list_questions
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture import CaptureView

#: The ``open_capture`` fixture: opens a workshop's table in a shown CaptureView.
Opener = Callable[..., CaptureView]
#: The ``type_point`` fixture: types a point into a question's box and presses Enter.
Typer = Callable[[CaptureView, int, str], None]


def texts(view: CaptureView, number: int) -> list[str]:
    """The texts question ``number``'s column shows, top to bottom."""
    model = view.column(number).model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def stored_texts(workshop: Workshop, table_id: str, number: int) -> list[str]:
    """The texts the file holds under question ``number`` for the table, in order."""
    question = list_questions(workshop)[number - 1]
    return [
        p.text
        for p in point_cases.list_points(workshop, table_id=table_id, question_id=question.id)
    ]
