"""Workshop Facilitator: set up a stakeholder event, capture each table's points, merge, report."""

# The one place the version is written (pyproject.toml reads it from here): a literal, so
# ``facilitator-app --version`` need not import importlib.metadata (tens of milliseconds).
__version__ = "0.1.0"

APP_NAME = "Workshop Facilitator"
ORGANISATION_NAME = "Workshop Facilitator"
FILE_EXTENSION = ".workshop"
