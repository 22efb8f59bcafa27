"""Write a year at a busy post for bench/bench_year.py (see ``desktop_app.demo_year``).

    python bench/gen_year.py --dir /tmp/year [--days 365] [--scale 7] [--port TRG]

The defaults give about 3.2M clearance events at Torugart's day port, seven
times the demo's traffic; it takes a few minutes (the template week is
written through the services, the rest in bulk).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.demo_year import DEFAULT_PORT, DEFAULT_SCALE, generate_year  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="a new data directory")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--scale", type=int, default=DEFAULT_SCALE)
    parser.add_argument("--port", default=DEFAULT_PORT)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if (args.dir / "desk.sqlite3").exists():
        parser.error(f"{args.dir} already holds a post; give a new directory")
    started = time.perf_counter()
    year = generate_year(args.dir, port=args.port, days=args.days, scale=args.scale, seed=args.seed)
    print(
        f"{year.port}: {year.days} days ({year.copies} copies of a {year.days // (year.copies + 1)}"
        f"-day template), {year.clearance_events:,} clearance events, {year.outbox:,} outbox"
        f" entries, {year.bytes / 1e6:,.0f} MB ({year.bytes / year.clearance_events:.0f} bytes"
        f" per event) in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
