"""``export``: write the consolidated Word report of an event file.

The event file is opened read-only unless ``--section`` texts are given: those are stored in the
event file (as if typed in the app's report view), so the app and later exports use them too,
and only then is the file opened for writing. Every section file is read, and the template
checked, before anything is stored, so a mistake in the command changes nothing.

The report code (python-docx, lxml) is imported inside the handler, so building the parser for
another command does not load it; the choices below are checked against the core by a test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator_app.core.enums import ReportSectionKey
from facilitator_app.core.errors import InvalidValueError

#: ``--attribution`` choices: the values of ``core.report.Attribution``, in its order.
ATTRIBUTIONS = ("none", "counts", "tables")
DEFAULT_ATTRIBUTION = "counts"
#: The narrative sections by name: the values of ``core.model.ReportSectionKey``.
#: ``--appendix-numbering`` choices: the values of ``core.report.frame.AppendixNumbering``.
APPENDIX_NUMBERINGS = ("words", "letters")
SECTION_NAMES = ("introduction", "background", "process", "summary", "conclusion")


def _section_argument(value: str) -> tuple[ReportSectionKey, Path]:
    name, separator, file_name = value.partition("=")
    if not separator or not name.strip() or not file_name.strip():
        raise argparse.ArgumentTypeError(
            f"{value!r} is not NAME=FILE (for example introduction=intro.txt)"
        )
    from facilitator_app.core.report.sections import parse_section_key

    try:
        return parse_section_key(name), Path(file_name)
    except InvalidValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def register(subparsers: argparse._SubParsersAction) -> None:
    sections = ", ".join(SECTION_NAMES)
    parser = subparsers.add_parser(
        "export",
        help="write the consolidated Word report of an event file",
        description=(
            "Write the Word report of an event file: the narrative sections, then the "
            "appendices (seating plan, advantages, issues with their potential solutions, "
            "other questions). The event file is only read, unless --section texts are given: "
            "those are stored in it for the app and later exports."
        ),
    )
    parser.add_argument(
        "event_file", type=Path, metavar="EVENT_FILE", help="the .workshop event file"
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="REPORT.docx",
        help="the Word file to write (replaced if it exists)",
    )  # fmt: skip
    parser.add_argument(
        "--template", type=Path, metavar="T",
        help="the organisation's Word template (.docx or .dotx); styles it lacks come from ours",
    )  # fmt: skip
    parser.add_argument(
        "--attribution",
        choices=ATTRIBUTIONS,
        default=DEFAULT_ATTRIBUTION,
        help=(
            "where points were raised: none; counts, '(raised at 3 tables)' on points several "
            "tables made (default); tables, the tables named on every point"
        ),
    )
    parser.add_argument("--no-names", action="store_true", help="leave participants' names out")
    parser.add_argument("--no-seating-plan", action="store_true", help="leave the seating plan out")
    frame = parser.add_argument_group("the title block (stored in the event file, like --section)")
    frame.add_argument("--report-to", metavar="TEXT", help='the committee: "Programme Board"')
    frame.add_argument("--author", metavar="TEXT", help="who wrote the paper (a person or team)")
    frame.add_argument(
        "--paper-date", metavar="DATE", help="the date of the paper (YYYY-MM-DD or as written)"
    )
    frame.add_argument("--purpose", metavar="TEXT", help="why the paper exists, in a sentence")
    parser.add_argument(
        "--appendix-numbering",
        choices=APPENDIX_NUMBERINGS,
        default=APPENDIX_NUMBERINGS[0],
        help="Appendix One, Two… (words, the default) or Appendix A, B… (letters)",
    )
    parser.add_argument(
        "--appendix", type=Path, metavar="FILE",
        help="your own appendix (.txt or .docx, such as the proposal), placed first",
    )  # fmt: skip
    parser.add_argument(
        "--appendix-title", metavar="TITLE", default="",
        help="its title (default: the file's first heading, or its name)",
    )  # fmt: skip
    parser.add_argument(
        "--section", type=_section_argument, action="append", default=[], metavar="NAME=FILE",
        help=f"store a narrative section from a UTF-8 text file (NAME: {sections}); repeatable",
    )  # fmt: skip
    parser.set_defaults(handler=run_export)


def _read_section_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise InvalidValueError(f"The section file {path} does not exist.") from error
    except UnicodeDecodeError as error:
        raise InvalidValueError(
            f"{path.name} is not UTF-8 text; save it as UTF-8 (or plain text) and try again."
        ) from error
    except OSError as error:
        raise InvalidValueError(f"{path.name} cannot be read: {error.strerror}.") from error


_FRAME_OPTIONS = {
    "report_to": ReportSectionKey.REPORT_TO,
    "author": ReportSectionKey.AUTHOR,
    "paper_date": ReportSectionKey.PAPER_DATE,
    "purpose": ReportSectionKey.PURPOSE,
}


def run_export(args: argparse.Namespace) -> int:
    from facilitator_app.core.report import Attribution, ReportOptions, export_report
    from facilitator_app.core.report.document import SectionKind
    from facilitator_app.core.report.docx_template import load_template
    from facilitator_app.core.report.frame import (
        FRAME_FIELDS,
        AppendixNumbering,
        load_lead_appendix,
    )
    from facilitator_app.core.report.sections import SECTION_TITLES, set_section
    from facilitator_app.core.store import open_workshop
    from facilitator_app.core.wording import counted

    texts = {key: _read_section_file(path) for key, path in args.section}
    for option, key in _FRAME_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            texts[key] = " ".join(value.split())
    template: Path | None = args.template
    if template is not None:
        load_template(template)  # a bad template fails before anything is stored
    if args.appendix is not None:
        load_lead_appendix(args.appendix, args.appendix_title)  # fails before anything is stored
    options = ReportOptions(
        attribution=Attribution(args.attribution),
        include_names=not args.no_names,
        include_seating_plan=not args.no_seating_plan,
        template=template,
        appendix_numbering=AppendixNumbering(args.appendix_numbering),
        lead_appendix=args.appendix,
        lead_appendix_title=args.appendix_title,
    )
    workshop = open_workshop(args.event_file, read_only=not texts)
    try:
        for key, text in texts.items():
            set_section(workshop, key, text)
            what = (
                f"the {SECTION_TITLES[key].lower()} section"
                if key in SECTION_TITLES
                else f'"{FRAME_FIELDS[key]}"'
            )
            print(f"Stored {what} in {args.event_file.name}.")
        document = export_report(workshop, args.output, options)
    finally:
        workshop.close()
    appendices = [s.title for s in document.sections if s.kind is SectionKind.APPENDIX]
    print(f"Wrote {args.output} ({counted(len(appendices), '%1 appendix', '%1 appendices')}).")
    for note in document.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0
