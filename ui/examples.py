"""Example questions for the empty page: ones the bundled corpus answers, else from titles."""

from __future__ import annotations

from collections.abc import Mapping

from core.types import Document

# Each is shown only while the file that answers it is in the index.
EXAMPLES = (
    (
        "What induction is being introduced for all health and care staff?",
        "001_b5119bf216dad2f6.txt",
    ),
    ("Who will conduct the review of social care?", "001_b5119bf216dad2f6.txt"),
    ("What is the Care Certificate?", "002_3ffac66795bd7f1d.txt"),
    (
        "What share of NHS budgets should go to prevention according to the Hewitt Review?",
        "003_b60c2cd22ea21d0f.txt",
    ),
    ("What three principles transformed the children's sector?", "004_cbf5e1164febe16d.txt"),
)
FROM_TITLES = 4


def examples(documents: Mapping[str, Document]) -> list[str]:
    present = {d.source for d in documents.values()}
    chosen = [q for q, source in EXAMPLES if source in present]
    if chosen:
        return chosen
    titled = sorted((d.title for d in documents.values() if d.title), key=str.lower)
    return [f"What does “{t}” say?" for t in titled[:FROM_TITLES]]
