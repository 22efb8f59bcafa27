"""Qt table models (Vorta style: named column constants, a sort role, ``set_rows``)."""
