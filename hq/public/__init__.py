"""The public feed, page and hall board (``/public``): read-only, anonymous, aggregates only."""
