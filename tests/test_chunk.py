"""Chunking by tiktoken tokens at sentence boundaries, within the model's own limit."""

from __future__ import annotations

import re

from core import embedder, tokens
from core.sentences import sentence_spans
from ingest.chunk import pack, split_long


def count(text: str) -> int:
    return tokens.count_tokens(text)


def test_sentences_have_tight_offsets_and_respect_abbreviations():
    text = "Dr. Oldman welcomed it. The U.K. plan is due.\nA heading\nLast one."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Dr. Oldman welcomed it.",
        "The U.K. plan is due.",
        "A heading",
        "Last one.",
    ]


def test_pack_covers_every_sentence_within_budget():
    text = " ".join(f"Sentence number {i} is about integrated care systems." for i in range(60))
    packed = pack(text, 0, len(text), count, 40)
    assert len(packed) > 1
    for (a, b), sentences in packed:
        assert count(text[a:b]) <= 40
        assert (sentences[0][0], sentences[-1][1]) == (a, b)
    all_sentences = [s for _, ss in packed for s in ss]
    assert all_sentences == sentence_spans(text)


def test_a_sentence_longer_than_the_budget_is_cut_at_spaces():
    text = "word " * 300
    pieces = split_long(text, (0, len(text.rstrip())), count, 50)
    assert len(pieces) > 1
    assert all(count(text[a:b]) <= 50 for a, b in pieces)
    assert all(not text[a:b].startswith(" ") for a, b in pieces)
    assert "".join(text[a:b] for a, b in pieces).replace(" ", "") == text.replace(" ", "")


def test_no_chunk_exceeds_the_models_own_max_seq_length(engine):
    """The embedding model silently drops wordpieces past max_seq_length: prove none are lost."""
    model = embedder.load()  # ingest's model (the engine embeds questions only)
    for chunk in engine.index.chunks:
        assert model.token_count(chunk.embed_text) <= model.max_seq_length, chunk.chunk_id
        assert tokens.count_tokens(chunk.text) <= engine.index.manifest["chunker"]["max_tokens"]


def test_chunks_are_exact_slices_and_never_span_contributions(engine):
    for chunk in engine.index.chunks:
        doc = engine.index.documents[chunk.doc_id]
        assert doc.text[chunk.start : chunk.end] == chunk.text
        section = doc.sections[chunk.section]
        assert section.start <= chunk.start and chunk.end <= section.end
        for a, b in chunk.sentences:
            assert chunk.start <= a < b <= chunk.end


def test_an_over_long_line_is_split_on_its_own_and_the_rest_keeps_the_budget():
    """A Markdown table rule has many more wordpieces than tiktoken tokens: only the passages
    holding it are packed tighter, never the whole section."""
    from core.types import Document, Section
    from ingest.build import chunk_document
    from ingest.chunk import ChunkerSettings

    prose = " ".join(
        f"In region {i} the integrated care board reported longer waits for discharge to care "
        "homes than in the previous winter."
        for i in range(40)
    )
    rule = "|" + "---|" * 200
    text = f"{prose}\n\n{rule}\n\n{prose}"
    doc = Document("t", "t.md", text, "h", kind="report", sections=(Section(0, len(text)),))
    settings = ChunkerSettings()
    model = embedder.load()
    chunks = chunk_document(doc, settings, model)
    assert "".join(c.text for c in chunks if c.text.startswith("|---")).count("---|") == 200
    prose_sizes = [count(c.text) for c in chunks if "---|" not in c.text]
    assert max(prose_sizes) > settings.max_tokens // 2
    for c in chunks:
        assert model.token_count(c.text) <= model.max_seq_length


def test_a_markdown_table_row_is_one_sentence():
    text = "| North | 1,200 delays. Rising since 2021 |\n| South | 900 |\nDelays rose. They fell."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "| North | 1,200 delays. Rising since 2021 |",
        "| South | 900 |",
        "Delays rose.",
        "They fell.",
    ]


def test_a_papers_passages_carry_its_publisher_once_and_a_debates_do_not(engine):
    """Questions name a paper by who issued it ("NHS England's policy", "according to HEE"),
    which its cover states once: every passage of a paper carries it in its retrieval context;
    a debate's carry chamber and speaker instead, and a title naming the body is not repeated."""
    from core.types import Document, Section
    from ingest.build import context_for

    contexts = {c.doc_id: c.context for c in engine.index.chunks}
    newsletter = engine.index.documents["004_cbf5e1164febe16d"]
    assert newsletter.publisher == "Children’s Workforce Development Council"
    assert contexts[newsletter.doc_id] == f"{newsletter.title} ({newsletter.publisher})"
    debate = engine.index.documents["001_b5119bf216dad2f6"]
    assert all(
        c.context.startswith(f"{debate.title} (Lords debate)")
        for c in engine.index.chunks
        if c.doc_id == debate.doc_id
    )
    own = Document(
        "c",
        "c.docx",
        "Text.",
        "h",
        title="NHS Example Integrated Care Board Constitution",
        kind="report",
        publisher="NHS Example Integrated Care Board",
        sections=(Section(0, 5),),
    )
    assert context_for(own, 0) == own.title


# From NHS England, "Standard operating procedures: Individual funding requests" (2023),
# Open Government Licence v3.0.
SOP = (
    "5. Voting Rights\n\n"
    "IFR Panel members will seek to reach decisions by consensus where possible, but if a "
    "consensus cannot be achieved, decisions will be taken by a majority vote with each Panel "
    "member present having an equal vote.\n\n"
    "6. Quoracy\n\n"
    "The Panel will be quorate if three of the core members, plus the Chair, are present.\n\n"
    "The three core members should include the Medical Director (or nominated deputy) and one "
    "other clinical member.\n\n"
    "• IFR Panel members will be sent the papers in advance of the meeting."
)


def test_headings_are_found_and_bullets_and_sentences_are_not():
    from ingest.chunk import heading_runs, is_heading

    assert is_heading("6. Quoracy") and is_heading("Dosage and Administration")
    assert not is_heading("• History of pancreatitis")
    assert not is_heading("Reasons for decision made:")
    assert not is_heading("The Panel will be quorate if three of the core members are present.")
    runs = heading_runs(SOP, [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", SOP)])
    assert [SOP[a:b] for a, b in runs] == ["5. Voting Rights", "6. Quoracy"]
    # An ICB constitution (NHS Cambridgeshire and Peterborough ICB, 2025): the items of a
    # list after its lead-in are short lines, not headings.
    listed = (
        "The Partner Member is jointly nominated by the local authorities:\n\n"
        "Cambridgeshire County Council\n\nPeterborough City Council\n\n"
        "The Partner Member will fulfil the eligibility criteria set out at 3.1."
    )
    assert (
        heading_runs(listed, [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", listed)]) == []
    )


def test_a_passage_stops_at_a_heading_and_one_going_on_under_it_carries_it():
    """A passage never runs on from one part of a paper into the next ("Voting Rights" into
    "Quoracy"), and a passage that continues a part carries the part's heading in its
    retrieval context (not in its text, which stays an exact slice)."""
    from core.types import Document, Section
    from ingest.build import chunk_document
    from ingest.chunk import ChunkerSettings

    doc = Document(
        "s", "s.pdf", SOP, "h", title="SOP", kind="report", sections=(Section(0, len(SOP)),)
    )
    chunks = chunk_document(doc, ChunkerSettings(max_tokens=30), embedder.load())
    assert all(c.text == SOP[c.start : c.end] for c in chunks)
    quoracy = SOP.index("6. Quoracy")
    assert not any(c.start < quoracy < c.end for c in chunks)
    assert {c.context for c in chunks if c.end <= quoracy} <= {
        "SOP",
        "SOP Under: 5. Voting Rights.",
    }
    after = [c for c in chunks if c.start >= quoracy]
    assert after[0].text.startswith("6. Quoracy") and after[0].context == "SOP"
    assert len(after) > 1
    assert [c.context for c in after[1:]] == ["SOP Under: 6. Quoracy."] * (len(after) - 1)
