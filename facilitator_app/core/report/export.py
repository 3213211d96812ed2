"""Export the report of an event to a .docx file: build the content, then write it.

The Word libraries are imported on first use, so opening an event in the app stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from facilitator_app.core.report.build import ReportOptions, build
from facilitator_app.core.report.document import ReportDocument
from facilitator_app.core.store import Workshop

Progress = Callable[[float], None]


def export_report(
    workshop: Workshop,
    target: Path | str,
    options: ReportOptions | None = None,
    *,
    progress: Progress | None = None,
) -> ReportDocument:
    """Write the report of ``workshop`` to ``target`` atomically; returns what was written.

    The template is checked before anything is built, so a bad template fails fast.
    ``progress`` is called with fractions from 0 to 1 (from the calling thread).
    """
    # python-docx loads here, on first export, not when the app opens a file.
    from facilitator_app.core.report.docx_template import load_template
    from facilitator_app.core.report.docx_writer import write_docx

    options = options or ReportOptions()
    if options.template is not None:
        load_template(options.template)
    if progress is not None:
        progress(0.0)
    document = build(workshop, options)
    if progress is not None:
        progress(0.1)

    def writing(fraction: float) -> None:
        if progress is not None:
            progress(0.1 + 0.9 * fraction)

    write_docx(document, target, template=options.template, progress=writing)
    return document
