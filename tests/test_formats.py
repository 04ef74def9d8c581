"""Text extraction per format, on small files each test makes itself."""

from __future__ import annotations

import io
import socket
import zipfile
from pathlib import Path

import pytest

from ingest.formats import READERS, SUFFIXES, Extracted, extract

CURLY = "The duty is ‘statutory’, says the “guidance” – for 2024–25."


def make_pdf(path: Path, pages: list[list[str]], title: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    if title is not None:
        pdf.setTitle(title)
    for lines in pages:
        pdf.setFont("Helvetica", 11)
        for n, line in enumerate(lines):
            pdf.drawString(72, 770 - 18 * n, line)
        pdf.showPage()
    pdf.save()
    return path.read_bytes()


def rewrite_pdf(path: Path, change) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(path))
    change(writer)
    writer.write(path)
    return path.read_bytes()


def make_docx(path: Path, build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    document.save(str(path))
    return path.read_bytes()


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_lines_carry_their_page_and_curly_quotes_survive(tmp_path: Path) -> None:
    page1 = ["Integrated care systems: a review", "Page one, second line."]
    page2 = ["Findings", CURLY]
    data = make_pdf(tmp_path / "review.pdf", [page1, page2], title="Integrated care review")

    got = extract(".pdf", data)

    assert got.text.split("\n") == [*page1, *page2]
    assert got.pages == (1, 1, 2, 2)
    assert got.title == "Integrated care review"
    assert got.date is None  # /CreationDate is when the file was made, not published
    assert got.publisher is None


def test_pdf_page_numbers_follow_printed_labels(tmp_path: Path) -> None:
    from pypdf.constants import PageLabelStyle

    path = tmp_path / "labelled.pdf"
    make_pdf(path, [["Foreword"], ["Contents"], ["Chapter one"], ["Chapter two"]])

    def label(writer) -> None:
        writer.set_page_label(0, 1, PageLabelStyle.LOWERCASE_ROMAN)  # i, ii: no number printed
        writer.set_page_label(2, 3, PageLabelStyle.DECIMAL, start=5)

    got = extract(".pdf", rewrite_pdf(path, label))

    assert got.text.split("\n") == ["Foreword", "Contents", "Chapter one", "Chapter two"]
    assert got.pages == (1, 2, 5, 6)


def test_pdf_placeholder_title_is_no_title(tmp_path: Path) -> None:
    # reportlab writes /Title "untitled" when none is set
    assert extract(".pdf", make_pdf(tmp_path / "a.pdf", [["Some text."]])).title is None


@pytest.mark.parametrize(
    "placeholder",
    [
        "Report template",
        "Document1",
        "Microsoft Word - x.docx",
        # a working file's name left in the published copy's properties (an ICB constitution
        # V1.6 whose Word properties still say "... Master V1.3"; a policy's "DRAFT v0.4")
        "Example ICB constitution Master V1.3",
        "Discharge policy DRAFT v0.4",
    ],
)
def test_a_template_or_tool_title_is_no_title(tmp_path: Path, placeholder: str) -> None:
    data = make_pdf(tmp_path / "t.pdf", [["Some text."]], title=placeholder)
    assert extract(".pdf", data).title is None
    real = make_pdf(tmp_path / "r.pdf", [["Some text."]], title="Templates for care plans")
    assert extract(".pdf", real).title == "Templates for care plans"


def test_pdf_locked_only_against_editing_is_read(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")  # pypdf needs it for AES
    path = tmp_path / "locked.pdf"
    make_pdf(path, [["Open to read, closed to edit."]])

    data = rewrite_pdf(path, lambda w: w.encrypt("", owner_password="owner", algorithm="AES-256"))

    assert extract(".pdf", data).text == "Open to read, closed to edit."


def test_pdf_needing_a_password_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    make_pdf(path, [["Secret."]])
    data = rewrite_pdf(path, lambda w: w.encrypt("letmein", owner_password="owner"))

    with pytest.raises(ValueError, match="encrypted PDF"):
        extract(".pdf", data)


def test_pdf_without_a_text_layer_is_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 72, 300, 400, fill=1)  # a page that is only a picture, as a scan is
    pdf.showPage()
    pdf.save()

    with pytest.raises(ValueError, match="no text could be extracted"):
        extract(".pdf", path.read_bytes())


@pytest.mark.parametrize("cut", ["garbage", "truncated", "empty"])
def test_corrupt_pdf_is_refused(tmp_path: Path, cut: str) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", [["Some text."]])
    data = {"garbage": b"%PDF-1.4\nthis is not a PDF", "truncated": whole[:300], "empty": b""}[cut]

    with pytest.raises(ValueError, match="not a readable PDF"):
        extract(".pdf", data)


# --- Word --------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_cells_in_order_with_title(tmp_path: Path) -> None:
    def build(document) -> None:
        document.core_properties.title = "Carers’ breaks – a review"
        document.add_paragraph("Unpaid carers provide most care in England.")
        table = document.add_table(rows=2, cols=2)
        for r, row in enumerate([["Region", "Breaks"], ["North East", "4,100"]]):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        document.add_paragraph(CURLY)

    got = extract(".docx", make_docx(tmp_path / "review.docx", build))

    assert got.text.split("\n") == [
        "Unpaid carers provide most care in England.",
        "Region",
        "Breaks",
        "North East",
        "4,100",
        CURLY,
    ]
    assert got.pages == ()
    assert got.title == "Carers’ breaks – a review"
    assert got.date is None  # core_properties.created is not a publication date


def test_docx_title_style_outranks_a_stale_properties_title(tmp_path: Path) -> None:
    """An ICB constitution's cover: its name over two Title-style paragraphs, while the
    properties still carry the title of the version it was copied from."""

    def build(document) -> None:
        document.core_properties.title = "Example ICB constitution v1.3 final"
        document.add_paragraph("Example Integrated Care Board", style="Title")
        document.add_paragraph("", style="Title")
        document.add_paragraph("CONSTITUTION", style="Title")
        document.add_paragraph("The Board agreed this version on 19 September 2025.")

    got = extract(".docx", make_docx(tmp_path / "c.docx", build))
    assert got.title == "Example Integrated Care Board CONSTITUTION"


def test_docx_merged_cell_is_read_once(tmp_path: Path) -> None:
    def build(document) -> None:
        table = document.add_table(rows=2, cols=2)
        merged = table.cell(0, 0).merge(table.cell(0, 1))
        merged.text = "Spanning heading"
        table.cell(1, 0).text = "left"
        table.cell(1, 1).text = "right"

    got = extract(".docx", make_docx(tmp_path / "merged.docx", build))

    assert got.text.split("\n") == ["Spanning heading", "left", "right"]


def test_docx_reads_tracked_insertions_and_content_controls_not_deletions(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document) -> None:
        paragraph = document.add_paragraph("Kept, ")
        paragraph._p.append(
            parse_xml(f"<w:ins {nsdecls('w')}><w:r><w:t>inserted</w:t></w:r></w:ins>")
        )
        paragraph._p.append(
            parse_xml(f"<w:del {nsdecls('w')}><w:r><w:delText> deleted</w:delText></w:r></w:del>")
        )
        document.element.body.insert(
            0,
            parse_xml(
                f"<w:sdt {nsdecls('w')}><w:sdtContent>"
                "<w:p><w:r><w:t>Cover page title</w:t></w:r></w:p>"
                "</w:sdtContent></w:sdt>"
            ),
        )

    got = extract(".docx", make_docx(tmp_path / "tracked.docx", build))

    assert got.text.split("\n") == ["Cover page title", "Kept, inserted"]
    assert got.title is None


def test_docx_with_no_text_is_refused(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "blank.docx", lambda d: d.add_paragraph("   "))

    with pytest.raises(ValueError, match="no text could be extracted"):
        extract(".docx", data)


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 truncated zip", "not a readable Word .docx"),
        (b"plain text pretending", "not a readable Word .docx"),
        (zip_without_document(), "not a readable Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old-format Word .doc"),
    ],
)
def test_corrupt_docx_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        extract(".docx", data)


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Carers’ breaks: a review | Health Policy Institute</title>
<meta property="og:title" content="Carers’ breaks: a review">
<meta property="og:site_name" content="Health Policy Institute">
<meta property="article:published_time" content="2024-03-15T09:00:00+00:00">
</head><body>
<div id="cookie-banner" class="cookie-consent">
  <p>We use cookies to improve your experience. Accept all cookies or manage settings.</p>
  <button>Accept all cookies</button>
</div>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/topics">Browse topics</a></li>
  <li><a href="/about">About the institute</a></li>
</ul></nav></header>
<main><article>
<h1>Carers’ breaks: a review</h1>
<p>Unpaid carers in England provide care worth an estimated £162 billion a year, and many go
years without a break from caring.</p>
<p>This review looks at how local authorities commission respite services and what
“short breaks” mean in practice – for carers and for the people they support.</p>
<p>We found wide variation between councils in eligibility criteria and in the support
offered to carers who ask for an assessment.</p>
</article></main>
<footer><p>© 2024 Health Policy Institute. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie policy</a></p></footer>
</body></html>
"""


def test_html_main_text_without_banner_nav_or_footer(tmp_path: Path) -> None:
    path = tmp_path / "breaks.html"
    path.write_text(PAGE, encoding="utf-8")

    got = extract(".html", path.read_bytes())

    assert "Unpaid carers in England provide care worth an estimated £162 billion" in got.text
    assert "what “short breaks” mean in practice – for carers" in got.text
    assert "wide variation between councils" in got.text
    for furniture in ("cookies", "Browse topics", "About the institute", "©", "Privacy policy"):
        assert furniture not in got.text
    assert got.pages == ()
    assert got.title == "Carers’ breaks: a review"
    assert got.publisher == "Health Policy Institute"
    assert got.date == "2024-03-15"


def test_html_date_is_never_guessed_from_the_copyright_line(tmp_path: Path) -> None:
    undated = PAGE.replace(
        '<meta property="article:published_time" content="2024-03-15T09:00:00+00:00">', ""
    )
    assert "2024-03-15" not in undated
    path = tmp_path / "undated.htm"
    path.write_text(undated, encoding="utf-8")

    assert extract(".htm", path.read_bytes()).date is None


def test_html_extraction_needs_no_network(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")

    assert "wide variation between councils" in extract(".html", path.read_bytes()).text


def test_html_in_cp1252_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    path.write_bytes(PAGE.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252"))

    assert (
        "what “short breaks” mean in practice – for carers"
        in extract(".html", path.read_bytes()).text
    )


# A process map whose text sits in pop-up panels (modelled on an NHS Continuing Healthcare map):
# the main-text extractor keeps less than half of the page's text.
POP_UPS = """<html><head><title>Care map</title></head><body><main><h1>Full assessment</h1>
<p>The core purpose of the team is to make a recommendation on eligibility drawing on the assessment of needs.</p>
<p>In accordance with regulations a team means a group consisting of at least two professionals.</p>
<p>Whilst as a minimum a team can comprise two professionals, it should usually include both health and social care professionals.</p>
<p>It is best practice that someone with specialist knowledge of the individual's needs is involved in the assessment process.</p>
<ul><li data-modal="#m1"><a>Setting up a team</a></li></ul>
<div id="m1" class="modal"><div class="modal-content"><a class="close">&times;</a><h2>Setting up a team</h2>
<p>It is the responsibility of the co-ordinator to ensure that all relevant people are invited to take part in the meeting.</p>
<p>The membership of the team should comprise professionals who can accurately identify the needs of the individual.</p>
<p>If the local authority is not able to attend every meeting, it should agree protocols with the board.</p>
<p>The board should be flexible and give as much notice as possible to the local authority when requesting advice.</p>
<p>When convening a meeting, consideration should be given to whether the individual wishes to involve an advocate.</p>
</div></div></main></body></html>"""  # noqa: E501


def test_html_prose_the_extractor_drops_is_kept_in_page_order() -> None:
    got = extract(".html", POP_UPS.encode()).text

    core = "The core purpose of the team is to make a recommendation on eligibility"
    pop_up = "It is the responsibility of the co-ordinator to ensure"
    assert core in got
    assert pop_up in got  # the extractor alone leaves the pop-up out
    assert got.index(core) < got.index(pop_up)
    assert "whether the individual wishes to involve an advocate" in got
    assert "×" not in got.split("\n")  # a button stays out


def test_html_with_no_main_text_is_refused() -> None:
    with pytest.raises(ValueError, match="no main text could be extracted from the HTML"):
        extract(".html", b"<html><head><title>Empty</title></head><body></body></html>")


# --- Plain text --------------------------------------------------------------------------------


def test_cp1252_text_is_decoded() -> None:
    assert extract(".txt", b"caf\xe9 \x93quoted\x94").text == "café “quoted”"


def test_utf8_bom_is_dropped_and_everything_else_kept() -> None:
    text = "  Carers’ breaks\t– a note  \n\n* point one\n"
    got = extract(".md", b"\xef\xbb\xbf" + text.encode("utf-8"))

    assert got == Extracted(text, ())


def test_utf16_with_bom_is_text_not_binary() -> None:
    assert extract(".txt", "Carers’ note".encode("utf-16")).text == "Carers’ note"


def test_line_endings_become_newlines() -> None:
    assert extract(".txt", b"one\r\ntwo\rthree\n").text == "one\ntwo\nthree\n"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_nul_bytes_mean_binary(suffix: str) -> None:
    with pytest.raises(ValueError, match="binary"):
        extract(suffix, b"PK\x03\x04\x00\x00binary stuff")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_empty_or_whitespace_is_refused(suffix: str, data: bytes) -> None:
    with pytest.raises(ValueError, match="no text could be extracted"):
        extract(suffix, data)


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused() -> None:
    with pytest.raises(ValueError, match="neither UTF-8 nor cp1252"):
        extract(".txt", b"ok \x81\x8d")


# --- Dispatch ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".doc", ".rtf", ""])
def test_unsupported_suffix_names_the_readable_types(suffix: str) -> None:
    with pytest.raises(ValueError, match="unsupported file type") as error:
        extract(suffix, b"anything")
    for readable in (".txt", ".md", ".html", ".htm", ".pdf", ".docx"):
        assert readable in str(error.value)


def test_suffix_case_does_not_matter() -> None:
    assert extract(".TXT", b"note").text == "note"


def test_readers_are_keyed_by_lower_case_suffix() -> None:
    assert set(READERS) == set(SUFFIXES)
    assert set(SUFFIXES) >= {
        ".txt",
        ".md",
        ".rst",
        ".html",
        ".htm",
        ".xhtml",
        ".pdf",
        ".docx",
        ".xml",
    }
    assert all(s == s.lower() for s in SUFFIXES)


def test_page_numbers_must_match_lines() -> None:
    with pytest.raises(ValueError, match="page numbers"):
        Extracted("one\ntwo", (1,))


# --- XHTML, reStructuredText --------------------------------------------------------------------

XHTML = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Care Homes: Hospital Discharges</title>
<script>var tracking = 1;</script></head>
<body><nav>Home | Debates</nav><div>{body}</div><footer>© 2017 Site</footer></body></html>
"""


@pytest.mark.parametrize("suffix", [".xhtml", ".html", ".xht"])
def test_xhtml_with_an_xml_declaration_is_read(suffix: str) -> None:
    body = (
        "<p>My Lords, information is collected on the number of bed days occupied by patients "
        "waiting to be discharged from hospital.</p>"
    )
    got = extract(suffix, XHTML.format(body=body).encode())
    assert "bed days occupied by patients" in got.text
    assert got.title == "Care Homes: Hospital Discharges"


def test_a_page_too_short_for_the_extractor_keeps_its_text() -> None:
    """The main-text extractor finds nothing in a one-line page: every visible block is read,
    outside scripts, navigation and footers, so nothing is lost."""
    page = (
        '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><script>var x = 1;</script></head><body><div>Agreed to.</div></body></html>"
    )
    assert extract(".xhtml", page.encode()).text == "Agreed to."


def test_restructuredtext_is_read_and_its_underlines_are_markup() -> None:
    from ingest.clean import clean

    rst = (
        "Submissions on behalf of care providers\n"
        "=======================================\n\n"
        "**Dr Townson**: Thank you, my Lady.\n\n"
        "My name is Jane Townson.\n"
    )
    got = extract(".rst", rst.encode())
    cleaned = clean(got.text)
    assert cleaned.title == "Submissions on behalf of care providers"
    assert cleaned.text == "**Dr Townson**: Thank you, my Lady.\n\nMy name is Jane Townson."
    assert [r.reason for r in cleaned.removed] == ["title (kept as metadata)", "rule line (markup)"]


# --- Two columns --------------------------------------------------------------------------------

LEFT = [
    "Delayed discharges rose by a third",
    "over the winter, the trust said in",
    "its annual report to the board.",
    "Most patients go home without",
    "any extra support from services",
    "when they leave the ward at last.",
]
RIGHT = [
    "Councils reported that home care",
    "providers could not recruit staff",
    "fast enough to meet demand.",
    "The board asked for a plan by",
    "the end of the financial year and",
    "a report on progress each month.",
]


def two_column_pdf(across: bool) -> bytes:
    """A page in two columns, drawn row by row across the page (`across`) or column by column."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.drawString(60, 800, "Winter pressures on hospital discharge: a report")
    if across:
        for n, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
            pdf.drawString(60, 780 - 14 * n, left)
            pdf.drawString(320, 780 - 14 * n, right)
    else:
        for x, column in ((60, LEFT), (320, RIGHT)):
            for n, line in enumerate(column):
                pdf.drawString(x, 780 - 14 * n, line)
    pdf.drawString(60, 680, "A note set across the whole width of the page closes the section.")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.mark.parametrize("across", [True, False])
def test_two_column_page_is_read_column_by_column(across: bool) -> None:
    lines = extract(".pdf", two_column_pdf(across)).text.split("\n")
    assert lines[0] == "Winter pressures on hospital discharge: a report"
    assert lines[1:13] == LEFT + RIGHT
    assert lines[13].startswith("A note set across")


def test_a_one_column_page_keeps_its_order(tmp_path: Path) -> None:
    page = [f"Line {n} of a single column of prose about discharge planning." for n in range(12)]
    assert extract(".pdf", make_pdf(tmp_path / "one.pdf", [page])).text.split("\n") == page
