"""Merging table files into the event file, as one thing with four parts.

- :mod:`.engine`: :func:`merge_files`, the results it reports, backups and the merge history;
- :mod:`.checks`: every source checked read-only (and refused in plain words) before a write;
- :mod:`.sql`: the set-based SQL that merges one checked source in one transaction;
- :mod:`.conflicts`: points changed on both sides, kept side by side until they are settled.

Callers import from the package (``from facilitator_app.core.merge import merge_files``).
"""

from facilitator_app.core.merge.engine import (
    BACKUPS_KEPT,
    ConflictInfo,
    ConflictSettlement,
    MergeRecordInfo,
    MergeStatus,
    MergeSummary,
    SourceResult,
    backup_target,
    expand_sources,
    keep_ours,
    keep_theirs,
    list_conflicts,
    list_merges,
    merge_files,
    resolve_conflict,
    undo_settlement,
)

__all__ = [
    "BACKUPS_KEPT",
    "ConflictInfo",
    "ConflictSettlement",
    "MergeRecordInfo",
    "MergeStatus",
    "MergeSummary",
    "SourceResult",
    "backup_target",
    "expand_sources",
    "keep_ours",
    "keep_theirs",
    "list_conflicts",
    "list_merges",
    "merge_files",
    "resolve_conflict",
    "undo_settlement",
]
