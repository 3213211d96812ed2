"""Each row's height in a list of points, measured when the row arrives or changes and then kept.

Why this exists: ``QListView`` keeps its row layout private and measures every row again after
any insert, so adding a point to a column of 10,000 wrapped points cost some 30 ms of size hints
(a Python call per row) before the scribe could type on. The list is a one-column ``QTableView``
instead, whose vertical header holds one height per row (positions found by binary search, in
C++), and this class sets those heights: a new or changed row is measured at once (adding a
point measures one row), and all rows are measured again only when every height is stale (the
text width or the font changed, or the model was reset): the visible rows at once, the rest a
few milliseconds' worth per turn of the event loop, so a window resize never freezes the app.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QModelIndex, QObject, QRect, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from facilitator_app.ui.capture.delegate import PADDING

#: How long one turn of the event loop may spend on the passes over all rows of every list (the
#: columns share it): a third of a frame, so typing, filtering and scrolling stay smooth while the
#: rest of a long list is measured. (Wrapping a text anew costs 20-150 microseconds, by machine
#: and load: a fixed number of rows would not do.)
TURN_BUDGET_SECONDS = 0.005
#: Rows measured between looks at the clock.
CHUNK_ROWS = 25
#: More rows than this inserted or changed at once are left to a pass, a turn at a time.
MEASURE_AT_ONCE = 400


class _Passes(QObject):
    """The lists with a pass under way, measured in turn within one budget per event-loop turn:
    after a filter, three columns cost the turn one budget, not three."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[RowHeights] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)

    def add(self, heights: RowHeights) -> None:
        if heights not in self._pending:
            self._pending.append(heights)
        self._timer.start()

    def remove(self, heights: RowHeights) -> None:
        if heights in self._pending:
            self._pending.remove(heights)

    def _run(self) -> None:
        deadline = time.perf_counter() + TURN_BUDGET_SECONDS
        for heights in list(self._pending):
            # a list closed with its view (a file closed) has nothing more to measure
            if not shiboken6.isValid(heights) or not heights.continue_pass(deadline):
                self.remove(heights)
            if time.perf_counter() >= deadline:
                break
        if self._pending:
            self._pending.append(self._pending.pop(0))  # the next turn starts with the next list
            self._timer.start()


_passes: _Passes | None = None


def _shared_passes() -> _Passes:
    global _passes
    if _passes is None:
        _passes = _Passes()
    return _passes


class RowHeights(QObject):
    """Keeps a one-column table's row heights equal to its delegate's size hints."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._header = view.verticalHeader()
        self._header.setMinimumSectionSize(1)
        #: The next row of a pass over all rows; -1 when no pass is under way.
        self._next = -1
        #: Every height is stale but the view is hidden (not yet shown, or another view is):
        #: measured when shown, at the width it is shown at.
        self._stale = False
        self._width = -1
        self.follow_font()

    # --- what the view tells us ---------------------------------------------------------------

    def follow_font(self) -> None:
        """The font changed (zoom): unmeasured rows are one line high, every row is stale."""
        line = QFontMetrics(self._view.font()).height() + 2 * PADDING
        if line != self._header.defaultSectionSize():
            self._header.setDefaultSectionSize(line)
        self.measure_all()

    def follow_width(self) -> None:
        """The text's width changes every wrapped row's height (the viewport resized)."""
        width = self._view.viewport().width()
        if width != self._width:
            self._width = width
            self.measure_all()

    def rows_inserted(self, first: int, last: int) -> None:
        """New rows: measure them (one row, when a point is added), or later if many."""
        if self._next > first:
            self._next += last - first + 1  # the pass goes on with the row it was at
        if self._stale:
            return
        if last - first < MEASURE_AT_ONCE:
            self.measure(first, last)
        else:
            self.measure_all()

    def rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid() and self._next > first:
            self._next -= min(last + 1, self._next) - first

    def rows_changed(self, first: int, last: int) -> None:
        """Rows whose text, theme, strength or links changed: their heights may have."""
        if self._stale:
            return
        if last - first < MEASURE_AT_ONCE:
            self.measure(first, last)
        else:
            self.measure_all()

    def shown(self) -> None:
        if self._stale:
            self._stale = False
            self.measure_all()
        elif self._next >= 0:
            _shared_passes().add(self)  # a pass paused while hidden goes on from its row

    def hidden(self) -> None:
        """Nobody sees the rows: a pass under way pauses (at its row), so a hidden list never
        takes the turns of the view that is shown (a review or report being built)."""
        _shared_passes().remove(self)

    def bring_near(self, row: int) -> None:
        """The view is about to scroll to ``row``: during a pass, measure the rows around it
        first, so it lands where it will stay."""
        if self._next < 0:
            return
        reach = self._rows_in_sight()
        first = max(0, row - reach)
        last = min(self._row_count() - 1, row + reach)
        self.measure(first, last, self._anchor())

    # --- measuring ----------------------------------------------------------------------------

    def measure_all(self) -> None:
        """Every height is stale: the rows in sight now, the rest a slice per event-loop turn."""
        if not self._view.isVisible():
            self._stale = True
            self._next = -1
            _shared_passes().remove(self)
            return
        anchor = self._anchor()
        first = max(0, self._view.rowAt(0))
        last = min(self._row_count() - 1, first + self._rows_in_sight())
        self.measure(first, last, anchor)
        self._next = 0
        _shared_passes().add(self)

    def continue_pass(self, deadline: float) -> bool:
        """Measure on with the pass until ``deadline``; False when it is done."""
        rows = self._row_count()
        if self._next < 0 or self._next >= rows:
            self._next = -1
            return False
        if not self._view.isVisible():
            return False  # hidden without a hide event (a parent not yet shown): shown() resumes
        anchor = self._anchor()
        while self._next < rows:
            last = min(rows, self._next + CHUNK_ROWS) - 1
            self.measure(self._next, last, anchor)
            self._next = last + 1
            if time.perf_counter() >= deadline:
                break
        if self._next < rows:
            return True
        self._next = -1
        return False

    def measure(self, first: int, last: int, anchor: tuple[int, int] | None = None) -> None:
        """Set rows ``first``..``last`` to their size hints. ``anchor`` (a row and its place in
        the viewport) stays where it is, so rows growing above it do not shift what is read."""
        view, header = self._view, self._header
        model = view.model()
        delegate = view.itemDelegate()
        if model is None or delegate is None or first > last:
            return
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = QRect(0, 0, view.viewport().width(), 0)
        root = QModelIndex()
        changed = False
        for row in range(first, last + 1):
            height = delegate.sizeHint(option, model.index(row, 0, root)).height()
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)
                changed = True
        if changed:
            # The scroll range now, not a turn later: scrolling to a point just added must
            # reach its whole row.
            view.updateGeometries()
            if anchor is not None:
                row, place = anchor
                bar = view.verticalScrollBar()
                bar.setValue(header.sectionPosition(row) - place)

    def _anchor(self) -> tuple[int, int] | None:
        """The row at the top of the viewport and where its top is, when scrolled down."""
        if self._view.verticalScrollBar().value() == 0:
            return None  # at the top: stay there
        row = self._view.rowAt(0)
        return (row, self._view.rowViewportPosition(row)) if row >= 0 else None

    def _rows_in_sight(self) -> int:
        """No row is less than a line high: this many rows fill the viewport at most."""
        line = self._header.defaultSectionSize()
        return min(MEASURE_AT_ONCE, self._view.viewport().height() // max(1, line) + 1)

    def _row_count(self) -> int:
        model = self._view.model()
        return model.rowCount() if model is not None else 0
