"""The Summary drafted as findings, and the figures it no longer carries.

A board member reads the summary and perhaps nothing else, so the draft says where the room
stood, in the shape of ``shared/design/report.md`` ("What the summary says"): a few key
messages; the points raised at the most tables and those held by consensus; the themes each
question drew most; the issues for which no table proposed a solution; the views held by one
person or several rather than by a whole table; and the aspects needing further consideration
(the issues raised most widely, with the solutions proposed for them folded in).

Every sentence states only what the file holds: how many tables raised a point (after
consolidation), how strongly it was recorded as held, which issues have linked mitigations,
which themes drew most points. Judgements ("most stakeholders accepted…") stay the lead's to
write. The counts by question, theme and table go to a "Figures" appendix, built here too so
the summary and the appendix count the same points the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from facilitator_app.core.model import QuestionKind, Strength
from facilitator_app.core.report.data import EventData, ReportPoint
from facilitator_app.core.report.document import Block, Heading, Paragraph, Table
from facilitator_app.core.report.text import NBSP, and_list, number_word, one_line, unbreakable

#: Appendix keys of the appendices that list points, in report order.
POINT_APPENDICES = ("advantages", "issues", "mitigations", "other-questions")
FIGURES_KEY = "figures"
FIGURES_TITLE = "Figures"
#: Longest a point is quoted in the summary; the appendix has it in full.
QUOTE_LIMIT = 160
#: Most entries a summary list shows before "and N more".
LIST_LIMIT = 6
KEY_MESSAGES = "Key messages:"
FURTHER_CONSIDERATION = "Aspects needing further consideration:"

_HELD_BY = {Strength.ONE: "one person", Strength.SEVERAL: "several people"}


def quoted(text: str) -> str:
    """A point in curly quotes, on one line, shortened at a word if very long."""
    line = one_line(text)
    if len(line) > QUOTE_LIMIT:
        line = line[:QUOTE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:.") + "\u2026"
    return f"\u201c{line}\u201d"


def appendix_span(labels: list[str]) -> str:
    """``Appendix Two``; ``Appendices Two and Three``; ``Appendices B, C and D``."""
    if len(labels) == 1:
        return labels[0]
    return "Appendices " + and_list([label.split(" ", 1)[1] for label in labels])


class _Facts:
    """What the draft is made of, computed once."""

    def __init__(self, data: EventData, refs: Mapping[str, str]) -> None:
        self.data = data
        self.refs = refs
        self.kinds = {q.id: q.kind for q in self.data.questions}
        self.table_names = {t.id: one_line(t.name) for t in self.data.tables}
        self.issues = [
            p for p in self.data.points if self.kinds.get(p.question_id) is QuestionKind.ISSUE
        ]
        self.mitigation_text = {
            p.id: p.text
            for p in self.data.points
            if self.kinds.get(p.question_id) is QuestionKind.MITIGATION
        }
        self.tables_with_points = [
            t for t in self.data.tables if self.data.recorded_by_table.get(t.id)
        ]
        # Lists several parts of the draft need, each made once (an event may have fifty
        # thousand points). The points sorted most widely raised first, once: the stable sort
        # makes a sub-list of it, filtered, the same as that sub-list sorted.
        self.widest = _widest_first(self.data.points)
        self.consensus = [p for p in self.widest if Strength.CONSENSUS in p.strengths]
        #: Points recorded as held by one person or several, and by no table as a consensus.
        self.divergent = [
            p for p in self.widest if p.strengths and Strength.CONSENSUS not in p.strengths
        ]
        self.unanswered = [p for p in self.issues if not self.solutions(p)]
        self.points_of: dict[str, list[ReportPoint]] = defaultdict(list)
        for point in self.data.points:
            self.points_of[point.question_id].append(point)

    def ref(self, key: str) -> str:
        return f" ({self.refs[key]})" if key in self.refs else ""

    def issues_ref(self) -> str:
        return self.ref("issues")

    def where(self, point: ReportPoint) -> str:
        """``raised at three tables`` or ``Table Two``."""
        if len(point.tables) > 1:
            return f"raised at {number_word(len(point.tables))}{NBSP}tables"
        return _and_names([unbreakable(self.table_names.get(t, "")) for t in point.tables])

    def cited(self, point: ReportPoint) -> str:
        """The point quoted, with where it was raised when that is known."""
        where = self.where(point)
        return f"{quoted(point.text)} ({where})" if where else quoted(point.text)

    def solutions(self, issue: ReportPoint) -> list[str]:
        return [
            self.mitigation_text[m]
            for m in self.data.mitigations_of.get(issue.id, ())
            if m in self.mitigation_text
        ]


def _and_names(names: list[str]) -> str:
    return and_list([n for n in names if n])


def _widest_first(points: list[ReportPoint]) -> list[ReportPoint]:
    """Most tables first, consensus before the rest, then report order (stable)."""
    return sorted(points, key=lambda p: (-len(p.tables), Strength.CONSENSUS not in p.strengths))


def _capped(lines: list[str], total: int, more: str) -> list[str]:
    if total > len(lines):
        lines.append(f"- and {total - len(lines)} more {more}")
    return lines


def draft_summary(data: EventData, refs: Mapping[str, str]) -> str:
    """The Summary as plain narrative text (one numbered paragraph a line, ``-`` bullets).

    ``refs`` maps appendix keys to their labels ("Appendix Two"), so the text points the
    reader to the right appendix whichever appendices the options left out.
    """
    if not data.points:
        return "No points were recorded at the event."
    facts = _Facts(data, refs)
    lines: list[str] = []
    lines.extend(_key_messages(facts))
    if f"- {_totals(facts)}" not in lines:  # a thin key-messages list may carry it already
        lines.append(_totals(facts))
    lines.extend(_widest_and_consensus(facts))
    lines.extend(_themes_by_question(facts))
    lines.extend(_unanswered_issues(facts))
    lines.extend(_divergent_views(facts))
    lines.extend(_further_consideration(facts))
    lines.append(_pointer(facts))
    return "\n".join(lines)


def _key_messages(facts: _Facts) -> list[str]:
    """Three to five bullets for a reader who reads nothing else (fewer if the data is thin)."""
    data = facts.data
    messages: list[str] = []
    widest = facts.widest[0]
    tables = len(facts.tables_with_points)
    if len(widest.tables) > 1:
        messages.append(
            f"The point raised most widely was {quoted(widest.text)}, at "
            f"{number_word(len(widest.tables))} of the {number_word(tables)} tables."
        )
    consensus = facts.consensus
    if consensus:
        first = consensus[0]
        messages.append(
            f"{_count(len(consensus), 'point was', 'points were').capitalize()} recorded as the "
            f"consensus of a table, among them {quoted(first.text)}."
        )
    unanswered = facts.unanswered
    if facts.issues:
        if unanswered:
            messages.append(
                f"No solution was proposed for {number_word(len(unanswered))} of the "
                f"{_count(len(facts.issues), 'issue', 'issues')} raised{facts.issues_ref()}."
            )
        else:
            messages.append(f"A solution was proposed for every issue raised{facts.issues_ref()}.")
    divergent = facts.divergent
    if divergent:
        messages.append(
            f"{_count(len(divergent), 'view was', 'views were').capitalize()} recorded as held "
            "by one person or several rather than by their table as a whole."
        )
    told: set[QuestionKind] = set()
    for question in data.questions:
        top = _top_themes(facts, question.id, 2)
        kind = question.kind
        if kind not in (QuestionKind.ADVANTAGE, QuestionKind.ISSUE) or kind in told or not top:
            continue
        name, count, total = top[0]
        if count < 2 or (len(top) > 1 and top[1][1] == count):
            continue  # no theme stands out: nothing to say in a key message
        told.add(kind)
        noun = "advantages" if kind is QuestionKind.ADVANTAGE else "issues"
        several = sum(q.kind is kind for q in data.questions) > 1
        asked = f" in answer to {quoted(question.text)}" if several else ""
        messages.append(
            f"Of the {number_word(total)} {noun} recorded{asked}, "
            f"{number_word(count)} concerned {name}, more than any other theme."
            if count < total
            else f"All {number_word(total)} {noun} recorded concerned {name}."
        )
    if len(messages) < 3:
        messages.insert(0, _totals(facts))
    if not messages:
        return []
    return [KEY_MESSAGES, *(f"- {m}" for m in messages[:5])]


def _count(count: int, singular: str, plural: str) -> str:
    return f"{number_word(count)} {singular if count == 1 else plural}"


def _totals(facts: _Facts) -> str:
    data = facts.data
    verb = "was" if data.captured == 1 else "were"
    text = (
        f"In total, {_count(data.captured, 'point', 'points')} {verb} recorded at "
        f"{_count(len(facts.tables_with_points), 'table', 'tables')}."
    )
    if len(data.points) != data.captured:
        text += (
            " Where tables made the same point, the points have been combined, leaving "
            f"{_count(len(data.points), 'distinct point', 'distinct points')}."
        )
    return text


def _widest_and_consensus(facts: _Facts) -> list[str]:
    lines: list[str] = []
    shared = [p for p in facts.widest if len(p.tables) > 1]
    if shared:
        listed = shared[:LIST_LIMIT]
        lines.append(
            "The points raised at the most tables were:"
            if len(listed) > 1
            else "One point was raised at more than one table:"
        )
        lines.extend(f"- {facts.cited(p)}" for p in listed)
        _capped(lines, len(shared), "raised at more than one table")
    elif len(facts.tables_with_points) > 1:
        lines.append("No point was raised at more than one table.")
    consensus = facts.consensus
    if consensus:
        listed = consensus[:LIST_LIMIT]
        lines.append(
            "These points were recorded as the consensus of their table:"
            if len(listed) > 1
            else "This point was recorded as the consensus of its table:"
        )
        lines.extend(f"- {facts.cited(p)}" for p in listed)
        _capped(lines, len(consensus), "held by consensus")
    return lines


def _top_themes(facts: _Facts, question_id: str, limit: int) -> list[tuple[str, int, int]]:
    """(theme, points, all the question's points) for the themes a question drew most."""
    points = facts.points_of.get(question_id, [])
    names = {t.id: one_line(t.name) for t in facts.data.themes}
    order = {t.id: t.position for t in facts.data.themes}
    counts = Counter(p.theme_id for p in points if p.theme_id in names)
    ranked = sorted(counts, key=lambda t: (-counts[t], order[t]))
    return [(names[t], counts[t], len(points)) for t in ranked[:limit]]


_QUESTION_REFS = {
    QuestionKind.ADVANTAGE: "advantages",
    QuestionKind.ISSUE: "issues",
    QuestionKind.MITIGATION: "issues",
    QuestionKind.OTHER: "other-questions",
}


def _themes_by_question(facts: _Facts) -> list[str]:
    lines: list[str] = []
    for question in facts.data.questions:
        top = _top_themes(facts, question.id, 3)
        if not top:
            continue
        total = top[0][2]
        ask = quoted(question.text)
        key = _QUESTION_REFS[question.kind]
        if key == "issues" and "issues" not in facts.refs:
            key = "mitigations"
        ref = facts.ref(key)
        if len(top) == 1 and top[0][1] == total:
            every = "The one point" if total == 1 else f"All {_count(total, 'point', 'points')}"
            lines.append(f"{every} made in answer to {ask}{ref} concerned {top[0][0]}.")
            continue
        standing_out = [(name, count) for name, count, _ in top if count > 1]
        if not standing_out:
            lines.append(
                f"The {_count(total, 'point', 'points')} made in answer to {ask}{ref} were "
                "spread across the themes, none drawing more than one."
            )
            continue
        themes = and_list(
            [f"{name} ({_count(count, 'point', 'points')})" for name, count in standing_out]
        )
        most = (
            "the themes raised most were" if len(standing_out) > 1 else "the theme raised most was"
        )
        lines.append(
            f"Of the {_count(total, 'point', 'points')} made in answer to {ask}{ref}, "
            f"{most} {themes}."
        )
    return lines


def _unanswered_issues(facts: _Facts) -> list[str]:
    unanswered = _widest_first(facts.unanswered)
    if not unanswered:
        return []
    listed = unanswered[:LIST_LIMIT]
    lines = [
        "No solution was proposed for the following issues"
        f"{facts.issues_ref()}, which remain to be taken forward:"
        if len(unanswered) > 1
        else f"No solution was proposed for this issue{facts.issues_ref()}:"
    ]
    lines.extend(f"- {facts.cited(p)}" for p in listed)
    return _capped(lines, len(unanswered), "issues with no proposed solution")


def _divergent_views(facts: _Facts) -> list[str]:
    divergent = facts.divergent
    if not divergent:
        return []
    lines = [
        "Some views were recorded as held by one person or by several people rather than by "
        "their table as a whole:"
        if len(divergent) > 1
        else "One view was recorded as held by one person or by several people rather than by "
        "its table as a whole:"
    ]
    for point in divergent[:LIST_LIMIT]:
        held = and_list(sorted({_HELD_BY[s] for s in point.strengths if s in _HELD_BY}))
        where = "; ".join(part for part in (held, facts.where(point)) if part)
        lines.append(f"- {quoted(point.text)} ({where})" if where else f"- {quoted(point.text)}")
    return _capped(lines, len(divergent), "views of one person or several")


def _further_consideration(facts: _Facts) -> list[str]:
    """The issues raised most widely, each with the solutions proposed for it."""
    if not facts.issues:
        return []
    ranked = _widest_first(facts.issues)
    shared = [p for p in ranked if len(p.tables) > 1]
    chosen = (shared or ranked)[:5]
    lines = [FURTHER_CONSIDERATION]
    for issue in chosen:
        solutions = facts.solutions(issue)
        if solutions:
            proposed = "; ".join(quoted(text) for text in solutions[:3])
            if len(solutions) > 3:
                proposed += f" and {_count(len(solutions) - 3, 'other', 'others')}"
            tail = f"; proposed: {proposed}"
        else:
            tail = "; no solution was proposed"
        lines.append(f"- {facts.cited(issue)}{tail}.")
    return lines


def _pointer(facts: _Facts) -> str:
    lists = [facts.refs[key] for key in POINT_APPENDICES if key in facts.refs]
    parts = []
    if lists:
        parts.append(f"The points made are set out in full, by theme, in {appendix_span(lists)}")
    if FIGURES_KEY in facts.refs:
        parts.append(
            f"the numbers of points by question, theme and table are in {facts.refs[FIGURES_KEY]}"
        )
    if not parts:
        return "The points made are set out in full in the appendices."
    return "; ".join(parts) + "."


# --- the figures appendix ---------------------------------------------------------------------


def figures_blocks(data: EventData) -> list[Block]:
    """Points by question, by theme (distinct points, so each total is the same) and the
    points recorded at each table (before combining, so each table shows what it recorded)."""
    if not data.points:
        return []
    total = len(data.points)
    by_question = Counter(p.question_id for p in data.points)
    by_theme = Counter(p.theme_id for p in data.points)
    theme_ids = {t.id for t in data.themes}
    blocks: list[Block] = []
    intro = (
        f"The report lists {_count(total, 'distinct point', 'distinct points')}."
        if total != data.captured
        else f"The report lists {_count(total, 'point', 'points')}."
    )
    if total != data.captured:
        intro += (
            f" The tables recorded {data.captured:,}; where tables made the same point, the "
            "points were combined and are counted once."
        )
    blocks.append(Paragraph(intro))
    blocks.append(Heading("Points by question", 2))
    rows = [
        [one_line(q.text), f"{by_question[q.id]:,}"] for q in data.questions if by_question[q.id]
    ]
    blocks.append(Table(["Question", "Points"], [*rows, ["Total", f"{total:,}"]], weights=(5, 1)))
    themed = [[one_line(t.name), f"{by_theme[t.id]:,}"] for t in data.themes if by_theme[t.id]]
    unthemed = sum(n for theme_id, n in by_theme.items() if theme_id not in theme_ids)
    if themed:
        if unthemed:
            themed.append(["No theme given", f"{unthemed:,}"])
        blocks.append(Heading("Points by theme", 2))
        blocks.append(
            Table(["Theme", "Points"], [*themed, ["Total", f"{total:,}"]], weights=(5, 1))
        )
    tables = [[one_line(t.name), f"{data.recorded_by_table.get(t.id, 0):,}"] for t in data.tables]
    if tables:
        blocks.append(Heading("Points recorded at each table", 2))
        blocks.append(
            Table(["Table", "Points"], [*tables, ["Total", f"{data.captured:,}"]], weights=(5, 1))
        )
    return blocks
