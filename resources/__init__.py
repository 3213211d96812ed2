"""Resources shipped with the app: icons, the default Word template, the sample event.

Installed as the package ``facilitator_app.resources``; load files with
``importlib.resources.files("facilitator_app.resources")``, never by a path relative to the
working directory.
"""
