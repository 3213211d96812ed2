"""How a point is drawn in a column: number, wrapped text, and a line of theme tag, strength and
link marker. Colours come from the palette only, so light and dark system themes both work.

Row heights are cached by content and width: the list measures a row when it arrives or
changes, but every row again when a filter replaces the rows or the width or zoom changes, and
wrapping each text anew would then cost far more than a frame.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator_app.ui.capture.point_model import PointRole, QuestionPointsModel
from facilitator_app.ui.contrast import readable

AnyIndex = QModelIndex | QPersistentModelIndex

PADDING = 6
GAP = 3
#: Size of the strength and links line against the point's text.
SMALL_TEXT_FACTOR = 0.9


class PointEditor(QPlainTextEdit):
    """In-place editor: Enter commits, Shift+Enter starts a new line, Escape cancels."""

    commit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName(self.tr("Edit point"))
        self.setToolTip(
            self.tr("Enter keeps the change, Shift+Enter starts a new line, Esc cancels")
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.commit_requested.emit()
            return
        super().keyPressEvent(event)


class PointDelegate(QStyledItemDelegate):
    """Paints a point and edits it in place with a multi-line editor."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # (text, theme, strength, links, width) -> (row height, text height)
        self._heights: dict[tuple[str, str, str, str, int], tuple[int, int]] = {}
        self._font_key = ""
        self._number_width = 0
        #: Digits of the longest number in the list: a column of 8,000 points shows "8000."
        self._number_digits = 3
        self._footer_height = 0

    def forget_sizes(self) -> None:
        """The font changed (zoom): every measured height is stale."""
        self._heights.clear()
        self._font_key = ""

    def fit_numbers_up_to(self, count: int) -> bool:
        """Leave room for the number of point ``count`` (the last); True when that room changed,
        and with it the text's width and every row's height."""
        digits = max(3, len(str(count)))
        if digits == self._number_digits:
            return False
        self._number_digits = digits
        self._font_key = ""  # measured again with the font
        return True

    @property
    def number_width(self) -> int:
        """Room left of a point's text for its number and the gap after it."""
        return self._number_width

    # --- measuring -----------------------------------------------------------------------------

    def _fonts_checked(self, font: QFont) -> None:
        if self._font_key:
            return
        self._font_key = font.key()
        self._number_width = (
            QFontMetrics(font).horizontalAdvance("0" * self._number_digits + ".") + GAP
        )
        self._footer_height = GAP + QFontMetrics(self._small_font(font)).height() + 4

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        width = (
            view.viewport().width() if isinstance(view, QAbstractItemView) else option.rect.width()
        )
        return max(80, width - 2 * PADDING - self._number_width)

    @staticmethod
    def secondary_colour(palette: QPalette, group: QPalette.ColorGroup) -> QColor:
        """The number, strength and links of an unselected point: the palette's faint colour,
        made to meet WCAG AA contrast on the list's background (light or dark palette)."""
        return readable(
            palette.color(group, QPalette.ColorRole.PlaceholderText),
            palette.color(group, QPalette.ColorRole.Base),
        )

    @staticmethod
    def _small_font(font: QFont) -> QFont:
        """The strength and links line: a little smaller than the point, never tiny."""
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(max(8.0, font.pointSizeF() * SMALL_TEXT_FACTOR))
        else:
            small.setPixelSize(max(11, round(font.pixelSize() * SMALL_TEXT_FACTOR)))
        return small

    def _measure(
        self, option: QStyleOptionViewItem, layout: tuple[str, str, str, str]
    ) -> tuple[int, int, int]:
        """Width of the text, height of the row and height of the text, cached."""
        self._fonts_checked(option.font)
        width = self._text_width(option)
        key = (*layout, width)
        heights = self._heights.get(key)
        if heights is None:
            text, theme, strength, links = layout
            text_height = (
                QFontMetrics(option.font)
                .boundingRect(QRect(0, 0, width, 1_000_000), Qt.TextFlag.TextWordWrap, text)
                .height()
            )
            row_height = text_height + 2 * PADDING
            if theme or strength or links:
                row_height += self._footer_height
            if len(self._heights) > 50_000:
                self._heights.clear()
            heights = (row_height, text_height)
            self._heights[key] = heights
        return width, heights[0], heights[1]

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        # Every row is measured again after a filter, a resize or a zoom: keep this path short.
        model = index.model()
        if isinstance(model, QuestionPointsModel) and index.isValid():
            layout = model.layout_at(index.row())
        else:
            layout = index.data(PointRole.LAYOUT)
            if layout is None:
                return super().sizeHint(option, index)
        width, row_height, _text_height = self._measure(option, layout)
        return QSize(width, row_height)

    # --- painting ------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        layout = index.data(PointRole.LAYOUT)
        if layout is None:
            return
        text, theme, strength, links = layout
        _width, _row_height, text_height = self._measure(option, layout)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        has_keyboard = getattr(widget, "has_keyboard", None)
        if has_keyboard is not None and not has_keyboard():
            # Only the list with the keyboard shows a bright selection (the list mutes its
            # Inactive colours): the scribe sees where Delete or F2 will act.
            opt.state &= ~QStyle.StateFlag.State_Active
        painter.save()
        if style is not None:
            opt.text = ""
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = opt.palette.color(group, text_role)
        faint = text_colour if selected else self.secondary_colour(opt.palette, group)

        rect = opt.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        number_width = self._number_width
        painter.setFont(opt.font)
        painter.setPen(faint)
        painter.drawText(
            QRect(rect.left(), rect.top(), number_width - GAP, rect.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            f"{index.data(PointRole.NUMBER)}.",
        )
        text_rect = QRect(
            rect.left() + number_width, rect.top(), rect.width() - number_width, text_height
        )
        painter.setPen(text_colour)
        painter.drawText(text_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop, text)

        if theme or strength or links:
            small = self._small_font(opt.font)
            metrics = QFontMetrics(small)
            painter.setFont(small)
            x = text_rect.left()
            y = text_rect.bottom() + GAP + 2
            if theme:
                tag = QRect(x, y, metrics.horizontalAdvance(theme) + 10, metrics.height() + 2)
                painter.setPen(faint)
                if selected:  # on the highlight: an outline only, in the highlighted text colour
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                else:
                    painter.setBrush(opt.palette.color(group, QPalette.ColorRole.AlternateBase))
                painter.drawRoundedRect(tag, 4, 4)
                painter.setPen(text_colour)
                painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, theme)
                x = tag.right() + 8
            painter.setPen(faint)
            for part in (strength and f"● {strength}", links and f"⇄ {links}"):
                if part:
                    painter.drawText(
                        QRect(x, y + 1, rect.right() - x, metrics.height()),
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                        part,
                    )
                    x += metrics.horizontalAdvance(part) + 12
        painter.setPen(opt.palette.color(group, QPalette.ColorRole.Midlight))
        painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())
        painter.restore()

    # --- editing in place ----------------------------------------------------------------------

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = PointEditor(parent)
        editor.setFont(option.font)
        editor.commit_requested.connect(lambda: self._commit_and_close(editor))
        return editor

    def _commit_and_close(self, editor: PointEditor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, PointEditor):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            if editor.toPlainText() != text:
                editor.setPlainText(text)
                # The caret at the end, nothing selected: a fix or an addition is the usual edit,
                # and a first keystroke must not wipe the point (Ctrl+A selects it all).
                editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor: QWidget, model: object, index: AnyIndex) -> None:
        if isinstance(editor, PointEditor) and hasattr(model, "setData"):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = QRect(option.rect)
        rect.setHeight(max(rect.height(), QFontMetrics(option.font).height() * 4))
        editor.setGeometry(rect)
