"""The live room in the window (see :mod:`facilitator_app.live` for the Qt-free host and client).

The facilitator's half: ``controller`` (the Room menu, one per window), ``hosting`` (the host on
its own asyncio loop, bridged to Qt signals), ``host_dialog``, ``room_wall`` and ``room_models``
(tables, points by question, duplicates), ``projector``.

The scribe's half: ``join_dialog`` (rooms found on the network, or an address; the join code;
the table), ``table_session`` (the table client on the live room's thread, its news handed to
the GUI thread by queued signals), ``live_status`` (the status bar's "Live: in the room") and
``table_controller`` (the actions and the wiring the main window makes once).
"""
