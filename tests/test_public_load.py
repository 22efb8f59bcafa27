"""A thousand clients polling the public feed at once: every one answered, HQ still up.

Bounded by numbers, not time: 1,000 clients, each from a loopback address of
its own (so the rate limit sees a thousand clients), each asking 3 times in
a row, against HQ run for real; every answer must be 200, nothing may fail,
and HQ must still answer its own ping afterwards.  The figures (requests/s,
p99) are measured by bench/bench_public_feed.py, never here.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import uvloop

from bench.loadgen import run
from hq.migrate import upgrade
from hq.store import hq_engine
from hq.testing import HQServer


def test_a_thousand_clients_polling_at_once_are_all_answered(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    engine = hq_engine(url)
    upgrade(engine)
    engine.dispose()
    with HQServer(url, log=tmp_path / "hq.log") as server:
        result = uvloop.run(
            run("127.0.0.1", server.port, "/public/v1/ports", clients=1000, count=3)
        )
        assert result.errors == {}
        assert result.statuses == {200: 3000}
        assert httpx.get(server.url + "/v1/ping", timeout=30).status_code == 200
        # The same client asking far faster than the limit is refused, others are not.
        hammer = uvloop.run(  # from an address none of the thousand used
            run(
                "127.0.0.1",
                server.port,
                "/public/v1/ports",
                clients=1,
                count=200,
                first_client=1000,
            )
        )
        assert hammer.statuses[429] > 0 and hammer.statuses[200] >= 30
