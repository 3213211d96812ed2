"""The facilitator's event set-up view."""

from facilitator_app.ui.setup.view import SetupView

__all__ = ["SetupView"]
