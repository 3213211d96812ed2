"""The live room in the window, over :mod:`facilitator_app.live`: the facilitator hosting it
(``controller``, ``hosting``, ``host_dialog``, ``room_wall``, ``room_models``, ``projector``)."""
