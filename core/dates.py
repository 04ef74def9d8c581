"""ISO dates as the product accepts them: YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits."""

from __future__ import annotations

import datetime as dt
import re

FORMS = "YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits (e.g. 2023, 2023-04 or 2023-04-04)"
# [0-9], not \d: \d also matches full-width and other scripts' digits, which no stored date uses.
_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def is_iso_date(value: object) -> bool:
    """A real calendar year, month or day written in one of FORMS; nothing looser ("2023-4")."""
    if not isinstance(value, str):
        return False
    m = _ISO.fullmatch(value)
    if m is None:
        return False
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
