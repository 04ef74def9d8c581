"""Plain text and the file's own metadata from each readable format: text, HTML, PDF, Word."""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from core.errors import MissingDependencyError
from ingest import parlxml

# Bounds on what one file may expand to, checked before the work that would expand it. The
# largest real document seen so far (a whole sitting day of Hansard, 760 KB) is well under each;
# a 700-page report is about 2 million characters.
MAX_CHARS = 2_000_000  # characters of text per document
MAX_PAGES = 2_000  # pages per PDF
MAX_UNZIPPED = 256 * 1024 * 1024  # bytes a .docx's parts declare once decompressed
MAX_UNZIPPED_XML = 64 * 1024 * 1024  # of which XML (a 60-page real .docx has 2 MB)
MAX_ZIP_ENTRIES = 5_000
MAX_MARKUP = 2 * MAX_CHARS  # of a saved web page (trafilatura: 2 M in 5 s, 9 M in 69 s)


@dataclass(frozen=True)
class Extracted:
    """A file's text, one source line or paragraph per line, and what its metadata states.

    `pages` is empty, or gives each line of `text.split("\\n")` its printed page number (PDF).
    `date` is a publication date the file states (ISO), never a file's creation time.
    """

    text: str
    pages: tuple[int | None, ...]
    title: str | None = None
    date: str | None = None
    publisher: str | None = None

    def __post_init__(self) -> None:
        lines = self.text.count("\n") + 1
        if self.pages and len(self.pages) != lines:
            raise ValueError(f"{len(self.pages)} page numbers for {lines} lines")


def _missing(package: str, suffix: str, error: ImportError) -> MissingDependencyError:
    return MissingDependencyError(
        f"reading {suffix} files needs {package} ({error}); "
        "install it with: pip install -r requirements.txt"
    )


def _no_text(what: str) -> ValueError:
    return ValueError(f"no text could be extracted{what}")


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _metadata_string(value: object) -> str | None:
    """A title or name as stated, whitespace runs made single spaces; None when empty."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


# Titles that tools and templates write when the author gave none (reportlab writes "untitled",
# Word "Document1", a report template "Report template"), and a working file's name left in the
# properties of the copy published from it ("... constitution Master V1.3" in a V1.6 Word file,
# "... policy DRAFT v0.4"): not a title; the document's own heading names it.
_PLACEHOLDER_TITLE = re.compile(
    r"untitled( document)?(-?\d+)?|document\s?\d*|([\w ]{0,20} )?template|"
    r".*\b(master|draft|working copy)\b.*\bv(ersion)? ?\d+(\.\d+)*|"
    r"microsoft (word|powerpoint) - .*|powerpoint presentation|slide \d+",
    re.IGNORECASE,
)


def _title(value: object) -> str | None:
    title = _metadata_string(value)
    return None if title is None or _PLACEHOLDER_TITLE.fullmatch(title) else title


def _iso_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return Date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252; refuse what is binary."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError("binary file: starts like UTF-16 text but does not decode") from None
    if b"\x00" in data:
        raise ValueError("binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"text is neither UTF-8 nor cp1252 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "save it as UTF-8"
        ) from None


class TooLarge(ValueError):
    """The file would expand beyond a limit: refused before (or as soon as) it does."""


def _too_long(n: int) -> TooLarge:
    return TooLarge(
        f"too long: {n:,}+ characters of text; the limit is {MAX_CHARS:,} per document, "
        "so split it into smaller files"
    )


def check_zip(data: bytes) -> None:
    """Refuse a zip (.docx) whose parts would decompress beyond the limits, before any is read.

    zipfile never returns more than a part's declared size (a part that lies fails its CRC
    check), so the declared sizes bound the work.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise ValueError(f"not a readable Word .docx file (not a valid zip: {e})") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise TooLarge(f"not a plausible .docx: {len(infos):,} parts (limit {MAX_ZIP_ENTRIES:,})")
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if total > MAX_UNZIPPED or xml > MAX_UNZIPPED_XML:
        raise TooLarge(
            f"the .docx would expand to {max(total, xml) / 2**20:,.0f} MB when unpacked "
            f"(limits: {MAX_UNZIPPED_XML // 2**20} MB of XML, {MAX_UNZIPPED // 2**20} MB in all); "
            "it may be a zip bomb, or split it into smaller documents"
        )


def read_text(data: bytes) -> Extracted:
    """Plain text or Markdown, every character kept; only line endings become "\\n"."""
    text = _newlines(decode_text(data))
    if not text.strip():
        raise _no_text(": the file is empty or only whitespace")
    return Extracted(text, ())


# An XML declaration (saved XHTML) or a "saved from" comment before the markup.
_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*|<!--.*?-->\s*)+", re.DOTALL)
_BLOCKS = {
    *(f"h{i}" for i in range(1, 7)),
    *("p", "li", "td", "th", "dt", "dd", "blockquote", "pre", "caption", "figcaption"),
    *("div", "section", "article", "main", "body"),
}
_LIST_MARK = re.compile(r"^\s*[-•*]\s+")
_NOT_TEXT = ("script", "style", "noscript", "template", "nav", "header", "footer", "form")


def _local(tag: object) -> str:
    """A tag without its XHTML namespace: "{http://www.w3.org/1999/xhtml}p" is "p"."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def plain_html_text(html: str) -> str:
    """Every block's own text, one per line, outside scripts, navigation, headers and footers:
    for a page whose main text the extractor cannot find (a short or unusual page)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html.encode("utf-8"))
    except Exception:  # an unparsable page has no text to offer
        return ""
    parts: list[str] = []

    def walk(element: Any) -> None:
        tag = _local(element.tag)
        if tag and tag not in _NOT_TEXT:
            block = tag in _BLOCKS or tag in ("br", "tr")
            parts.append("\n" if block else "")
            parts.append(element.text or "")
            for child in element:
                walk(child)
            parts.append("\n" if block else "")
        parts.append(element.tail or "")

    body = next((e for e in root.iter() if _local(e.tag) == "body"), root)
    walk(body)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# The main-text extractor's guess is trusted only while it keeps most of the page's text: on a
# page whose text sits in pop-ups or unusual blocks it kept 30% (an NHS process map), on pages of
# four other origins (a blog, a Parliament membership page, listings, a sports page) 77% or more.
TRUSTED_SHARE = 0.5
PROSE_WORDS = 8  # a line of at least this many words is content, not a menu or a button


def _with_dropped_prose(extracted: str, plain: str) -> str:
    """The extractor's text, or, where it kept less than TRUSTED_SHARE of the page's visible
    text, the page's blocks in their order that it kept or that are prose: content is never
    dropped for looking like furniture, and menus and buttons (short lines) stay out."""
    if not extracted.strip():
        return plain
    if len(extracted) >= TRUSTED_SHARE * len(plain):
        return extracted
    kept = {_bare(line) for line in extracted.split("\n")}
    lines = plain.split("\n")
    return "\n".join(x for x in lines if _bare(x) in kept or len(x.split()) >= PROSE_WORDS)


def _bare(line: str) -> str:
    """A line without its list marker and spacing, as both extractions write it."""
    return " ".join(_LIST_MARK.sub("", line).split())


def read_html(data: bytes) -> Extracted:
    """A saved web page's main text (banners, navigation and footers left out) and metadata;
    XHTML (with its XML declaration) too."""
    try:
        import trafilatura
    except ImportError as e:
        raise _missing("trafilatura and lxml_html_clean", ".html", e) from e
    html = _PROLOGUE.sub("", decode_text(data), count=1)
    if len(html) > MAX_MARKUP:
        raise TooLarge(
            f"too large: the page is {len(html):,} characters of HTML (limit {MAX_MARKUP:,})"
        )
    if not html.strip():
        raise _no_text(": the file is empty or only whitespace")
    try:
        body = trafilatura.extract(
            html,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            favor_recall=True,
        )
        # extensive=False: dates only from markup and URL; the extensive search reads free text
        # and turns a footer's "© 2024" into 2024-01-01.
        meta = trafilatura.extract_metadata(html, extensive=False)
    except Exception as e:  # a parser's failure on odd input is the file's problem, not ours
        raise ValueError(f"not readable HTML ({type(e).__name__}: {e})") from None
    body = _with_dropped_prose(body or "", plain_html_text(html))
    if not body.strip():
        raise ValueError("no main text could be extracted from the HTML: the page shows no text")
    return Extracted(
        _newlines(body),
        (),
        title=_title(meta.title),
        date=_iso_date(meta.date),
        publisher=_metadata_string(meta.sitename),
    )


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Hold back a library's warnings on damaged files: the reason to skip is reported instead."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _page_number(labels: list[str], index: int) -> int:
    """The printed page number where the label is one (``"5"``), else the 1-based position."""
    label = labels[index] if len(labels) > index else ""
    return int(label) if label.isascii() and label.isdigit() else index + 1


GUTTER = 3  # spaces on each side of a column gutter in pypdf's layout text
COLUMN_MIN = 20  # characters: both columns hold prose, not a table's short cells
COLUMN_LINES = 6  # two-column lines a page needs before it is read column by column
CROSSING = 0.2  # at most this share of a two-column page's lines run across the gutter


def _crosses(line: str, g: int) -> bool:
    return bool(line[max(0, g - GUTTER) : g + GUTTER].strip())


def _gutter(lines: list[str]) -> int | None:
    """The character position of a gutter between two columns of prose, if the page has one:
    long text on both sides of it on many lines, and only a few lines (headings set across
    the page) crossing it."""
    width = max((len(line) for line in lines), default=0)
    best: tuple[int, int] | None = None
    for g in range(int(width * 0.3), int(width * 0.7)):
        crossing = sum(_crosses(line, g) for line in lines)
        if crossing > CROSSING * len(lines):
            continue
        two = sum(
            not _crosses(line, g)
            and len(line[: g - GUTTER].strip()) >= COLUMN_MIN
            and len(line[g + GUTTER :].strip()) >= COLUMN_MIN
            for line in lines
        )
        if two >= COLUMN_LINES and (best is None or two > best[1]):
            best = (g, two)
    return best[0] if best else None


def _squash(text: str) -> str:
    return " ".join(text.split())


def interleaved(plain: list[str], rows: list[tuple[str, str]]) -> bool:
    """Does the plain extraction read across the columns (a left line, then the right line
    beside it) rather than down them? Then the column order must be rebuilt."""
    where = {_squash(line): i for i, line in enumerate(plain) if line.strip()}
    across = down = 0
    for k, (left, right) in enumerate(rows):
        i, j = where.get(_squash(left)), where.get(_squash(right))
        if i is not None and j == i + 1:
            across += 1
        if k + 1 < len(rows) and i is not None and where.get(_squash(rows[k + 1][0])) == i + 1:
            down += 1
    return across > down


def column_order(layout: str, plain: list[str] | None = None) -> list[str] | None:
    """A two-column page's lines, left column then right, from pypdf's layout text; a line set
    across the page (a heading) stays between the runs of columns above and below it. None
    when the page is not set in two columns of prose, or when the `plain` extraction already
    reads down the columns (then the plain extraction order stands)."""
    lines = [line for line in layout.split("\n") if line.strip()]
    g = _gutter(lines)
    if g is None:
        return None
    rows = [
        (line[:g], line[g:])
        for line in lines
        if not _crosses(line, g) and line[:g].strip() and line[g:].strip()
    ]
    if plain is not None and not interleaved(plain, rows):
        return None
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in [*lines, None]:
        if line is None or _crosses(line, g):
            out += left + right
            left, right = [], []
            if line is not None:
                out.append(line)
            continue
        left += [line[:g]] if line[:g].strip() else []
        right += [line[g:]] if line[g:].strip() else []
    return [" ".join(x.split()) for x in out]


def _page_lines(page: Any) -> list[str]:
    lines = _newlines(page.extract_text()).split("\n")
    try:
        columns = column_order(_newlines(page.extract_text(extraction_mode="layout")), lines)
    except Exception:  # layout mode fails on some odd pages: the plain order stands
        columns = None
    return columns if columns is not None else lines


def read_pdf(data: bytes) -> Extracted:
    """Text page by page, each line tagged with its printed page number; a page set in two
    columns is read column by column."""
    try:
        import pypdf
        from pypdf.errors import DependencyError
    except ImportError as e:
        raise _missing("pypdf", ".pdf", e) from e
    with _quiet("pypdf"):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            locked = reader.is_encrypted and not reader.decrypt("")
        except DependencyError as e:
            raise MissingDependencyError(
                f"this PDF is AES-encrypted and reading it needs cryptography ({e}); "
                "install it with: pip install -r requirements.txt"
            ) from e
        except Exception as e:  # pypdf raises many kinds on damaged input
            raise ValueError(f"not a readable PDF ({type(e).__name__}: {e})") from None
        if locked:
            raise ValueError("encrypted PDF: it needs a password to open; save a copy without one")
        try:
            labels: list[str] = list(reader.page_labels)
        except Exception:  # a damaged label tree costs only the printed numbers
            labels = []
        try:
            n_pages = len(reader.pages)
        except Exception as e:
            raise ValueError(f"not a readable PDF ({type(e).__name__}: {e})") from None
        if n_pages > MAX_PAGES:
            raise TooLarge(
                f"too long: {n_pages:,} pages (the limit is {MAX_PAGES:,} per PDF); split it"
            )
        lines: list[str] = []
        pages: list[int | None] = []
        chars = 0
        try:
            for index, page in enumerate(reader.pages):
                page_lines = _page_lines(page) or [""]
                chars += sum(len(line) for line in page_lines)
                if chars > MAX_CHARS:
                    raise _too_long(chars)
                if page_lines[-1] == "":
                    page_lines.pop()
                lines.extend(page_lines)
                pages.extend([_page_number(labels, index)] * len(page_lines))
            info = reader.metadata
            title = _title(info.title) if info is not None else None
        except TooLarge:
            raise
        except Exception as e:
            raise ValueError(f"not a readable PDF ({type(e).__name__}: {e})") from None
    text = "\n".join(lines)
    if not text.strip():
        raise _no_text(" from the PDF: it may be a scan (images of pages) with no text layer")
    return Extracted(text, tuple(pages), title=title)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Where a paragraph's text lives: plain runs, hyperlinks, tracked insertions, inline content
# controls, smart tags and simple fields. Deleted text (w:del) and field codes are left out.
_PARAGRAPH_TEXT = (
    "w:r | w:hyperlink | w:ins/w:r | w:ins/w:hyperlink | w:sdt/w:sdtContent/w:r"
    " | w:smartTag/w:r | w:fldSimple/w:r | w:customXml/w:r"
)
# Block containers walked in document order: tables row by row, cells, content controls.
_CONTAINERS = {f"{_W}{tag}" for tag in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml")}


def _docx_lines(element: Any) -> Iterator[str]:
    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            yield "".join(part.text for part in child.xpath(_PARAGRAPH_TEXT))
        elif child.tag in _CONTAINERS:
            yield from _docx_lines(child)


def _styled_title(document: Any) -> str | None:
    """The paragraphs set in Word's own Title style, joined: the title as the document shows
    it, which outlives a properties title left from an earlier version."""
    parts = [
        p.text for p in document.paragraphs if p.style is not None and p.style.style_id == "Title"
    ]
    return _metadata_string(" ".join(parts))


def read_docx(data: bytes) -> Extracted:
    """Paragraphs in order, table cells row by row, one per line; title from the properties."""
    try:
        import docx
    except ImportError as e:
        raise _missing("python-docx", ".docx", e) from e
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE compound file, not a zip
        raise ValueError(
            "not a .docx file: it is an old-format Word .doc or a password-protected document; "
            "open it in Word and save it as .docx without a password"
        )
    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document.element.body))
        title = _styled_title(document) or _title(document.core_properties.title)
    except Exception as e:  # zipfile, lxml and python-docx each raise their own kinds
        raise ValueError(f"not a readable Word .docx file ({type(e).__name__}: {e})") from None
    text = _newlines("\n".join(lines))
    if not text.strip():
        raise _no_text(" from the Word document")
    return Extracted(text, (), title=title)


READERS: dict[str, Callable[[bytes], Extracted]] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".rst": read_text,  # reStructuredText: its underlines are removed as markup when cleaning
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".xht": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".xml": parlxml.read,
}
SUFFIXES = tuple(sorted(READERS))


def extract(suffix: str, data: bytes) -> Extracted:
    """Text and metadata of a file's bytes; ValueError with a user-facing reason if unreadable."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise ValueError(
            f"unsupported file type {suffix or '(none)'}; readable: {', '.join(SUFFIXES)}"
        )
    extracted = reader(data)
    if len(extracted.text) > MAX_CHARS:
        raise _too_long(len(extracted.text))
    return extracted
