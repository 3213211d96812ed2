"""The projector window: every table's points by question, in large type, with no controls.

A second top-level window for the plenary, put on the projector's screen (another screen than
the facilitator's window when there is one) and filling it. It shows the room wall's own points
model (one list per question, each point with its table under it), so it follows the room as
points arrive, and scrolls each list to the point that came in last. Its type is a multiple of
the app's font, so zooming the app (Ctrl+=) enlarges it too. Esc (or the key that showed it)
closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPalette,
    QResizeEvent,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator_app.ui.live.room_models import RoomPointsModel

#: The projector's type, as a multiple of the app's (zoomed) font.
PROJECTOR_SCALE = 2.2
#: Questions' titles, as a multiple of the points' type.
TITLE_SCALE = 1.15


class ProjectorWindow(QWidget):
    """Points by question with table names, for the back of the room."""

    closed = Signal()

    def __init__(
        self, model: RoomPointsModel, title: str, close_keys: QKeySequence | None = None
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("projectorWindow")
        self.setWindowTitle(title)
        self.setAccessibleName(self.tr("Points for the projector"))
        self.model = model
        self.columns: list[tuple[QLabel, QListView]] = []
        # titles on one row, lists on the next: every question's points start level
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(24, 16, 24, 16)
        self._grid.setHorizontalSpacing(24)
        self._grid.setRowStretch(1, 1)
        for keys in (QKeySequence(Qt.Key.Key_Escape), close_keys):
            if keys is not None and not keys.isEmpty():
                QShortcut(keys, self, self.close)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsRemoved.connect(self._rows_removed)
        model.modelReset.connect(self._build_columns)
        model.dataChanged.connect(self._titles_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._follow_font)
        self._follow_font()
        self._build_columns()

    # --- on screen -----------------------------------------------------------------------

    def show_on(self, screen: QScreen) -> None:
        """Fill ``screen`` (the projector), and keep filling whichever screen it is put on."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        handle = self.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._fill_screen, Qt.ConnectionType.UniqueConnection)

    def _fill_screen(self, screen: QScreen | None) -> None:
        if screen is not None and self.isVisible():
            self.setGeometry(screen.geometry())
            self.showFullScreen()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Wrapped points are measured at the lists' new width (full screen, another screen)."""
        super().resizeEvent(event)
        for _title, view in self.columns:
            view.doItemsLayout()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()

    # --- what is shown -------------------------------------------------------------------

    def question_titles(self) -> list[str]:
        return [label.text() for label, _list in self.columns]

    def shown_cards(self, column: int) -> list[str]:
        """The points a question's list shows, as the room reads them."""
        view = self.columns[column][1]
        root = view.rootIndex()
        return [
            str(self.model.index(row, RoomPointsModel.CARD, root).data())
            for row in range(self.model.rowCount(root))
        ]

    def _build_columns(self) -> None:
        for title, points in self.columns:
            for widget in (title, points):
                self._grid.removeWidget(widget)
                widget.deleteLater()
        for number in range(self._grid.columnCount()):
            self._grid.setColumnStretch(number, 0)
        self.columns = []
        for number in range(self.model.rowCount()):
            self._add_column(number)

    def _add_column(self, number: int) -> None:
        question = self.model.index(number, 0)
        title = QLabel(self._title(number), self)
        title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        title.setWordWrap(True)
        title.setFont(_scaled(self.font(), TITLE_SCALE, bold=True))
        points = QListView(self)
        points.setAccessibleName(self._title(number))
        points.setModel(self.model)
        points.setRootIndex(question)
        points.setModelColumn(RoomPointsModel.CARD)
        points.setWordWrap(True)
        points.setItemDelegate(_CardDelegate(points))
        points.setFrameShape(QFrame.Shape.NoFrame)
        points.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        points.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        points.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        points.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        points.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        points.setResizeMode(QListView.ResizeMode.Adjust)
        points.setAlternatingRowColors(True)
        self._grid.addWidget(title, 0, number)
        self._grid.addWidget(points, 1, number)
        self._grid.setColumnStretch(number, 1)
        self.columns.append((title, points))

    def _title(self, number: int) -> str:
        question = self.model.questions()[number]
        return f"{question.number}. {question.text}"

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            self._build_columns()  # a question added mid-event
            return
        view = self.columns[parent.row()][1] if parent.row() < len(self.columns) else None
        if view is not None:
            view.doItemsLayout()  # wrapped at the list's width now, not the width it had
            view.scrollTo(self.model.index(last, RoomPointsModel.CARD, parent))

    def _rows_removed(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if not parent.isValid():
            self._build_columns()

    def _titles_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex) -> None:
        if not top_left.parent().isValid() and top_left.row() < len(self.columns):
            title, view = self.columns[top_left.row()]
            title.setText(self._title(top_left.row()))
            view.setAccessibleName(title.text())

    def _follow_font(self, _font: QFont | None = None) -> None:
        self.setFont(_scaled(QApplication.font(), PROJECTOR_SCALE))
        if self.columns:
            self._build_columns()


class _CardDelegate(QStyledItemDelegate):
    """A point and its table, wrapped at the list's width: measured and drawn at the same
    width (the stock delegate measures at one width and draws at another, and then cuts the
    table's name off a point that wraps once more than measured)."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def _text_rect(self, width: int, option: QStyleOptionViewItem, text: str) -> QRect:
        margin = option.fontMetrics.height() // 3
        room = QRect(0, 0, max(1, width - 2 * margin), 1_000_000)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        return option.fontMetrics.boundingRect(room, int(flags), text)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        width = self.view.viewport().width()
        text = self._text_rect(width, view_option, view_option.text)
        margin = view_option.fontMetrics.height() // 3
        return QSize(width, text.height() + 2 * margin)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        text, view_option.text = view_option.text, ""
        style = self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, self.view)
        margin = view_option.fontMetrics.height() // 3
        area = view_option.rect.adjusted(margin, margin, -margin, -margin)
        painter.save()
        painter.setFont(view_option.font)
        painter.setPen(view_option.palette.color(QPalette.ColorRole.Text))
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        painter.drawText(area, int(flags), text)
        painter.restore()


def _scaled(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * factor)))
    scaled.setBold(bold or font.bold())
    return scaled


def projector_screen(beside: QWidget) -> QScreen:
    """Another screen than the facilitator's window, when there is one (the projector)."""
    own = beside.screen()
    for screen in QGuiApplication.screens():
        if screen is not own:
            return screen
    return own if own is not None else QGuiApplication.primaryScreen()
