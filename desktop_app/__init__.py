"""Checkpoint Desk application core: services, rules, queries. Never imports Qt."""

from desktop_app.version import __version__

__all__ = ["__version__"]
