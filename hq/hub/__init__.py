"""A post's hub: the HQ service in a post role (PROTOCOL.md, "Hubs"; docs/hub.md).

The desks of one port sync with their hub over the post's LAN exactly as
they would with HQ; the hub relays their batches up to HQ when it answers
(``relay``), and brings HQ's changes for the port down (``downlink``), in
a background loop (``runner``).  Its link to HQ is ``link``; what it keeps
of that link (credential, cursors, last contact) is ``state``.
"""
