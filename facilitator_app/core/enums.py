"""The closed sets of values a workshop file stores: question kinds, roles, strengths, sections.

A plain module (no SQLAlchemy, no SQLModel) so the GUI can name them without importing the ORM
tables of :mod:`facilitator_app.core.model`, which re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class QuestionKind(StrEnum):
    """What a question asks for; decides where its points go in the report."""

    ADVANTAGE = "advantage"
    ISSUE = "issue"
    MITIGATION = "mitigation"
    OTHER = "other"


class Role(StrEnum):
    FACILITATOR = "facilitator"
    SCRIBE = "scribe"
    PARTICIPANT = "participant"


class Strength(StrEnum):
    """How strongly a view was held at the table."""

    CONSENSUS = "consensus"
    SEVERAL = "several"
    ONE = "one"


class ReportSectionKey(StrEnum):
    """The narrative sections of the report, stored in the event file."""

    INTRODUCTION = "introduction"
    BACKGROUND = "background"
    PROCESS = "process"
    SUMMARY = "summary"
    CONCLUSION = "conclusion"
    # The title block of the committee paper, stored like the sections (one line each).
    REPORT_TO = "report_to"
    AUTHOR = "author"
    PAPER_DATE = "paper_date"
    PURPOSE = "purpose"
