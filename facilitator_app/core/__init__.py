"""The Qt-free core: the domain, the workshop file format, merge and report."""
