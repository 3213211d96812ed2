"""Counts the rows the capture lists measure (their delegate's size hints): adding a point must
measure the new row only, however long the column (the tests and the capture benchmark)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from facilitator_app.ui.capture.delegate import PointDelegate


class RowsMeasured:
    """Counts every list's measured rows, from now on (until the monkeypatch is undone)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows = 0
        real = PointDelegate.sizeHint

        def counting(
            delegate: PointDelegate,
            option: QStyleOptionViewItem,
            index: QModelIndex | QPersistentModelIndex,
        ) -> QSize:
            self.rows += 1
            return real(delegate, option, index)

        monkeypatch.setattr(PointDelegate, "sizeHint", counting)

    def settle(self) -> None:
        """Turn the event loop until turns measure nothing more: a list that lays itself out
        in batches, a batch a turn, has finished."""
        quiet = 0
        for _turn in range(100_000):
            before = self.rows
            QApplication.processEvents()
            quiet = quiet + 1 if self.rows == before else 0
            if quiet == 3:
                return
        raise AssertionError("the list never stopped measuring rows")
