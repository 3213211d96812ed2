"""The desktop app (PySide6). Widgets call core use cases; no SQL and no report logic here."""
