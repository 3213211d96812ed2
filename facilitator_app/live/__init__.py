"""The live room: table laptops feed the facilitator's laptop over the venue's own network.

Qt-free, like :mod:`facilitator_app.core`, on which it sits: the CLI's ``host`` and ``join``
run it without a window, and the GUI will run the same host and client on a worker thread's
event loop. It is a package of its own, not part of the core, because it is a transport
(asyncio, sockets, cryptography) over the core's file merge, not domain logic: the core stays
free of networking, and only programs that host or join load it.

- :mod:`~facilitator_app.live.protocol`: the join code, the SPAKE2 handshake, sealed messages
  (the protocol is documented there), limits.
- :mod:`~facilitator_app.live.host`: :class:`~facilitator_app.live.host.RoomHost`.
- :mod:`~facilitator_app.live.table`: :class:`~facilitator_app.live.table.TableClient`.
- :mod:`~facilitator_app.live.files`: snapshots, the ownership check, set-up pushed to tables.
- :mod:`~facilitator_app.live.inbox`: a received file checked and merged by the USB merge.
- :mod:`~facilitator_app.live.discovery`: DNS-SD advertising and finding rooms (zeroconf).
- :mod:`~facilitator_app.live.transport_log`: the transport's refusals as one log line each.
- :mod:`~facilitator_app.live.loop_thread`: the asyncio loop on its own thread, for the GUI.
"""
