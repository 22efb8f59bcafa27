"""What a post and HQ share about sync: messages, the wire codec, merge rules, signing, bundles.

Both ends import this package; neither imports the other's side (the desk's
client and runner live in ``desktop_app.sync``, HQ's service in ``hq``).  It
depends on ``db`` (the schema the codec reads) and on nothing of the desk.
"""
