"""The merge view: table files dropped in, checked and merged into the event file."""
