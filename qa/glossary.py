"""UK health and care terms and acronyms that name the same thing: applied to lexical search."""

from __future__ import annotations

import re

# Each row names one thing. A question that uses any form also searches the others.
GLOSSARY: tuple[tuple[str, ...], ...] = (
    ("ICS", "ICSs", "integrated care system", "integrated care systems"),
    ("ICB", "ICBs", "integrated care board", "integrated care boards"),
    ("HEE", "Health Education England"),
    ("DHSC", "Department of Health and Social Care", "Department of Health"),
    ("CQC", "Care Quality Commission"),
    ("RCN", "Royal College of Nursing", "nursing union"),
    ("RCGP", "Royal College of GPs", "Royal College of General Practitioners"),
    ("QNI", "Queen's Nursing Institute", "Queen’s Nursing Institute"),
    ("ADASS", "Association of Directors of Adult Social Services"),
    (
        "CWDC",
        "Children's Workforce Development Council",
        "Children’s Workforce Development Council",
    ),
    ("NCF", "National Care Forum"),
    ("MDT", "MDTs", "multidisciplinary team", "multidisciplinary teams", "multi-disciplinary team"),
    ("bed blocking", "delayed discharge", "delayed transfers of care"),
    ("care home", "care homes", "registered care", "residential care"),
    ("GP", "GPs", "general practitioner", "general practitioners", "general practice"),
    ("Lords", "House of Lords", "peers"),
)

_FORMS = [
    (re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE), row)
    for row in GLOSSARY
    for form in row
]


def expansions(question: str) -> list[str]:
    """The other forms of every glossary term the question uses (each row at most once)."""
    out: list[str] = []
    seen: set[int] = set()
    for pattern, row in _FORMS:
        if id(row) in seen or not pattern.search(question):
            continue
        seen.add(id(row))
        out.extend(f for f in row if not re.search(rf"(?<!\w){re.escape(f)}(?!\w)", question, re.I))
    return out
