"""Parallel Parliament's page of one written question sets the portrait's words on a line of their
own ("Gillian Keegan Portrait"), the name and office under it, where hansard.parliament.uk runs
them into one line ("Lord Hunt of Kings Heath Portrait Lord Hunt of Kings Heath (Lab)").

Fixture: a Commons written question of 21 September 2021 as Parallel Parliament shows it
(parliamentary copyright, Open Parliament Licence v3.0).
"""

from __future__ import annotations

from pathlib import Path

from ingest.hansard import read_label
from ingest.load import RawFile
from ingest.understand import understand
from tests.test_parliament import contributions

HERE = Path(__file__).resolve().parent / "parliament"


def test_the_portrait_line_alone_names_the_minister_who_answers():
    name = "pp-written-question-portrait-alone-2021.txt"
    text = (HERE / name).read_text(encoding="utf-8")
    d = understand(RawFile(name, text, "0" * 64)).document
    assert contributions(d) == [
        (None, "question", "To ask the Secretary"),
        ("Gillian Keegan", "minister", "Over the next three"),
    ]


def test_a_peers_portrait_line_names_the_peer_not_the_portrait():
    label = read_label("Baroness Bloomfield of Hinton Waldrist Portrait")
    assert label is not None and label.speaker == "Baroness Bloomfield of Hinton Waldrist"
