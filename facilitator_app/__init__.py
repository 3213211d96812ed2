"""Workshop Facilitator: set up a stakeholder event, capture each table's points, merge, report."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("workshop-facilitator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "Workshop Facilitator"
ORGANISATION_NAME = "Workshop Facilitator"
FILE_EXTENSION = ".workshop"
