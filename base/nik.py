"""What a structurally valid NIK looks like: the loader checks it, the demo writes it.

Both need the same province codes and month lengths, and the demo generator must import nothing
of the loader, so the facts live here, below both.
"""

from __future__ import annotations

# Province codes of Kemendagri (38 provinces), the first two digits of a valid NIK.
PROVINCE_CODES = [
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
    "21",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "51",
    "52",
    "53",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "72",
    "73",
    "74",
    "75",
    "76",
    "81",
    "82",
    "91",
    "92",
    "93",
    "94",
    "95",
    "96",
]

# Days per month with 29 February allowed: a NIK carries no birth year to check leap years.
DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
