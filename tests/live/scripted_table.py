"""A scribe typing at a table, as a separate process: ``TABLE_FILE TABLE PREFIX COUNT PAUSE``.

Adds COUNT points (cycling through the questions), rewords every fourth one just after adding
it and deletes every seventh, pausing PAUSE seconds between points: a bounded, scripted session
writing to the table file while the ``join`` process reads it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from facilitator_app.core import event, points, store


def main(path: str, table: str, prefix: str, count: str, pause: str) -> None:
    with store.open_workshop(Path(path)) as workshop:
        table_id = event.find_table(workshop, table).id
        questions = event.list_questions(workshop)
        for number in range(int(count)):
            question = questions[number % len(questions)]
            point = points.add_point(workshop, table_id, question.id, f"{prefix} {number}")
            if number % 4 == 3:
                points.edit_point_text(workshop, point.id, f"{prefix} {number} (reworded)")
            if number % 7 == 6:
                points.delete_point(workshop, point.id)
            time.sleep(float(pause))
    print("typed", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
