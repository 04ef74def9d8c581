"""bench/realworld.py: its scoring rules, and a run over a tiny real-world-like folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.realworld import (
    furniture,
    is_fragment,
    judge_file,
    main,
    match_contributions,
    publisher_right,
    title_right,
)

ROOT = Path(__file__).resolve().parent.parent


def test_furniture_lines_by_cleaner_rules_and_site_markers() -> None:
    assert furniture("Skip to main content")
    assert furniture("Baroness Wheeler Portrait Baroness Wheeler (Lab)")
    assert furniture("- Hansard - - - Excerpts")
    assert furniture("Find out more about our work")  # a cleaner rule
    assert furniture("Upload: others / 2 views")
    assert not furniture("The portrait of care homes painted by the report is bleak.")
    assert not furniture("My Lords, I beg to move that this Bill be now read a second time.")


def test_fragments() -> None:
    assert is_fragment("University of Leeds: Faculty of", "Medicine")
    assert is_fragment("and the council agreed to pay.", "")
    assert is_fragment("the number of beds occupied by people who", "are fit to leave")
    assert is_fragment("Most patients admitted to hospital return home", "but some need care")
    assert not is_fragment("Most patients admitted to hospital return home.", "But some do not")
    assert not is_fragment("Delayed discharges", "Hospitals are at capacity.")


def test_title_and_publisher_matching() -> None:
    gold = {"title": "Delayed discharge: 'It’s not just about the money'", "title_alternatives": []}
    assert title_right("Delayed  discharge: ‘It's not just about the money’", gold)
    assert not title_right("Skip to content", gold)
    assert not title_right(None, gold)
    assert publisher_right("Nuffield Trust", "Nuffield Trust")
    assert publisher_right("UK Parliament", "UK Parliament (Hansard)")
    assert not publisher_right("The King's Fund", "Nuffield Trust")


def test_contributions_matched_by_first_words() -> None:
    gold = [
        {"speaker": "Baroness A", "role": "question", "first_words": "To ask His Majesty's"},
        {"speaker": None, "role": "minister", "first_words": "My  Lords, we have"},
        {"speaker": "Lord C", "role": "member", "first_words": "Not in the index"},
    ]
    doc = {
        "doc_id": "d",
        "contributions": [
            {"speaker": "Baroness A", "role": "question", "first_words": "To ask His Majesty’s"},
            {"speaker": "Lord B", "role": "member", "first_words": "my lords, we have"},
        ],
    }
    got = match_contributions(gold, [doc])
    assert [c["found"] for c in got] == [True, True, False]
    assert [c["speaker_right"] for c in got] == [True, False, False]
    assert [c["role_right"] for c in got] == [True, False, False]


def test_gold_first_words_longer_than_the_products_eight_are_compared_on_eight() -> None:
    gold = [
        {
            "speaker": "Mr A",
            "role": "member",
            "first_words": "As ever, it is a pleasure to serve under",
        }
    ]
    doc = {
        "doc_id": "d",
        "contributions": [
            {
                "speaker": "Mr A",
                "role": "member",
                "first_words": "As ever, it is a pleasure to serve",
            }
        ],
    }
    assert match_contributions(gold, [doc])[0]["found"]


def test_a_split_day_file_is_judged_document_by_document() -> None:
    gold = {
        "file": "day.xml",
        "title": "Lords, Monday",
        "date": "2009-10-26",
        "kind": "debate",
        "publisher": None,
        "contributions": [
            {"speaker": "A", "role": "question", "first_words": "x y", "section": "Health: TB"},
            {"speaker": "B", "role": "question", "first_words": "z w", "section": "Autism"},
        ],
    }

    def doc(doc_id: str, title: str, words: str) -> dict:
        c = {"speaker": words[0].upper(), "role": "question", "first_words": words}
        return {
            "doc_id": doc_id,
            "title": title,
            "date": "2009-10-26",
            "kind": "debate",
            "publisher": None,
            "contributions": [c],
        }

    judged = judge_file(gold, [doc("d1", "Health: TB", "x y"), doc("d2", "Autism", "z w")], None)
    assert judged["title_right"] and judged["date_right"] and judged["kind_right"]
    wrong = judge_file(gold, [doc("d1", "Privy Council", "x y"), doc("d2", "Autism", "z w")], None)
    assert not wrong["title_right"]


def test_absent_folder_exits_2_with_a_message(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "realworld.py"), str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 2
    assert "not found" in run.stderr and "pass its folder" in run.stderr


DEBATE = """Care Workers: Pay
To ask His Majesty's Government what plans they have to raise the pay of care workers.
My Lords, the Government will introduce a fair pay agreement for adult social care workers.
"""
ARTICLE = """Skip to main content
Hospital discharge in winter
Delayed discharges rose by a third over the winter, the trust said.
Most patients go home without extra support.
"""


def test_run_on_a_tiny_folder(tmp_path: Path) -> None:
    data = tmp_path / "rw"
    (data / "corpus").mkdir(parents=True)
    (data / "corpus" / "care-pay.txt").write_text(DEBATE)
    (data / "corpus" / "discharge.txt").write_text(ARTICLE)
    gold = [
        {
            "file": "care-pay.txt",
            "title": "Care Workers: Pay",
            "date": None,
            "kind": "debate",
            "publisher": None,
            "contributions": [
                {
                    "speaker": None,
                    "role": "question",
                    "first_words": "To ask His Majesty's Government what plans they",
                }
            ],
        },
        {
            "file": "discharge.txt",
            "title": "Hospital discharge in winter",
            "date": None,
            "kind": "article",
            "publisher": "A Trust",
        },
    ]
    (data / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    questions = [
        {
            "q": "What will the Government introduce for adult social care workers?",
            "expect_any": ["fair pay agreement"],
            "answer_any": ["fair pay agreement"],
            "kind": "answerable",
        },
        {"q": "What is the boiling point of ethanol?", "kind": "unanswerable"},
    ]
    (data / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions))
    out = tmp_path / "realworld.json"
    assert main([str(data), "--index", str(tmp_path / "index"), "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    s = result["summary"]
    assert s["metadata"]["files"] == 2 and s["metadata"]["files_indexed"] == 2
    assert s["metadata"]["title"] == 1.0 and s["metadata"]["kind"] == 1.0
    assert s["metadata"]["date"] == 1.0 and s["metadata"]["publisher"] == 0.5
    assert s["metadata"]["contributions_found"] == 1.0
    assert s["text"]["files_refused"] == 0 and s["text"]["furniture_lines_left"] == 0
    assert s["questions"]["top5"] == 1.0 and s["questions"]["unanswerable"] == 1
    assert not Path(result["data"]).is_absolute() and not Path(result["index"]).is_absolute()
    assert "fair pay" not in out.read_text()  # verdicts only, no text of the documents


def test_a_who_question_hits_on_the_speaker_a_citation_names() -> None:
    from bench.realworld import judge_question

    q = {"q": "Who asked?", "kind": "answerable", "expect_any": ["Baroness Wheeler"]}
    q["answer_any"] = ["Baroness Wheeler"]
    answer = {"abstained": False, "answer": "Baroness Wheeler asked: My Lords, ... [1]"}
    got = judge_question(q, ["My Lords, this report ..."], answer, ["Baroness Wheeler"])
    assert got["in_top5"] is False and got["in_top5_with_speaker"] is True
    assert got["fact_in_answer"] is True


def test_an_unanswerable_question_shown_as_not_answered_directly_is_not_counted_answered() -> None:
    from bench.realworld import judge_question

    q = {"q": "What is the waiting time in Wales?", "kind": "unanswerable"}
    closest = {"abstained": False, "direct": False, "answer": "The corpus does not answer ..."}
    presented = {"abstained": False, "direct": True, "answer": "It is six weeks [1]"}
    assert judge_question(q, [], closest)["right"] is True
    assert judge_question(q, [], presented)["right"] is False
    assert judge_question(q, [], presented)["direct"] is True
