"""How figures are rounded for people: half up (四舍五入), the rule readers expect.

Python's own formatting (``f"{x:.1f}"``, ``round``) rounds half to even on the
binary value, so 2.25 minutes prints as "2.2" where a reader rounding by hand
writes "2.3".  Every figure on the screens, in ``stats`` and on paper goes
through here; the reports state the rule on the page.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

RULE_ZH = "四舍五入"
RULE_EN = "rounded half up"


def half_up(value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, a half rounded away from zero; never "-0.0".

    The float's shortest decimal form (``repr``) is what is rounded: 0.35
    is 0.35 to a reader, not the binary 0.34999….
    """
    exact = Decimal(repr(float(value)))
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # a few seconds early is not "minus zero"
    return f"{rounded:.{digits}f}"


def minutes(seconds: float | None, dash: str = "–") -> str:
    """Seconds as minutes with one decimal (the unit of the 30-minute target)."""
    return dash if seconds is None else half_up(seconds / 60, 1)


def percent(share: float | None, dash: str = "–", digits: int = 1) -> str:
    """A share 0..1 as a percentage, e.g. "87.5%"."""
    return dash if share is None else f"{half_up(share * 100, digits)}%"
