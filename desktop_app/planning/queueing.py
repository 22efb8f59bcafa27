"""Predicted waits per 15 minutes for a lane plan: a fluid queue per scenario, plus Erlang C.

Why not a discrete-event simulation (simpy)?  A plan is 12 hours of four
lane groups, redone for every advice step and for every hour a backtest
replays; a simulation needs hundreds of replications for a stable P90 and
would not fit the 300 ms a plan may take.  The waves that matter here are
*groups* (a bus, a flight): their size and timing are the uncertainty, and
the scenarios of ``arrivals`` carry it.  Within a scenario:

* the **fluid** part: minute by minute, the backlog grows by the arrivals
  and shrinks by the open lanes' capacity (measured service times); a
  subject arriving behind a backlog ``Q`` waits ``Q / capacity`` (and, while
  the port is closed, until it opens);
* the **random** part: the waiting an M/M/c queue adds at the minute's load
  (Erlang C: P(W > x) = C(c, a) · exp(-(cμ - λ) x)), with Allen-Cunneen's
  correction for service times less variable than exponential.

A quarter-hour's P50/P90 are the quantiles of the mixture over its
arrivals, in every scenario.  With constant load and no backlog this is
Erlang C exactly (the tests check it against the closed form and a
simulation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

# Load above this is a backlog the fluid part carries; Erlang's formula is kept finite.
MAX_RHO = 0.9


@lru_cache(maxsize=4096)
def erlang_c(servers: int, offered: float) -> float:
    """Probability an arrival waits in M/M/c (``offered`` = λ/μ in Erlangs, < servers)."""
    if servers <= 0:
        return 1.0
    if offered <= 0:
        return 0.0
    rho = offered / servers
    if rho >= 1:
        return 1.0
    # Erlang B by its stable recursion, then C from B.
    b = 1.0
    for k in range(1, servers + 1):
        b = offered * b / (k + offered * b)
    return b / (1 - rho * (1 - b))


def erlang_c_wait_quantile(servers: int, lam: float, mu: float, q: float) -> float:
    """The q-quantile of the M/M/c wait (closed form; 0 when fewer than 1-q wait)."""
    c = erlang_c(servers, lam / mu)
    tail = 1 - q
    if c <= tail:
        return 0.0
    return math.log(c / tail) / (servers * mu - lam)


@dataclass(frozen=True)
class Lanes:
    """A lane plan for one group, per minute: servers open and their capacity."""

    servers: list[int]  # lanes open each minute
    per_lane: float  # subjects a lane clears per minute (1 / mean service)
    scv: float  # service times' squared coefficient of variation
    closed: list[bool]  # the port is closed that minute (its calendar)

    def capacity(self, minute: int) -> float:
        return 0.0 if self.closed[minute] else self.servers[minute] * self.per_lane


@dataclass(frozen=True)
class Reaction:
    """The floor's answer to a long queue (``response``), played inside each scenario.

    Once a subject would wait more than ``after_min``, one more lane opens
    ``delay_min`` later (no more than ``most`` in all); the lanes so opened
    close again after ``idle_min`` without a queue.
    """

    after_min: float
    delay_min: int
    most: int
    idle_min: int


Terms = dict[tuple[float, float, float], float]  # (fluid min, Erlang C, θ) -> arrivals


@dataclass(frozen=True)
class BinWait:
    p50_s: float
    p90_s: float
    arrivals: float  # expected arrivals behind the figures
    backlog: float  # mean backlog at the bin's end, over the scenarios
    # The mixture behind the figures (for quantiles over several bins: ``merged``).
    terms: Terms = field(default_factory=dict, repr=False, compare=False)


def merged(bins: list[BinWait], q: float) -> float:
    """The q-quantile wait (seconds) of everyone arriving in these bins together."""
    terms: Terms = {}
    for w in bins:
        for key, weight in w.terms.items():
            terms[key] = terms.get(key, 0.0) + weight
    weight = sum(terms.values())
    return _quantile(terms, weight, q) * 60 if weight > 0 else 0.0


def predict(
    scenarios: list[list[float]],
    lanes: Lanes,
    *,
    backlog: float = 0.0,
    first_minute: int = 0,
    bins: int | None = None,
    random_rate: list[float] | None = None,
    react: Reaction | None = None,
) -> list[BinWait]:
    """P50/P90 waits per 15 minutes of the subjects arriving then.

    ``scenarios``: arrivals per minute (each the same length); ``backlog``:
    subjects already waiting at ``first_minute``; ``random_rate``: the part of
    the arrivals per minute that comes at random (walk-ins; default: all).
    A forecast group's trickle is its scenarios' business, not Erlang's: only
    the random share of a quarter-hour's arrivals gets the random part.
    ``react``: lanes opened for a long queue as the post does (else the plan's
    lanes alone).
    """
    minutes = len(scenarios[0]) if scenarios else len(lanes.servers)
    nbins = bins if bins is not None else minutes // 15
    factor = (1.0 + lanes.scv) / 2  # Allen-Cunneen, Poisson arrivals
    # Minutes until the port opens again, for a queue waiting at a closed gate.
    until_open = [0] * (minutes + 1)
    for m in range(minutes - 1, -1, -1):
        until_open[m] = until_open[m + 1] + 1 if lanes.closed[m] else 0
    terms: list[Terms] = [{} for _ in range(nbins)]
    ends = [0.0] * nbins
    mu = lanes.per_lane
    # Erlang's load is the arrival rate over a window of several services (at least a
    # quarter-hour): a single bus or train is a burst the fluid part carries, not a
    # steady load; and no transient wait lasts longer than that window on average.
    window = max(15, int(3 / mu) if mu > 0 else 15)
    caps = [lanes.capacity(m) for m in range(minutes)]
    random_prefix = None
    if random_rate is not None:
        random_prefix = [0.0]
        for a in random_rate:
            random_prefix.append(random_prefix[-1] + a)
    # Scenarios often repeat (a queue no forecast group joins has one): each once, weighted.
    runs: dict[tuple[float, ...], int] = {}
    for scenario in scenarios:
        key = tuple(scenario)
        runs[key] = runs.get(key, 0) + 1
    for arrivals, times in runs.items():
        prefix = [0.0]
        for a in arrivals:
            prefix.append(prefix[-1] + a)
        q = backlog
        extra = 0  # lanes the reaction opened in this scenario
        due = -1  # the minute the next one opens (-1: none coming)
        idle = 0
        for b in range(nbins):
            lo = b * 15
            hi = min(lo + 15, minutes)
            w_lo, w_hi = max(0, lo + 7 - window // 2), min(minutes, lo + 8 + window // 2)
            load = (prefix[w_hi] - prefix[w_lo]) / max(w_hi - w_lo, 1)
            share = 1.0
            if random_prefix is not None:
                total = prefix[w_hi] - prefix[w_lo]
                walk_ins = random_prefix[w_hi] - random_prefix[w_lo]
                share = min(1.0, walk_ins / total) if total > 0 else 0.0
            random_part: dict[int, tuple[float, float]] = {}
            bin_terms = terms[b]
            for m in range(max(lo, first_minute), hi):
                a = arrivals[m]
                cap = caps[m]
                servers = lanes.servers[m]
                if react is not None:
                    if m == due:
                        extra, due = extra + 1, -1
                    if extra:
                        servers = min(servers + extra, max(react.most, servers))
                        cap = 0.0 if lanes.closed[m] else servers * mu
                if a > 0:
                    # A group's subjects arrive one by one: the k-th of a minute finds
                    # k-1 before it (walk-ins' randomness is Erlang's part).
                    burst = a - random_rate[m] if random_rate is not None else 0.0
                    ahead = q + (burst - 1.0) / 2 if burst > 1.0 else q
                    if cap > 0:
                        fluid = ahead / cap
                        found = random_part.get(servers)
                        if found is None:
                            offered = min(load / mu, MAX_RHO * servers)
                            c = round(share * erlang_c(servers, round(offered, 2)), 3)
                            # A burst is not a steady state: randomness within a window of
                            # N arrivals queues at most about N/2 of them.
                            bound = servers * mu / (0.5 * load * window + 1.0)
                            theta = max((servers - offered) * mu / factor, bound)
                            found = random_part[servers] = (c, round(theta, 4))
                        key = (round(fluid, 1), *found)
                        if (
                            react is not None
                            and due < 0
                            and fluid > react.after_min
                            and servers < react.most
                        ):
                            due = m + react.delay_min
                    else:
                        nxt = m + until_open[m]
                        open_cap = caps[nxt] if nxt < minutes else 0.0
                        fluid = until_open[m] + (ahead / open_cap if open_cap > 0 else 60.0)
                        key = (round(fluid, 1), 0.0, 1.0)
                    bin_terms[key] = bin_terms.get(key, 0.0) + a * times
                    q = q + a - cap
                elif q > 0:
                    q -= cap
                elif not extra:
                    continue
                if q < 0:
                    q = 0.0
                if react is not None:
                    idle = 0 if q > 0 else idle + 1
                    if extra and idle >= react.idle_min:
                        extra, idle = 0, 0
            ends[b] += q * times
    out = []
    n = max(len(scenarios), 1)
    for b in range(nbins):
        weight = sum(terms[b].values())
        if weight <= 0:
            out.append(BinWait(0.0, 0.0, 0.0, ends[b] / n))
            continue
        p50 = _quantile(terms[b], weight, 0.5)
        p90 = _quantile(terms[b], weight, 0.9)
        out.append(BinWait(p50 * 60, p90 * 60, weight / n, ends[b] / n, terms[b]))
    return out


def _quantile(terms: Terms, weight: float, q: float) -> float:
    """The q-quantile (minutes) of a mixture of shifted Erlang waits, by bisection."""
    tail = 1 - q
    items = list(terms.items())

    def exceeds(x: float) -> float:
        total = 0.0
        for (fluid, c, theta), w in items:
            if x < fluid:
                total += w
            elif c > 0:
                total += w * c * math.exp(-theta * (x - fluid))
        return total / weight

    lo = 0.0
    if exceeds(0.0) <= tail:
        return 0.0
    hi = max(fluid for (fluid, _, _), _ in items) + 1.0
    while exceeds(hi) > tail:
        hi *= 2
    for _ in range(30):
        mid = (lo + hi) / 2
        if exceeds(mid) > tail:
            lo = mid
        else:
            hi = mid
        if hi - lo < 0.05:
            break
    return (lo + hi) / 2
