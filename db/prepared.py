"""Statements compiled once and run on the driver's cursor, for the clearance hot path.

Works with positional (SQLite) and named (psycopg) parameter styles.

SQLAlchemy builds and compiles the SQL and supplies each column type's bind
and result processors; what this skips is the per-call execution machinery
(cache-key generation, execution context, result objects), which costs several
times what SQLite spends on the same statement.  It runs inside the caller's
SQLAlchemy transaction, on the same connection.  Use it only where a benchmark
shows the need (see bench/bench_clearance_write.py); everything else goes
through the ORM or Core as usual.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Select

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    binds: tuple[Processor, ...]
    constants: dict[str, Any]  # values written into the statement itself
    positional: bool  # qmark/format (SQLite) or named/pyformat (psycopg)
    results: tuple[Processor, ...]
    row: Any  # a namedtuple class of the selected columns (None: not a SELECT)


def _row_class(names: list[str]) -> Any:
    """A namedtuple class for a statement's columns (known only at run time)."""
    return namedtuple("Row", names)  # type: ignore[misc]


class Prepared:
    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self._by_dialect.get(dialect.name)
        if compiled is not None:
            return compiled
        c = self.statement.compile(dialect=dialect)
        assert isinstance(c, SQLCompiler)
        names = tuple(c.positiontup or ()) if c.positional else tuple(c.binds)
        binds = tuple(c.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)
        constants = {n: c.binds[n].effective_value for n in names if not c.binds[n].required}
        results: tuple[Processor, ...] = ()
        row: Any = None
        if isinstance(self.statement, Select):
            columns = list(self.statement.selected_columns)
            results = tuple(
                col.type.dialect_impl(dialect).result_processor(dialect, None) for col in columns
            )
            row = _row_class([str(col.key) for col in columns])
        compiled = _Compiled(str(c), names, binds, constants, c.positional, results, row)
        self._by_dialect[dialect.name] = compiled
        return compiled

    def _params(self, compiled: _Compiled, params: Mapping[str, Any]) -> Any:
        if compiled.constants:
            params = {**compiled.constants, **params}
        values = [
            process(params[name]) if process else params[name]
            for name, process in zip(compiled.names, compiled.binds, strict=True)
        ]
        return values if compiled.positional else dict(zip(compiled.names, values, strict=True))

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> None:
        compiled = self._compile(conn.dialect)
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, self._params(compiled, params))
        finally:
            cursor.close()

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[Any]:
        """Result rows as named tuples (attribute access and ``_asdict()``, like Core rows)."""
        compiled = self._compile(conn.dialect)
        assert compiled.row is not None, "rows() needs a SELECT"
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            raw: Sequence[Sequence[Any]] = cursor.execute(
                compiled.sql, self._params(compiled, params)
            ).fetchall()
        finally:
            cursor.close()
        make = compiled.row._make
        return [
            make(
                process(value) if process else value
                for process, value in zip(compiled.results, row, strict=True)
            )
            for row in raw
        ]
