"""The review view: merged points filtered, re-themed, conflicts settled, duplicates folded."""
