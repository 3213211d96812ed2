"""Shared fixtures. Qt runs offscreen in every test; this is set before any Qt import."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.store import Workshop


@pytest.fixture
def event_file(tmp_path: Path) -> Iterator[Workshop]:
    """A fresh event with the standard questions and themes and four tables, open read-write."""
    workshop = create_event_file(
        tmp_path / "event.workshop",
        EventSpec.with_numbered_tables(
            "Care closer to home", 4, venue="Town Hall", date="2026-03-14"
        ),
    )
    yield workshop
    workshop.close()
