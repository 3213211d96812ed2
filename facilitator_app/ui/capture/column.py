"""One question's column: heading with live count, the list of points, and the quick-entry box
with the theme and strength the next point will get."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.enums import QuestionKind, Strength
from facilitator_app.core.records import QuestionInfo, ThemeInfo
from facilitator_app.core.wording import counted, grouped
from facilitator_app.ui.capture.point_list import PointListView
from facilitator_app.ui.capture.point_model import QuestionPointsModel, strength_label
from facilitator_app.ui.capture.scaled_label import ScaledLabel, scaled_font

#: The longest a keystroke waits before the draft holding it is written, however fast the
#: typing: the first change starts the clock and later ones do not restart it (a debounce
#: would store nothing while a scribe types steadily). Also written at once on focus-out.
DRAFT_MAX_WAIT_MS = 500

#: What a draft holds: the text, and the theme and strength chosen for the point being typed.
DraftState = tuple[str, str | None, Strength | None]
NO_DRAFT: DraftState = ("", None, None)


#: Width of the focus mark around the column with the keyboard and around its focused box.
FOCUS_MARK_WIDTH = 3

#: Characters a theme or strength combo shows at the least when space is short.
COMBO_MIN_CHARACTERS = 8


def wrapped_height(label: QLabel) -> int:
    """The height a word-wrapped label's text needs at its present width.

    Not ``heightForWidth``: that never answers less than the label's minimum height, so a
    height fixed at a narrow width would stick as the window grows (a blank line under the
    question) and could hide a label cut short.
    """
    margins = label.contentsMargins()
    width = label.width() - margins.left() - margins.right() - 2 * label.margin()
    if width <= 0:
        return 0
    flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    text = label.fontMetrics().boundingRect(QRect(0, 0, width, 1_000_000), flags, label.text())
    return text.height() + margins.top() + margins.bottom() + 2 * label.margin()


class QuickEntry(QPlainTextEdit):
    """Multi-line box: Enter adds the point, Shift+Enter starts a new line, Tab moves on.

    Ctrl+Z undoes typing while there is typing to undo; in an empty box it goes to the capture
    view's undo stack, so "Enter, oops, Ctrl+Z" takes back the point just added.
    """

    submitted = Signal()
    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._fit_three_lines()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo) or (
                event.key() == Qt.Key.Key_Y
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            )
            document = self.document()
            if (undo and not document.isUndoAvailable()) or (
                redo and not document.isRedoAvailable()
            ):
                event.ignore()
                return False  # let the view's undo/redo shortcut have it
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_three_lines()

    def _fit_three_lines(self) -> None:
        """Three lines high at any zoom: room for a long point without hiding the list."""
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class QuestionColumn(QFrame):
    """Heading, list and entry for one question. The capture view wires it to the controller."""

    #: The draft (see :meth:`draft_state`) should be written now: typing, or focus left.
    draft_due = Signal()

    def __init__(
        self,
        question: QuestionInfo,
        model: QuestionPointsModel,
        themes: list[ThemeInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.model = model
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"question-column-{question.number}")
        kind = {
            QuestionKind.ADVANTAGE: self.tr("Advantages"),
            QuestionKind.ISSUE: self.tr("Issues"),
            QuestionKind.MITIGATION: self.tr("Mitigations"),
            QuestionKind.OTHER: self.tr("Points"),
        }[question.kind]

        self.heading = ScaledLabel("", self, factor=1.15)
        self.heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.heading.setAccessibleName(
            self.tr("Question %1 heading").replace("%1", str(question.number))
        )
        self._kind = kind

        self.question_text = QLabel(question.text, self)
        self.question_text.setWordWrap(True)
        self.question_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.question_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question_text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.question_text.setAccessibleName(
            self.tr("Question %1").replace("%1", str(question.number))
        )

        self.list_view = PointListView(self)
        self.list_view.setModel(model)
        self.list_view.setAccessibleName(
            self.tr("Points under question %1").replace("%1", str(question.number))
        )
        self.list_view.setToolTip(
            self.tr(
                "F2 edit · Del delete · Alt+Up/Alt+Down move · "
                "Alt+Shift+Right/Alt+Shift+Left to the next/previous question · "
                "Alt+1…Alt+9 theme · Ctrl+H how strongly held · Ctrl+L link · Esc back to typing"
            )
        )

        self.entry = QuickEntry(self)
        self.entry.setAccessibleName(
            self.tr("New point for question %1").replace("%1", str(question.number))
        )
        self.entry.setPlaceholderText(
            self.tr("Type a point and press Enter (Shift+Enter: new line)")
        )
        self.entry.setToolTip(
            self.tr(
                "Enter adds the point · Shift+Enter new line · Alt+1…Alt+9 theme · "
                "Ctrl+H how strongly held · Alt+Right/Alt+Left next/previous question"
            )
        )

        self.theme_combo = self._theme_combo(themes)
        self.strength_combo = QComboBox(self)
        self.strength_combo.setAccessibleName(
            self.tr("How strongly held, next point of question %1").replace(
                "%1", str(question.number)
            )
        )
        self.strength_combo.setToolTip(self.tr("How strongly the view was held (Ctrl+H cycles)"))
        self.strength_combo.addItem(self.tr("No strength"), None)  # beside "No theme"; fits
        for strength in Strength:
            self.strength_combo.addItem(strength_label(strength), strength)

        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setAccessibleName(
            self.tr("Add the point to question %1").replace("%1", str(question.number))
        )
        self.add_button.setToolTip(self.tr("Add the point (Enter)"))
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_button.clicked.connect(self.entry.submitted)

        # The theme box may shrink below its longest theme (it completes what is typed, and the
        # popup shows every name whole), so three columns fit side by side on a 1366-wide
        # laptop with the timer beside them. The strength list keeps its few short words
        # whole: "No strengt" cut off at the edge read as a fault.
        self.theme_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.theme_combo.setMinimumContentsLength(COMBO_MIN_CHARACTERS)
        self.strength_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.strength_combo.setSizePolicy(
            QSizePolicy.Policy.Minimum, self.strength_combo.sizePolicy().verticalPolicy()
        )

        options = QHBoxLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.addWidget(self.theme_combo, 1)
        options.addWidget(self.strength_combo)
        options.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.question_text)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.entry)
        layout.addLayout(options)

        self.set_tab_order()

        self._last_draft: DraftState = NO_DRAFT
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_MAX_WAIT_MS)
        self._draft_timer.timeout.connect(self.flush_draft)
        self.entry.textChanged.connect(self._draft_changed)
        self.theme_combo.currentIndexChanged.connect(self._draft_changed)
        self.strength_combo.currentIndexChanged.connect(self._draft_changed)
        self.entry.focus_lost.connect(self.flush_draft)

        self._text_scale = 1.0
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
            # a font of our own is pinned: follow the zoom (the application font) by hand
            app.fontChanged.connect(self._apply_text_scale)

        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.update_heading)
        self.update_heading()
        self.set_pending_theme(None)  # an empty box showing "No theme" greyed, as after an add

    def _theme_combo(self, themes: list[ThemeInfo]) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setAccessibleName(
            self.tr("Theme of the next point of question %1").replace(
                "%1", str(self.question.number)
            )
        )
        combo.setToolTip(
            self.tr("Theme of the next point: type to complete, or Alt+1…Alt+9 (Alt+0: none)")
        )
        combo.addItem(self.tr("No theme"), None)
        for number, theme in enumerate(themes, start=1):
            combo.addItem(theme.name, theme.id)
            if number <= 9:
                combo.setItemData(number, f"Alt+{number}", Qt.ItemDataRole.ToolTipRole)
        completer = QCompleter(QStringListModel([t.name for t in themes], combo), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        completer.activated.connect(self._complete_theme)
        line_edit = combo.lineEdit()
        assert line_edit is not None  # the combo is editable
        line_edit.setPlaceholderText(self.tr("No theme"))
        line_edit.editingFinished.connect(self._settle_theme_text)
        line_edit.returnPressed.connect(self.entry.setFocus)
        return combo

    def _complete_theme(self, name: str) -> None:
        index = self.theme_combo.findText(name, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.theme_combo.setCurrentIndex(index)

    def _settle_theme_text(self) -> None:
        """Typed text that names no theme goes back to the chosen theme: no new themes here."""
        text = self.theme_combo.currentText().strip()
        index = self.theme_combo.findText(text, Qt.MatchFlag.MatchFixedString) if text else 0
        if index < 0:
            index = self.theme_combo.currentIndex()
        self.theme_combo.setCurrentIndex(index)
        self.theme_combo.setEditText(self.theme_combo.itemText(index) if index > 0 else "")

    def set_tab_order(self) -> None:
        """One Tab from the box to its points (themes have Alt+N; the combos come after)."""
        self.setTabOrder(self.entry, self.list_view)
        self.setTabOrder(self.list_view, self.theme_combo)
        self.setTabOrder(self.theme_combo, self.strength_combo)

    # --- what the capture view reads and sets --------------------------------------------------

    def pending_theme_id(self) -> str | None:
        self._settle_theme_text()
        return self.theme_combo.currentData()

    def set_pending_theme(self, theme_id: str | None) -> None:
        index = self.theme_combo.findData(theme_id) if theme_id else 0
        self.theme_combo.setCurrentIndex(max(0, index))
        self.theme_combo.setEditText(self.theme_combo.itemText(index) if index > 0 else "")

    def pending_strength(self) -> Strength | None:
        value = self.strength_combo.currentData()  # Qt hands the enum back as a plain str
        return Strength(value) if value else None

    def set_pending_strength(self, strength: Strength | None) -> None:
        self.strength_combo.setCurrentIndex(max(0, self.strength_combo.findData(strength)))

    def reset_pending(self) -> None:
        """After a point is added the next one starts plain: nothing carried over by surprise."""
        self.set_pending_theme(None)
        self.set_pending_strength(None)

    def clear_entry(self) -> None:
        self._last_draft = NO_DRAFT  # the core cleared the draft with the add
        self._draft_timer.stop()
        self.entry.clear()
        self._draft_timer.stop()  # clearing the box is no typing to save

    def restore_draft(self, text: str, theme_id: str | None, strength: Strength | None) -> None:
        self.entry.setPlainText(text)
        self.entry.moveCursor(self.entry.textCursor().MoveOperation.End)
        self.set_pending_theme(theme_id)
        self.set_pending_strength(strength)
        self._last_draft = self.draft_state()
        self._draft_timer.stop()

    def draft_state(self) -> DraftState:
        """The text being typed with its chosen theme and strength; nothing for an empty box."""
        text = self.entry.toPlainText()
        if not text.strip():
            return NO_DRAFT
        return (text, self.theme_combo.currentData(), self.pending_strength())

    def _draft_changed(self) -> None:
        """Start the clock on the first unsaved change; later changes ride on it."""
        if not self._draft_timer.isActive():
            self._draft_timer.start()

    def flush_draft(self) -> None:
        """Ask for the draft to be written, if it changed since it was last written."""
        self._draft_timer.stop()
        state = self.draft_state()
        if state == self._last_draft:
            return
        self._last_draft = state
        self.draft_due.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_question_text()

    # --- type size ---------------------------------------------------------------------------

    def set_text_scale(self, factor: float) -> None:
        """Points and the entry box at ``factor`` times the application font (which zoom sets):
        wide columns on a large screen read from further away instead of leaving room unused."""
        if factor == self._text_scale:
            return
        self._text_scale = factor
        self._apply_text_scale()

    def text_scale(self) -> float:
        return self._text_scale

    def _apply_text_scale(self, _font: object = None) -> None:
        if self._text_scale == 1.0:
            font = QApplication.font()
        else:
            font = scaled_font(self._text_scale, bold=False)
        for widget in (self.list_view, self.entry):
            widget.setFont(font)

    # --- where the keyboard is ----------------------------------------------------------------

    def focused_part(self) -> QWidget | None:
        """The box, combo or list of this column that has the keyboard, if any."""
        focus = QApplication.focusWidget()
        while focus is not None and focus.parentWidget() is not self:
            focus = focus.parentWidget()
        return focus

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if any(w is not None and (w is self or self.isAncestorOf(w)) for w in (old, new)):
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The column with the keyboard is framed in the highlight colour, and so is the box or
        list in it that has the keyboard: a glance shows where typing or Delete will go."""
        super().paintEvent(event)
        part = self.focused_part()
        if part is None or not part.isVisible():
            return
        colour = self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, FOCUS_MARK_WIDTH))
        half = FOCUS_MARK_WIDTH // 2 + 1
        painter.drawRoundedRect(self.rect().adjusted(half, half, -half, -half), 5, 5)
        ring = part.geometry().adjusted(-half - 1, -half - 1, half + 1, half + 1)
        painter.drawRoundedRect(ring, 3, 3)
        painter.end()

    def _fit_question_text(self) -> None:
        """A wrapped label is sized for its narrowest width (too tall); fit it to the real one."""
        height = wrapped_height(self.question_text)
        if height > 0 and height != self.question_text.height():
            self.question_text.setFixedHeight(height)

    def update_heading(self) -> None:
        total = self.model.total_count()
        shown = self.model.rowCount()
        if self.model.is_filtered():
            count = (
                self.tr("%1 of %2 points")
                .replace("%1", grouped(shown))
                .replace("%2", grouped(total))
            )
        else:
            count = counted(total, self.tr("1 point"), self.tr("%1 points"))
        if self.question.kind is QuestionKind.OTHER:  # "Points — 0 points" reads badly
            heading = self.tr("Question %1 — %2")
        else:
            heading = self.tr("%1 · %3 — %2").replace("%3", self._kind)
        self.heading.setText(heading.replace("%1", str(self.question.number)).replace("%2", count))
        self.list_view.setAccessibleDescription(count)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.entry, self.theme_combo, self.strength_combo, self.add_button):
            widget.setEnabled(not read_only)
        if read_only:  # a box that takes no typing does not ask for any
            self.entry.setPlaceholderText(self.tr("Read-only: points cannot be added here"))
        self.list_view.setDragEnabled(not read_only)
        if read_only:
            self.list_view.setEditTriggers(self.list_view.EditTrigger.NoEditTriggers)
