"""The consolidated Word report: content (:mod:`.build`) apart from rendering (:mod:`.docx_writer`).

``export_report(workshop, target, options)`` is the one call the CLI and the GUI make.
"""

from __future__ import annotations

from facilitator_app.core.report.build import Attribution, ReportOptions, build
from facilitator_app.core.report.document import ReportDocument, outline
from facilitator_app.core.report.export import export_report

__all__ = ["Attribution", "ReportDocument", "ReportOptions", "build", "export_report", "outline"]
