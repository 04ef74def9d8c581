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


# Titles that tools write when the author gave none (reportlab writes "untitled"): not a title.
_PLACEHOLDER_TITLE = re.compile(r"untitled( document)?(-?\d+)?", re.IGNORECASE)


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


def read_html(data: bytes) -> Extracted:
    """A saved web page's main text (banners, navigation and footers left out) and metadata."""
    try:
        import trafilatura
    except ImportError as e:
        raise _missing("trafilatura and lxml_html_clean", ".html", e) from e
    html = decode_text(data)
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
    if not body or not body.strip():
        raise ValueError("no main text could be extracted from the HTML")
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


def read_pdf(data: bytes) -> Extracted:
    """Text page by page, each line tagged with its printed page number."""
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
                page_text = page.extract_text()
                chars += len(page_text)
                if chars > MAX_CHARS:
                    raise _too_long(chars)
                page_lines = _newlines(page_text).split("\n")
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
        title = _title(document.core_properties.title)
    except Exception as e:  # zipfile, lxml and python-docx each raise their own kinds
        raise ValueError(f"not a readable Word .docx file ({type(e).__name__}: {e})") from None
    text = _newlines("\n".join(lines))
    if not text.strip():
        raise _no_text(" from the Word document")
    return Extracted(text, (), title=title)


READERS: dict[str, Callable[[bytes], Extracted]] = {
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
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
