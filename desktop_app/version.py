"""The one place the version lives (About box, report footer, sync handshake, build)."""

__version__ = "0.1.0"
