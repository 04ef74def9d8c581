"""One raw file -> its documents: clean, read what it states, apply its sidecar, find sections.

A text file is one document. A parliamentary XML file is one document per item (a debate, an
oral question, a written question with its answer), each with its own title, date and chamber.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any

from core.types import PARLIAMENTARY_KINDS, SPOKEN_KINDS, Document, Section
from ingest import debate, hansard
from ingest.clean import CONTENTS, Removal, clean
from ingest.cover import cover_title
from ingest.load import RawFile, doc_id_for
from ingest.spoken import Item
from ingest.structure import (
    HANSARD_HOSTS,
    SHORT_DEBATE,
    date_line,
    find_chamber,
    find_host,
    find_kind,
    hosted_publisher,
    issuer_in_title,
    organisation,
    site_in_title,
    state,
    without_site,
)
from ingest.titles import not_a_title, tidy


@dataclass(frozen=True)
class Understood:
    document: Document
    removed: tuple[Removal, ...]
    evidence: tuple[tuple[str, str], ...]
    tabled_by: str | None
    blocks: tuple[tuple[int, int], ...]
    pages: tuple[int | None, ...]
    runs: tuple[debate.Run, ...] = ()

    def amended(self, tabled_by: str | None, **fields: Any) -> Understood:
        """The same document with metadata filled in (from a merged copy), re-sectioned."""
        doc = replace(self.document, **fields)
        if "date" in fields:
            doc = replace(doc, dated=date_line(doc.text, doc.date))
        if self.runs:
            doc = with_sections(doc, self.blocks, list(self.runs), tabled_by, self.pages)
        return replace(self, document=doc, tabled_by=tabled_by)


def understand_all(raw: RawFile) -> list[Understood]:
    """Every document a file holds, with ids that depend on this file alone."""
    base = doc_id_for(raw.source)
    if raw.items:
        if len(raw.items) == 1:
            return [from_item(raw, raw.items[0], base)]
        return [from_item(raw, item, f"{base}#{n}") for n, item in enumerate(raw.items, 1)]
    items = hansard.listing(raw.text) if not raw.pages else []
    if items:  # a listing of written questions: one document per question
        out = []
        site = find_host(raw.text)[0]  # the page's furniture stands above its first item only
        chamber = find_chamber(raw.text)[0] if "chamber" not in raw.meta else None
        for n, (text, heading) in enumerate(items, 1):
            u = understand(replace(raw, text=text), f"{base}#{n}")
            doc = u.document
            if doc.title is None and heading:
                doc = replace(doc, title=heading)
            # An item the page cut short ("To ask th") is still the written question its
            # heading says it is, in the House the rest of the page shows.
            if doc.kind == "debate" and WRITTEN_ITEM.search(text) and "kind" not in raw.meta:
                doc = replace(doc, kind="written_question")
            if doc.chamber is None and chamber:
                doc = replace(doc, chamber=chamber)
            if doc.publisher is None and site and "publisher" not in raw.meta:
                doc = replace(doc, publisher=hosted_publisher(site, doc.kind, doc.chamber))
            out.append(replace(u, document=doc))
        return out
    u = understand(raw, base)
    if "title" not in raw.meta:
        u = _titled_by_file(u, raw.text)
    return [_named_by_file(u)]


WRITTEN_ITEM = re.compile(r"^\s*Written Question\s*$", re.M | re.I)


def _named_by_file(u: Understood) -> Understood:
    """A parliamentary record whose text states no title takes the one its saved page's file
    name holds ("Hospitals_ Unsafe Discharge - Hansard - UK Parliament.txt"): 20 of the 24 saved
    parliamentary pages of the development sets name their gold title so (in-sample; the other
    four are listings, whose items take their own headings). So does any page saved under its
    title and its site's name ("Hospitals at capacity_ understanding delays in patient
    discharge - Nuffield Trust.txt"): the browser's title bar, as an HTML copy's <title>."""
    doc = u.document
    saved = doc.kind in PARLIAMENTARY_KINDS or saved_site(doc.source) or _site_named(doc.source)
    if doc.title is not None or not saved:
        return u
    if (title := hansard.saved_title(doc.source)) is None:
        return u
    said = ("title", f"the saved page's file name: {doc.source}")
    return replace(u, document=replace(doc, title=title), evidence=(*u.evidence, said))


# A browser saves a page under its title bar's text, the site's name after the title: "GP access
# report - Healthwatch Gloucestershire.txt", "State of Care report launched today - Care Quality
# Commission.txt", "Hospitals at capacity_ understanding delays in patient discharge - Nuffield
# Trust.txt", "Social Care Workforce Strategy - Lords Chamber - Parallel Parliament.txt". Where the
# text names no publisher, that site is the one the user saved the page from (in the development
# sets: seven pages of five sites whose text names none; no file name there names a wrong one).
HOSTS = frozenset(site for site, _ in HANSARD_HOSTS)


def saved_site(source: str) -> str | None:
    """The site a saved page's file name names after its title, when it is a body's name."""
    split = saved_page(source)
    return split[1] if split else None


# The name after a saved page's title may be a site's brand rather than a body's name: "... -
# DocsLib" (a re-host of PDFs), "... - GOV.UK". A capitalised word or two (no month, no version)
# still says the file was saved from that site's page, so the title before it is the page's.
_SITE_NAME = re.compile(r" - (?:[A-Z][A-Za-z.]*[A-Z][A-Za-z.]*|[A-Z][a-z]+ [A-Z][a-z]+)$")
# A month after the dash ("... - Mar 21") dates the file; it names no site.
_DATED_NAME = re.compile(r" - (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b", re.I)


def _site_named(source: str) -> bool:
    stem = PurePath(source).stem
    return bool(_SITE_NAME.search(stem)) and not _DATED_NAME.search(stem)


def saved_page(source: str) -> tuple[str, str] | None:
    """(title, site) as a saved page's file name holds them. Saving writes the characters a file
    name cannot hold as "_": ":" and "?" before a space ("Hospitals_ Unsafe Discharge", "other
    care settings_ _ Healthwatch"), and the "|" between a title and its site as " _ " ("NHS urged
    to do more to help patients leave hospital safely _ Healthwatch Greenwich", a local
    Healthwatch's news page; "... _ Healthwatch", healthwatch.co.uk's briefing page). WordPress's
    default title bar puts the site first, then any section, then the page, each after "»"
    ("Laird Farquharson » Blog Archive » Page Title", its default theme's "bloginfo('name')
    wp_title()"; "NHS England » Update on the delivery of the Urgent and Emergency Care Recovery
    Plan", NHS England's board papers and news); a theme may put it last instead."""
    stem = PurePath(source).stem.replace(" _ ", " | ").replace("_ ", ": ")
    parts = stem.split(" » ")
    if len(parts) > 1 and organisation(parts[0]):
        return parts[-1], parts[0]
    stem = " - ".join(parts)
    if (split := site_in_title(stem)) is None and (hosted := REHOSTED.match(stem)):
        split = site_in_title(hosted.group("page"))
    return split


# A site that re-hosts others' documents adds its one-word brand after the document's own
# title and publisher: "Social care 360 - King's Fund - vdocuments" (a King's Fund review on
# vdocuments), as "... - DocsLib" after a Commons Library briefing's title (docslib.org). The
# publisher before the brand is the document's.
REHOSTED = re.compile(r"^(?P<page>.+ - .+) - [A-Za-z][\w.]*$")


# A browser's title bar names the page as its own heading does, where a section label or the
# site's menu stands above that heading: "Adult Social Care" over "Changes to paying for care and
# support at home" (a council's page, saved as "Changes to paying ... - Liverpool City Council"),
# "Oral evidence: Adult social care, HC 1327" under an image's file name and the committee's name
# (committees.parliament.uk, saved as "Oral evidence - Adult social care - HC 1327 - Committees -
# UK Parliament"). A line among the first that has the file name's title's words is the title,
# as the text prints it.
SAVED_TITLE_LINES = 10


def _titled_by_file(u: Understood, raw: str) -> Understood:
    doc = u.document
    split = saved_page(doc.source)
    if split is None or (doc.title is not None and same_words(split[0], doc.title)):
        return u
    lines = [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    line = next((x for x in lines[:SAVED_TITLE_LINES] if same_words(split[0], x)), None)
    if line is None:
        return u
    said = ("title", f"the heading the saved page's file name names: {doc.source}")
    return replace(u, document=replace(doc, title=line), evidence=(*u.evidence, said))


def understand(raw: RawFile, doc_id: str | None = None) -> Understood:
    """A text file as one document; `doc_id` defaults to the file's own id."""
    found = hansard.labels(raw.text)
    strong = any(label.strong for label in found)
    spoken = raw.meta.get("kind") in SPOKEN_KINDS or find_kind(raw.text, strong)[0] in SPOKEN_KINDS
    if not spoken:
        found = ()  # a name or a time alone on a line is a record's label only in a record
    text = hansard.blank(raw.text, {label.line for label in found}) if found else raw.text
    cleaned = clean(text, raw.pages, frozenset(label.line for label in found if label.speaker))
    removed = tuple(
        sorted(
            (
                *cleaned.removed,
                *(Removal(label.line, label.text, _label_reason(label)) for label in found),
            ),
            key=lambda r: r.line,
        )
    )
    printed, issuer = cover_title(raw.text, raw.pages)
    stated = state(raw.text, printed or cleaned.title, cleaned.chamber, spoken=strong)
    meta = {
        "title": stated.title,
        "kind": stated.kind or _by_form(raw, cleaned.removed),
        "publisher": stated.publisher,
        "date": stated.date,
        "chamber": stated.chamber,
        "tabled_by": None,
    }
    evidence = list(stated.evidence)
    if meta["publisher"] is None and issuer:
        meta["publisher"] = issuer
        evidence.append(("publisher", f"the body the first page names with the title: {issuer}"))
    for key, value in raw.stated.items():
        if key == "title" and value and not_a_title(value):
            continue  # a template's placeholder ("Report template") names no document
        if key == "title" and value and (printed or same_words(value, meta["title"])):
            # The title as printed, punctuation and all, is the one a reader cites; where the
            # cover prints other words ("Prescribing of Insulin Pen Needles" under the file's
            # "Prescribing of Insulin Needles"), the cover's are the document's own.
            continue
        if value is not None:  # the file's own metadata (HTML, PDF, DOCX properties)
            meta[key] = value
            evidence.append((key, "the file's own metadata"))
    if meta["title"] != (tidied := tidy(meta["title"])):
        meta["title"] = tidied
        evidence.append(("title", "less what is not the title (ingest/titles.py)"))
    for key, value in raw.meta.items():
        if value is not None:  # null in a sidecar means "not stated", not "erase"
            meta[key] = value
            evidence.append((key, "metadata sidecar"))
    if meta["publisher"] is None and (body := issuer_in_title(meta["title"])):
        meta["publisher"] = body
        evidence.append(("publisher", f"the body whose own document the title names: {body}"))
    if meta["publisher"] is None and (split := site_in_title(meta["title"])):
        meta["title"], meta["publisher"] = split
        evidence.append(("publisher", f"the site named after the page title: {split[1]}"))
    elif meta["publisher"] and meta["title"]:
        meta["title"] = without_site(meta["title"], meta["publisher"])
    if meta["publisher"] is None and (site := saved_site(raw.source)):
        kind, chamber = meta["kind"], meta["chamber"]
        hosted = site in HOSTS and kind in PARLIAMENTARY_KINDS
        meta["publisher"] = hosted_publisher(site, kind, chamber) if hosted else site
        evidence.append(("publisher", f"the site the saved page's file name names: {site}"))
    doc = Document(
        doc_id=doc_id or doc_id_for(raw.source),
        source=raw.source,
        text=cleaned.text,
        content_hash=raw.content_hash,
        title=meta["title"],
        kind=meta["kind"],
        publisher=meta["publisher"],
        date=meta["date"],
        chamber=meta["chamber"],
        dated=date_line(cleaned.text, meta["date"]),
    )
    pages = tuple(raw.pages[n - 1] for n in cleaned.lines) if raw.pages else ()
    runs: list[debate.Run] = []
    if doc.kind in SPOKEN_KINDS:
        paragraphs = "\n\n" in raw.text.replace("\r\n", "\n").strip()
        transcript = doc.kind == "transcript"
        runs = debate.runs(
            cleaned.text, cleaned.blocks, cleaned.lines, found, paragraphs, transcript
        )
        heading: str | None = doc.title
        if SHORT_DEBATE.search(raw.text):
            heading = f"{doc.title or ''} (Question for Short Debate)"
        doc = with_sections(doc, cleaned.blocks, runs, meta["tabled_by"], pages, heading)
    else:
        doc = with_sections(doc, cleaned.blocks, [], None, pages)
    return Understood(
        doc, removed, tuple(evidence), meta["tabled_by"], cleaned.blocks, pages, tuple(runs)
    )


# A document of many pages or words that states no kind is a report, not an article: the
# reports, policies and constitutions of the development corpus run to 14-29 pages and 6,000+
# words; the web articles beside them to under 2,000 words. So is one with a table of contents
# (entries with their page numbers): a web page has no pages to list. Of the three development
# sets, the five documents whose contents list the cleaner removes are all reports (an ICB's
# policy, procedures and constitution, HEE's summary report, and a King's Fund review as a
# document-sharing site's text copy, cut to 2,000 characters, that keeps little else); no
# article or page has one.
REPORT_PAGES = 8
REPORT_WORDS = 5000


def same_words(a: str, b: str | None) -> bool:
    """The same title but for case, punctuation and spacing ("Adults Prescribing" in a PDF's
    properties, "Adults: Prescribing" on its first page)."""
    return b is not None and _words(a) == _words(b)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


# A report is laid out in the sections its readers expect: "Executive summary", "Background",
# "Recommendations", "Next steps", "Action required" (HEE's summary report, an NHS England board
# paper; each a heading on a line of its own, perhaps numbered). Of the labelled sets' 12 web
# articles, one has one such heading ("Key findings" in a Healthwatch news item), none two; a
# page that tells authors how to lay out a board paper has two ("Recommendation", "Key points").
# Headings a blog's long read shares with a report ("Introduction", "Conclusion", "Summary") are
# not counted. The count was chosen on every set (bench/kinds.py --loso; leave-one-set-out it
# chose 2 to 4, and with 4 the board paper is an article).
REPORT_SECTION = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?P<name>executive summary|background|purpose|scope"
    r"|recommendations?|key (?:findings|points|messages)|next steps|action required"
    r"|methodology|foreword)\s*:?$",
    re.IGNORECASE,
)
REPORT_SECTIONS = 3


def report_sections(text: str) -> set[str]:
    """The report sections whose headings the text has, each on a line of its own."""
    found = (REPORT_SECTION.match(line.strip()) for line in text.splitlines())
    return {m.group("name").casefold().rstrip("s") for m in found if m}


def _by_form(raw: RawFile, removed: tuple[Removal, ...]) -> str:
    pages = len({p for p in raw.pages if p is not None})
    if pages >= REPORT_PAGES or len(raw.text.split()) >= REPORT_WORDS:
        return "report"
    if len(report_sections(raw.text)) >= REPORT_SECTIONS:
        return "report"
    return "report" if any(r.reason == CONTENTS for r in removed) else "article"


def _label_reason(label: hansard.Label) -> str:
    if label.speaker:
        return f"speaker label (kept as metadata: {label.speaker})"
    if label.asks:
        return "'Asked by' label (kept as metadata)"
    return "site marker or sitting time"


def from_item(raw: RawFile, item: Item, doc_id: str) -> Understood:
    """A document from one item of a parliamentary record: each speech's paragraphs become
    blocks; each speech a contribution (procedural text a section of no one's)."""
    parts: list[str] = []
    blocks: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for speech in item.speeches:
        first = len(blocks)
        for para in speech.text.split("\n\n"):
            if parts:
                pos += 2
            blocks.append((pos, pos + len(para)))
            parts.append(para)
            pos += len(para)
        spans.append((first, len(blocks) - 1))
    text = "\n\n".join(parts)
    sections: list[Section] = []
    number = 0
    said: list[tuple[str | None, str]] = []
    for speech, role, (f, last) in zip(item.speeches, item.roles, spans, strict=True):
        a, b = blocks[f][0], blocks[last][1]
        if role is None:
            sections.append(Section(a, b))
            continue
        number += 1
        context = None
        if role == "minister":
            context = next((t for r, t in reversed(said) if r != "minister"), None)
        said.append((role, speech.text))
        sections.append(Section(a, b, number, role, speech.speaker, context=context))
    meta: dict[str, Any] = {
        "title": item.title,
        "kind": item.kind,
        "publisher": item.publisher,
        "date": item.date,
        "chamber": item.chamber,
    }
    evidence = [(k, "the record's own markup") for k, v in meta.items() if v is not None]
    for key, value in raw.meta.items():
        if value is not None and key in meta:
            meta[key] = value
            evidence.append((key, "metadata sidecar"))
    doc = Document(
        doc_id=doc_id,
        source=raw.source,
        text=text,
        content_hash=raw.content_hash,
        sections=tuple(sections),
        **meta,
    )
    return Understood(doc, (), tuple(evidence), None, tuple(blocks), ())


def with_sections(
    doc: Document,
    blocks: tuple[tuple[int, int], ...],
    runs: list[debate.Run],
    tabled_by: str | None,
    pages: tuple[int | None, ...] = (),
    heading: str | None = None,
) -> Document:
    """A debate has one section per contribution; a paged document one per page; any other
    document is one section."""
    if doc.kind in SPOKEN_KINDS and runs:
        sections = debate.sections(doc.text, blocks, runs, heading or doc.title, tabled_by)
    elif pages:
        out: list[Section] = []
        for (a, b), page in zip(blocks, pages, strict=True):
            if out and out[-1].page == page:
                out[-1] = replace(out[-1], end=b)
            else:
                out.append(Section(a, b, page=page))
        sections = tuple(out)
    else:
        sections = (Section(0, len(doc.text)),) if doc.text else ()
    return replace(doc, sections=sections)
