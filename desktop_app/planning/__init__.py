"""Planning ahead of the queue: expected arrivals, predicted waits, lane and staff advice.

No Qt here.  The parts, each usable alone:

* ``inputs``: what the post knew at a moment (``Record.known_at``), the one
  place that keeps the future out of a plan and of the backtest;
* ``arrivals``: expected arrivals per 15 minutes by lane group and category,
  from forecasts (HQ's included) and from history (same weekday and time over
  recent weeks, holidays, the port's calendar), as scenarios whose spread is
  the uncertainty;
* ``service``: service times measured per lane group and lane kind;
* ``queueing``: predicted P50/P90 waits per 15 minutes for a lane plan (a
  fluid queue per scenario plus Erlang C for the randomness within it);
* ``advice``: the fewest lanes (and officers) that keep the predicted P90
  under the limit, as concrete lines with lead time;
* ``plan``: all of it for a desk at its clock's time; ``backtest``: replays
  past days as if live.
"""
