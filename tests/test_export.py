"""Briefing export: Markdown footnotes and Word footnotes carry every reference and quotation."""

from __future__ import annotations

import dataclasses
import html
import io
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from core.errors import InputError, MissingDependencyError
from qa import export
from qa.answer import Answer, Citation, Line

GENERATED = "2026-11-22T10:00:00+00:00"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
NOT_ANSWERED = (
    "The corpus does not answer this question: no passage in it addresses what was asked."
)


def cite(**given: object) -> Citation:
    """A Citation from the fields a briefing uses; any other required field (the contract
    grows) gets a neutral value, and passage offsets are computed when the field exists."""
    text, quote = str(given["text"]), str(given["quote"])
    derived: dict[str, object] = {
        "quote_start": text.index(quote),
        "quote_end": text.index(quote) + len(quote),
        "passage_quote_start": text.index(quote),
        "passage_quote_end": text.index(quote) + len(quote),
        "start": 0,
        "end": len(text),
    }
    values = {}
    for f in dataclasses.fields(Citation):
        if f.name in given:
            values[f.name] = given[f.name]
        elif f.name in derived:
            values[f.name] = derived[f.name]
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            kind = str(f.type)
            values[f.name] = (
                None if "None" in kind else 0 if kind == "int" else 0.0 if kind == "float" else ""
            )
    return Citation(**values)  # type: ignore[arg-type]


DEBATE = cite(
    n=1,
    chunk_id="007_debate:3",
    doc_id="007_debate",
    source="007_debate.txt",
    title="Adult Social Care: Workforce",
    kind="debate",
    date="2024-03-14",
    speaker="Baroness Merron",
    role="minister",
    chamber="Lords",
    contribution=4,
    contributions=12,
    score=0.91,
    text=(
        "My Lords, I thank the noble Baroness. We have been clear — and I repeat it today — "
        "that the “care certificate” is now a qualification in its own right. It will be "
        "portable between employers."
    ),
    quote=(
        "We have been clear — and I repeat it today — that the “care certificate” is now "
        "a qualification in its own right."
    ),
    reference=(
        "Lords Chamber, “Adult Social Care: Workforce”, contribution 4 of 12, Baroness Merron, "
        "minister, 2024-03-14, source file 007_debate.txt"
    ),
)
REPORT = cite(
    n=2,
    chunk_id="012_report:40",
    doc_id="012_report",
    source="012_report.pdf",
    title="Integrated care: the ‘one workforce’ approach",
    kind="report",
    date="2023-07-01",
    speaker=None,
    publisher="Department of Health and Social Care",
    page=17,
    score=0.74,
    text=(
        "Progress is uneven. Staff told us that ‘shared training’ — not structural change — "
        "made the biggest difference. Boards should act on this."
    ),
    quote=(
        "Staff told us that ‘shared training’ — not structural change — made the biggest "
        "difference."
    ),
    reference=(
        "Department of Health and Social Care, “Integrated care: the ‘one workforce’ approach”, "
        "page 17, 2023-07-01, source file 012_report.pdf"
    ),
)
HAND = Answer.of(
    "How is the “care certificate” being strengthened — and who says so?",
    (
        Line(DEBATE.quote, (1,), "Baroness Merron said: "),
        Line(REPORT.quote, (2,)),
        Line(REPORT.quote, (1, 2), "Both sources agree: "),
    ),
    (DEBATE, REPORT),
    "5da82448ad13",
)
ABSTAINED = Answer(
    question="What is the price of bananas on Mars?",
    answer=NOT_ANSWERED,
    abstained=True,
    citations=(),
    index_version="5da82448ad13",
)

# Sentences that open a Markdown block if written as they are.
TRICKY_SENTENCES = [
    "- 20% of posts are vacant — says the survey.",
    "1. Integrated care boards must publish a plan.",
    "2) Local authorities should do the same.",
    "# of nurses rose by 4,000.",
    "> 5,000 care workers left in 2023.",
    "* Starred items are provisional.",
    "+ An extra £1.2 billion was found.",
    "=== this line is not a heading underline",
    "--- nor is this a rule",
    "<div> is not HTML here, just text.",
    "```not a fence```",
    "| a | b | are not table cells",
    "[^9]: is not a footnote definition",
    "[a link](https://example.org) is text here",
    "    Indented text is not code.",
]
TRICKY_QUOTE = "A list follows:\n- first point\n\n3. third point\n# not a heading"


def tricky_answer() -> Answer:
    citations, lines = [], []
    for i, sentence in enumerate(TRICKY_SENTENCES, start=1):
        # as a quotation's continuation line, each sentence meets the same hazards
        quote = TRICKY_QUOTE if i == 1 else f"Item {i} reads:\n{sentence.strip()}"
        citations.append(
            cite(
                n=i,
                chunk_id=f"x:{i}",
                doc_id="x",
                source="x.txt",
                title="Tricky",
                kind="article",
                date=None,
                speaker=None,
                score=0.5,
                text=quote,
                quote=quote,
                reference=sentence.strip() if i > 1 else "- a reference starting with a dash",
            )
        )
        lines.append(Line(sentence, (i,)))
    return Answer.of("Does escaping work?", tuple(lines), tuple(citations), "v1")


# ------------------------------------------------------------------------------------------
# Checks shared by hand-built and real answers


def sentences_of(answer: Answer) -> list[str]:
    return [text for text, _ in export.answer_lines(answer)]


def check_markdown(answer: Answer, md: str) -> None:
    lines = md.splitlines()
    definitions = {
        int(m[1]): m[2] for line in lines if (m := re.match(r"^\[\^(\d+)\]: (.*)$", line))
    }
    used = {
        int(n)
        for line in lines
        if not re.match(r"^\[\^\d+\]:", line)
        for n in re.findall(r"\[\^(\d+)\]", line)
    }
    ns = {c.n for c in answer.citations}
    assert used == ns, "every citation is referenced in the answer"
    assert set(definitions) == ns, "every footnote used is defined, and only those"
    for c in answer.citations:
        assert definitions[c.n] == c.reference
        assert c.reference in md
        assert c.quote in md, f"quotation [{c.n}] verbatim"
        # the quotation sits under its own definition, indented so that it belongs to it
        at = lines.index(f"[^{c.n}]: {c.reference}")
        assert lines[at + 1] == ""
        assert lines[at + 2] == f"    > “{c.quote}”"
    assert md.index("## References") > md.index("## Answer")
    assert lines[0] == f"# Briefing: {' '.join(answer.question.split())}"
    assert f"*Index version {answer.index_version} · generated {GENERATED}*" in md


def docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def word_text(paragraph: etree._Element) -> str:
    """A w:p's text as Word shows it: w:br a newline, w:tab a tab."""
    out = []
    for el in paragraph.iter(f"{W}t", f"{W}br", f"{W}tab"):
        out.append(el.text or "" if el.tag == f"{W}t" else "\n" if el.tag == f"{W}br" else "\t")
    return "".join(out)


def check_docx(answer: Answer, data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert len(answer.question) <= 80
    assert document.core_properties.title == f"Briefing: {answer.question}"
    for sentence in sentences_of(answer):
        # footnote references add no text; a repeated marker adds its number
        assert any(t.startswith(sentence) for t in texts), "each answer sentence is a paragraph"
    refs = texts[texts.index("References") + 1 :]
    for c in answer.citations:
        assert f"[{c.n}] {c.reference}" in refs
        assert f"“{c.quote}”" in refs

    parts = docx_parts(data)
    notes = etree.fromstring(parts["word/footnotes.xml"])
    footnotes = notes.findall(f"{W}footnote")
    assert [(f.get(f"{W}id"), f.get(f"{W}type")) for f in footnotes[:2]] == [
        ("-1", "separator"),
        ("0", "continuationSeparator"),
    ]
    assert len(footnotes) == len(answer.citations) + 2
    by_id = {int(f.get(f"{W}id")): [word_text(p) for p in f.iter(f"{W}p")] for f in footnotes[2:]}
    assert set(by_id) == {c.n for c in answer.citations}
    for c in answer.citations:
        assert by_id[c.n] == [f" {c.reference}", f"“{c.quote}”"]
        assert len(notes.findall(f".//{W}footnote[@{W}id='{c.n}']//{W}footnoteRef")) == 1

    body = etree.fromstring(parts["word/document.xml"])
    refs_ids = [int(r.get(f"{W}id")) for r in body.iter(f"{W}footnoteReference")]
    assert refs_ids == [c.n for c in answer.citations], "one reference per footnote, in order"

    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == FOOTNOTES_CT
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    assert any(r.get("Type") == FOOTNOTES_RT and r.get("Target") == "footnotes.xml" for r in rels)
    settings = etree.fromstring(parts["word/settings.xml"])
    assert [f.get(f"{W}id") for f in settings.iterfind(f"{W}footnotePr/{W}footnote")] == ["-1", "0"]
    # schema order: footnotePr before compat
    names = [etree.QName(el).localname for el in settings if isinstance(el.tag, str)]
    assert names.index("footnotePr") < names.index("compat")


# ------------------------------------------------------------------------------------------
# Markdown


def test_markdown_hand_built():
    md = export.to_markdown(HAND, GENERATED)
    check_markdown(HAND, md)
    assert "Both sources agree: " + REPORT.quote + "[^1][^2]" in md
    assert "“care certificate”" in md and "‘shared training’ — not" in md


def test_markdown_sample_is_stable():
    lines = export.to_markdown(HAND, GENERATED).splitlines()
    assert lines[:7] == [
        "# Briefing: How is the “care certificate” being strengthened — and who says so?",
        "",
        "**Question:** How is the “care certificate” being strengthened — and who says so?",
        "",
        "## Answer",
        "",
        f"Baroness Merron said: {DEBATE.quote}[^1]",
    ]
    assert lines[-3:] == ["---", "", f"*Index version 5da82448ad13 · generated {GENERATED}*"]


def test_markdown_abstained():
    md = export.to_markdown(ABSTAINED, GENERATED)
    assert NOT_ANSWERED in md
    assert ABSTAINED.question in md
    assert "References" not in md
    assert "[^" not in md


def test_markdown_generation_time_defaults_to_now_utc():
    md = export.to_markdown(HAND)
    stamp = re.search(r"generated (\S+)\*", md)
    assert stamp and stamp[1].endswith("+00:00")


def test_markdown_line_starts_render_as_text():
    """Rendered by a CommonMark parser, every answer sentence is a plain paragraph with its
    own characters, and every quotation is one blockquote with its own characters."""
    markdown_it = pytest.importorskip("markdown_it")
    commonmark = markdown_it.MarkdownIt("commonmark")
    answer = tricky_answer()
    md = export.to_markdown(answer, GENERATED)

    body = md[md.index("## Answer") : md.index("## References")]
    rendered = commonmark.render(body)
    for tag in ("<ul", "<ol", "<h1", "<h3", "<blockquote", "<pre", "<hr", "<table", "<div", "<a "):
        assert tag not in rendered
    paragraphs = [
        html.unescape(re.sub(r"<[^>]+>", "", p))
        for p in re.findall(r"<p>(.*?)</p>", rendered, re.S)
    ]
    for sentence, p in zip(sentences_of(answer), paragraphs, strict=True):
        assert p.startswith(sentence.strip())

    # A footnote's continuation is its indented block: dedented, it is what a footnote-aware
    # renderer parses.
    references = md[md.index("## References") : md.index("\n---\n")]
    for c in answer.citations:
        block = references.split(f"[^{c.n}]: ", 1)[1].split("\n[^", 1)[0]
        definition, _, rest = block.partition("\n")
        assert html.unescape(re.sub(r"<[^>]+>", "", commonmark.render(definition))).strip() == (
            c.reference
        )
        quote_html = commonmark.render(textwrap.dedent(rest))
        assert quote_html.count("<blockquote>") == 1
        for tag in ("<ul", "<ol", "<h", "<pre"):
            assert tag not in quote_html
        text = html.unescape(re.sub(r"<[^>]+>", "", quote_html)).strip()
        assert re.sub(r"\s+", " ", text) == re.sub(r"\s+", " ", f"“{c.quote}”")


def test_markdown_with_a_footnote_renderer():
    """Where markdown-it's footnote plugin is installed, the footnotes resolve."""
    markdown_it = pytest.importorskip("markdown_it")
    footnote = pytest.importorskip("mdit_py_plugins.footnote")
    rendered = (
        markdown_it.MarkdownIt("commonmark")
        .use(footnote.footnote_plugin)
        .render(export.to_markdown(HAND))
    )
    assert rendered.count('class="footnote-item"') == 2
    assert rendered.count("<blockquote>") == 2
    assert html.escape(DEBATE.quote, quote=False) in rendered


# ------------------------------------------------------------------------------------------
# Word


def test_docx_hand_built():
    data = export.to_docx(HAND, GENERATED)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    # the repeated [1] on the last line is shown as text: Word gives each footnote one reference
    assert texts[texts.index("Answer") + 3] == f"Both sources agree: {REPORT.quote}1,2"
    check_docx(HAND, data)


def test_docx_title_is_truncated_and_output_deterministic():
    long = dataclasses.replace(HAND, question="Why " + "and why " * 30 + "?")
    data = export.to_docx(long, GENERATED)
    title = docx.Document(io.BytesIO(data)).core_properties.title
    assert title.startswith("Briefing: Why and why")
    assert len(title) == len("Briefing: ") + 80
    assert export.to_docx(long, GENERATED) == data
    assert docx.Document(io.BytesIO(data)).core_properties.created.year == 2026


def test_docx_abstained_has_no_footnotes():
    data = export.to_docx(ABSTAINED, GENERATED)
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert NOT_ANSWERED in texts
    assert "References" not in texts
    parts = docx_parts(data)
    assert "word/footnotes.xml" not in parts
    assert b"footnoteReference" not in parts["word/document.xml"]


def test_docx_line_starts_and_newlines():
    answer = tricky_answer()
    data = export.to_docx(answer, GENERATED)
    check_docx(answer, data)
    note = etree.fromstring(docx_parts(data)["word/footnotes.xml"]).findall(f"{W}footnote")[2]
    assert len(note.findall(f".//{W}br")) == TRICKY_QUOTE.count("\n")


def test_docx_without_python_docx(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingDependencyError, match="pip install python-docx"):
        export.to_docx(HAND, GENERATED)


def test_docx_opens_in_libreoffice(tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    path = tmp_path / "brief.docx"
    export.write(HAND, "docx", path, GENERATED)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "brief.pdf").stat().st_size > 1000


# ------------------------------------------------------------------------------------------
# The real engine


def test_real_answer_exports(engine, tmp_path: Path):
    answer = engine.ask("What induction is being introduced for all health and care staff?")
    assert not answer.abstained and answer.citations
    export.write(answer, "md", tmp_path / "brief.md", GENERATED)
    export.write(answer, "docx", tmp_path / "brief.docx", GENERATED)
    check_markdown(answer, (tmp_path / "brief.md").read_text(encoding="utf-8"))
    check_docx(answer, (tmp_path / "brief.docx").read_bytes())


# ------------------------------------------------------------------------------------------
# write()


def test_write_both_formats(tmp_path: Path):
    export.write(HAND, "md", tmp_path / "a.md", GENERATED)
    export.write(HAND, "docx", tmp_path / "a.docx", GENERATED)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == export.to_markdown(HAND, GENERATED)
    assert (tmp_path / "a.docx").read_bytes() == export.to_docx(HAND, GENERATED)


def test_write_rejects_an_unknown_format(tmp_path: Path):
    with pytest.raises(InputError, match=r"'pdf'.*md, docx"):
        export.write(HAND, "pdf", tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


@pytest.mark.parametrize("where", ["missing/dir/a.md", "."])
def test_write_reports_an_unwritable_path(tmp_path: Path, where: str):
    path = tmp_path / where
    with pytest.raises(InputError, match=re.escape(str(path))):
        export.write(HAND, "md", path)
