"""The window shell: composition root, main window, start page, file handling, settings."""
