"""The transport's refusals in the host's log, one line each with the peer and the reason.

The ``websockets`` library refuses bad input itself (not HTTP, not a WebSocket upgrade, a frame
over the size limit, a malformed frame) and logs why at DEBUG level, lines starting with "!",
with a traceback; it logs every connection opened and closed at INFO. For a host facing a room of
laptops that is both too quiet and too loud: :func:`transport_logger` gives the library a logger
whose filter turns each refusal into one WARNING line naming the peer, and drops the rest.
"""

from __future__ import annotations

import logging

TRANSPORT_LOGGER = "facilitator_app.live.transport"


class _RefusalsOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.levelno >= logging.WARNING:
            return True
        if not message.startswith("! "):
            return False  # "connection open", frame traces and the like
        reason = message[2:] % record.args if record.args else message[2:]
        if record.exc_info and record.exc_info[1] is not None:
            reason = f"{reason} ({record.exc_info[1]})"
        websocket = getattr(record, "websocket", None)
        address = getattr(websocket, "remote_address", None)
        peer = address[0] if address else "?"
        record.msg, record.args, record.exc_info, record.exc_text = (
            f"refused {peer}: {reason}",
            None,
            None,
            None,
        )
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def transport_logger() -> logging.Logger:
    """The logger to hand to ``websockets.serve``: refusals at WARNING, nothing else."""
    logger = logging.getLogger(TRANSPORT_LOGGER)
    if not any(isinstance(existing, _RefusalsOnly) for existing in logger.filters):
        logger.addFilter(_RefusalsOnly())
        logger.setLevel(logging.DEBUG)  # the library's refusals are DEBUG records
    return logger
