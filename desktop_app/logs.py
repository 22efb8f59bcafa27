"""Where the desk and HQ write down what happened: a rotating file under their data folder.

The frozen Windows app has no console, so the log file is the only trace an
unexpected error leaves: ``configure`` sends every record of the process
there (``DATA_DIR/logs/checkpoint-desk.log``, HQ's ``checkpoint-hq.log``; five
files of 1 MiB), and warnings and errors to stderr when there is one
(``--verbose``: everything from INFO).  It also installs the hooks that log
an exception nobody caught, on the main thread or any other (the sync
runner, the task manager's workers), before the process goes on or ends.

A command that fails with a clear one-line message logs the details with
``FILE_ONLY``: into the file, not onto the console under that line.
"""

from __future__ import annotations

import logging
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_FOLDER = "logs"
MAX_BYTES = 1024 * 1024
KEEP = 5  # rotated files kept beside the current one
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
# ``log.error(..., extra=FILE_ONLY)``: the record goes to the log file only.
FILE_ONLY = {"file_only": True}

log = logging.getLogger("checkpoint")


# The names of the handlers ``configure`` installs: a second call replaces them.
HANDLER_PREFIX = "checkpoint-"


class _NotFileOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (a test may have swapped it)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def log_file(folder: Path, name: str) -> Path:
    return folder / LOG_FOLDER / f"{name}.log"


def configure(
    name: str, folder: Path | None, *, level: int = logging.INFO, console: int = logging.WARNING
) -> Path | None:
    """Log this process to ``folder/logs/NAME.log`` (rotating) and to stderr; hook exceptions.

    ``level``: what the file gets; ``console``: what stderr gets (a command's
    ``--verbose`` lowers it to INFO).  Returns the log file, or None when there
    is no folder or it cannot be written (a read-only data folder): then
    stderr only, and the command itself reports what is wrong.  Calling it
    again replaces what it set up.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if (h.get_name() or "").startswith(HANDLER_PREFIX)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(min(level, console))
    formatter = logging.Formatter(FORMAT)
    if sys.stderr is not None:  # None in the frozen Windows app (no console)
        stderr = _Stderr()
        stderr.set_name(HANDLER_PREFIX + "console")
        stderr.setLevel(console)
        stderr.setFormatter(formatter)
        stderr.addFilter(_NotFileOnly())
        root.addHandler(stderr)
    path = None
    if folder is not None:
        path = log_file(folder, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8"
            )
        except OSError as error:
            log.info("no log file: cannot write %s (%s)", path, error)  # the command says why
            path = None
        else:
            handler.set_name(HANDLER_PREFIX + "file")
            handler.setLevel(level)
            handler.setFormatter(formatter)
            root.addHandler(handler)
    _install_hooks()
    return path


def _log_uncaught(
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    where: str = "",
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.critical("uncaught exception%s", where, exc_info=(kind, error, tb))


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or isinstance(args.exc_value, SystemExit):
        return
    name = args.thread.name if args.thread is not None else "?"
    _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback, f" in thread {name}")


def _install_hooks() -> None:
    sys.excepthook = _log_uncaught
    threading.excepthook = _thread_hook
