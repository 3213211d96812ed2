"""The scribe's capture view: one table's points under every question, typed fast, never lost.

Modules: ``controller`` (cache of the table's points; the only caller of the core),
``point_model`` (a Qt list model per question), ``delegate`` (how a point is drawn and edited),
``point_list`` (the list view: keyboard moves, delete, drag), ``column`` (one question's column
with its quick-entry box), ``columns_area`` (side by side or stacked), ``commands`` (undoable
changes), ``question_moves`` (points to another question), ``shortcuts`` (the keys, and which
point(s) they act on), ``point_menu`` (a point's context menu), ``link_dialog``,
``scaled_label`` (headings that follow zoom) and ``view`` (wires it all together; the keyboard
scheme is in its docstring).
"""

from __future__ import annotations

from facilitator_app.ui.capture.view import CaptureView

__all__ = ["CaptureView"]
