"""What capture's helpers ask of the capture view, as small Protocols.

The keyboard shortcuts, the point menu and the moves between questions are built by the
capture view and act on it. Naming here only the few things each needs lets them depend on
these Protocols instead of on ``view.py`` (which imports them), so the capture package has no
import cycle, not even one hidden under ``TYPE_CHECKING``. ``CaptureView`` satisfies them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
    from facilitator_app.core.enums import Strength
    from facilitator_app.ui.capture.column import QuestionColumn
    from facilitator_app.ui.capture.columns_area import ColumnsArea
    from facilitator_app.ui.capture.commands import PointCommand
    from facilitator_app.ui.capture.controller import TablePoints


class ShortcutsSurface(Protocol):
    """The capture shortcuts, as the point menu and the moves use them."""

    menu_column: QuestionColumn | None
    theme_actions: list[QAction]
    strength_action: QAction
    link_action: QAction

    def theme_shortcut(self, theme_id: str | None) -> None: ...

    def target(self) -> tuple[QuestionColumn | None, bool]: ...

    def target_points(self, column: QuestionColumn, in_list: bool) -> list[str]: ...


class MoverSurface(Protocol):
    """The moves between questions, as the point menu offers them."""

    def add_menu(self, menu: QMenu, column: QuestionColumn) -> QMenu: ...


class CaptureSurface(Protocol):
    """The capture view, as its shortcuts, point menu and moves between questions see it."""

    read_only: bool

    @property
    def points(self) -> TablePoints: ...

    @property
    def columns(self) -> list[QuestionColumn]: ...

    @property
    def columns_area(self) -> ColumnsArea: ...

    @property
    def shortcuts(self) -> ShortcutsSurface: ...

    @property
    def mover(self) -> MoverSurface: ...

    def show_message(self, text: str) -> None: ...

    def set_theme(self, point_ids: list[str], theme_id: str | None) -> None: ...

    def set_strength(self, point_ids: list[str], strength: Strength | None) -> None: ...

    def delete_points(self, point_ids: list[str]) -> None: ...

    def move_to_question_step(self, step: int) -> None: ...

    def open_link_dialog(self, point_id: str | None = None) -> object: ...

    def focus_filter(self) -> None: ...

    def _push(self, command: PointCommand) -> None: ...

    def as_widget(self) -> QWidget:
        """The view itself, as the parent of menus and actions."""
        ...
