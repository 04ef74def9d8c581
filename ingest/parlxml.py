"""Parliamentary XML: ParlParse/TheyWorkForYou day files and historic Hansard, item by item.

A ParlParse file holds a whole sitting (or a day of written answers): every heading with
speeches under it becomes one item, titled by its heading, dated by the sitting the ids name,
its chamber from the ids and Hansard URLs. Speakers are the `speakername` attributes; offices
are `speakeroffice`. Historic Hansard XML (`<houselords>`/`<housecommons>`) gives `<section>`s
of `<member>` + `<membercontribution>`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ingest.spoken import Item, Speech, roles, short_debate

if TYPE_CHECKING:
    from ingest.formats import Extracted

_DAY_ID = re.compile(
    r"/(lords|debate|wrans|westminhall|wms|lordswms|lordswrans)/(\d{4}-\d{2}-\d{2})"
)
_HEADINGS = ("major-heading", "minor-heading")
_SPEECHES = ("speech", "ques", "reply")


def parse(data: bytes) -> tuple[Item, ...]:
    """The items of a parliamentary XML file; ValueError when it is not one."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise ValueError(f"not well-formed XML ({e})") from None
    if root.tag == "publicwhip":
        return _parlparse(root)
    if root.tag in ("houselords", "housecommons", "hansard"):
        return _historic(root)
    raise ValueError(
        f"XML with root <{root.tag}> is not a parliamentary record this reader knows "
        "(ParlParse <publicwhip> or historic Hansard <houselords>/<housecommons>)"
    )


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def paragraphs(element: ET.Element) -> list[str]:
    """A speech's paragraphs in order; a table one row per paragraph, cells joined by ' | '."""
    out: list[str] = []
    for child in element:
        if child.tag == "table":
            for row in child.iter("tr"):
                cells = [text(c) for c in row if c.tag in ("td", "th")]
                if any(cells):
                    out.append(" | ".join(cells))
        elif t := text(child):
            out.append(t)
    if not out and (t := text(element)):
        out.append(t)
    return out


def _where(element: ET.Element) -> tuple[str | None, str | None, str | None]:
    """(date, chamber, kind of record) from an element's ParlParse id and Hansard URL."""
    ident, url = element.get("id", ""), element.get("url", "")
    m = _DAY_ID.search(ident)
    date = m.group(2) if m else None
    chamber = None
    if (m and m.group(1).startswith("lords")) or "/pa/ld" in url:
        chamber = "Lords"
    elif m or "/pa/cm" in url:
        chamber = "Commons"
    return date, chamber, m.group(1) if m else None


def _parlparse(root: ET.Element) -> tuple[Item, ...]:
    groups: list[dict[str, Any]] = []
    major: dict[str, Any] | None = None
    current: dict[str, Any] | None = None
    for el in root:
        if el.tag in _HEADINGS or el.tag == "oral-heading":
            heading = {"title": text(el), "el": el, "speeches": [], "major": None}
            if el.tag == "major-heading":
                major = heading
            elif el.tag == "minor-heading":
                heading["major"] = major
            current = heading
            if el.tag != "oral-heading":
                groups.append(heading)
        elif el.tag in _SPEECHES and current is not None:
            paras = paragraphs(el)
            if not paras:
                continue
            name = el.get("speakername")
            current["speeches"].append(
                Speech(
                    speaker=name,
                    text="\n\n".join(paras),
                    office=el.get("speakeroffice"),
                    asks=el.tag == "ques",
                    answers=el.tag == "reply",
                    procedural=name is None,
                )
            )
    # A major heading with no one speaking under it is a container ("HEALTH", a bill's name):
    # its minor headings carry it as a prefix.
    spoken = {id(g) for g in groups if any(not s.procedural for s in g["speeches"])}
    items: list[tuple[dict[str, Any], bool]] = []
    for g in groups:
        if not any(not s.procedural for s in g["speeches"]):
            continue
        major_g = g["major"]
        title = g["title"]
        if major_g is not None and id(major_g) not in spoken and major_g["title"]:
            title = f"{major_g['title']}: {title}"
        g["full_title"] = title
        items.append((g, short_debate(g["speeches"], title)))
    # Who answers an oral question for the Government answers for it all day.
    ministers: set[str] = set()
    for g, short in items:
        found = roles(g["speeches"], short_debate=short, complete=True)
        ministers |= {
            s.speaker
            for s, r in zip(g["speeches"], found, strict=True)
            if r == "minister" and s.speaker
        }
    out = []
    for g, short in items:
        date, chamber, record = _where(g["el"])
        kind = "written_question" if record in ("wrans", "lordswrans") else "debate"
        speeches = tuple(g["speeches"])
        if record in ("wms", "lordswms"):
            # A written ministerial statement: its author makes it for the Government.
            speeches = tuple(replace(s, answers=not s.procedural) for s in speeches)
        found = roles(speeches, short_debate=short, complete=True, ministers=ministers)
        out.append(Item(g["full_title"], date, chamber, kind, speeches, found))
    return tuple(out)


def _historic(root: ET.Element) -> tuple[Item, ...]:
    chamber = {"houselords": "Lords", "housecommons": "Commons"}.get(root.tag)
    date_el = root.find(".//date")
    date = None
    if date_el is not None:
        fmt = date_el.get("format", "")
        date = fmt[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", fmt) else None
    out = []
    for section in root.iter("section"):
        title_el = section.find("title")
        speeches: list[Speech] = []
        for p in section.findall("p"):
            member = p.find("member")
            said = p.find("membercontribution")
            if member is not None and said is not None:
                label = text(member)
                speeches.append(Speech(label or None, text(said), office=label))
            elif speeches and (t := text(p)):
                last = speeches[-1]
                speeches[-1] = Speech(last.speaker, f"{last.text}\n\n{t}", last.office)
        if not any(s.speaker for s in speeches):
            continue
        title = text(title_el) if title_el is not None else None
        short = short_debate(speeches, title)
        found = roles(speeches, short_debate=short, complete=True)
        kind = "debate"
        out.append(Item(title, date, chamber, kind, tuple(speeches), found))
    return tuple(out)


def read(data: bytes) -> Extracted:
    """The formats reader for `.xml`: the record's text, item by item (the items themselves
    come from `parse`)."""
    from ingest.formats import Extracted  # formats registers this reader: import it late

    items = parse(data)
    if not items:
        raise ValueError("the XML holds no debate or question with a named speaker")
    text = "\n\n".join(
        "\n\n".join([item.title or "", *(s.text for s in item.speeches)]) for item in items
    )
    return Extracted(text, ())
