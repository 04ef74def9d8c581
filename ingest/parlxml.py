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

from ingest.hansard import NAME, attribution
from ingest.spoken import Item, Speech, ministerial, roles, short_debate

if TYPE_CHECKING:
    from ingest.formats import Extracted

_DAY_ID = re.compile(
    r"/(lords|debate|wrans|westminhall|wms|lordswms|lordswrans)/(\d{4}-\d{2}-\d{2})"
)
_HEADINGS = ("major-heading", "minor-heading")
# Both XML forms are Parliament's own record (ParlParse parses the Official Report that
# publications.parliament.uk publishes, its `url`s say; historic Hansard is Parliament's archive).
PUBLISHER = "UK Parliament"
_SPEECHES = ("speech", "ques", "reply")


def parse(data: bytes) -> tuple[Item, ...]:
    """The items of a parliamentary XML file; ValueError when it is not one."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise ValueError(f"not well-formed XML ({e})") from None
    if root.tag == "publicwhip":
        return _parlparse(root)
    if root.tag in (*_HOUSES, "hansard"):
        return _historic(root)
    if root.tag in _PARTS and (house := _house_of(root)):
        # A sitting's written answers or statements in a file of their own: the house is the one
        # the volume's page images name.
        return tuple(_sitting(root, house))
    raise ValueError(
        f"XML with root <{root.tag}> is not a parliamentary record this reader knows "
        "(ParlParse <publicwhip> or historic Hansard <houselords>/<housecommons>/"
        "<writtenanswers>/<writtenstatements>)"
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
            asks = el.tag == "ques" or el.get("oral-qnum") is not None
            said = attribution(paras[0]) if name is None and len(paras) > 1 else None
            if said and said.act == "asks" and said.name:
                # "Tabled By Earl Howe" over the question for short debate: his question.
                name, asks, paras = said.name, True, paras[1:]
            current["speeches"].append(
                Speech(
                    speaker=name,
                    text="\n\n".join(paras),
                    office=el.get("speakeroffice"),
                    # `oral-qnum`: the member asks a tabled oral question (Commons).
                    asks=asks,
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
        out.append(Item(g["full_title"], date, chamber, kind, speeches, found, PUBLISHER))
    return tuple(out)


# Historic Hansard (the Millbank XML of hansard-archive.parliament.uk): a volume `<hansard>`
# holds sittings; `<section>`s nest inside containers such as `<debates>` and `<oralquestions>`.
_HOUSES = {"houselords": "Lords", "housecommons": "Commons"}
_CONTAINERS = frozenset(
    {
        "debates",
        "oralquestions",
        "writtenanswers",
        "writtenstatements",
        "westminsterhall",
        "grandcommitteereport",
        "group",  # written answers grouped by department
        "section",
    }
)
_WRITTEN = frozenset({"writtenanswers"})
_ASKED_BY_NAME = re.compile(rf"^(?P<name>{NAME}) (?P<asked>asked (?:the|His|Her)\b)")
_PARTS = frozenset({"writtenanswers", "writtenstatements"})
# A page image "S6CV0089P0I0719" names the series, the house (C or L) and the volume.
_IMAGE_HOUSE = re.compile(r"^S\d+(?P<h>[CL])V\d")


def _house_of(root: ET.Element) -> str | None:
    image = root.find(".//image")
    m = _IMAGE_HOUSE.match(image.get("src", "")) if image is not None else None
    return None if m is None else ("Commons" if m["h"] == "C" else "Lords")


# "1. Mr. Douglas asked the Secretary of State for Energy if he will ...": a tabled question.
_ASKED = re.compile(r"^asked the\b", re.IGNORECASE)
# Printing furniture inside a contribution: column numbers and page images.
_PAGE_MARKS = frozenset({"col", "image"})
_BREAK = "\x00"  # where an `<lb/>` stood: the source's line breaks are only wrapping
# An office with the holder's name: "The Parliamentary Under-Secretary of State for Energy
# (Mr. David Hunt)"; later speeches name him "Mr. Hunt".
_OFFICE_HOLDER = re.compile(r"\((?P<name>[^()]+)\)\s*$")
_TITLE_AND_SURNAME = re.compile(
    r"^(?P<title>Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.? (?:\S+ )*(?P<surname>\S+)$"
)


def _historic_text(element: ET.Element) -> str:
    """An element's text without column numbers and page images; `<lb/>` starts a paragraph."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append(_BREAK)
        elif child.tag not in _PAGE_MARKS and child.tag != "memberconstituency":
            parts.append(_historic_text(child))
        parts.append(child.tail or "")
    paras = "".join(parts).split(_BREAK)
    return "\n\n".join(p for p in (" ".join(x.split()) for x in paras) if p)


def _office(label: str) -> str | None:
    """The office in a label that names one with its holder, else None."""
    m = _OFFICE_HOLDER.search(label)
    return label[: m.start()].strip() or None if m else None


def _short_names(label: str) -> set[str]:
    """The names a record uses for an office holder: "Mr. David Hunt", "Mr. Hunt"."""
    m = _OFFICE_HOLDER.search(label)
    name = m.group("name").strip() if m else label
    out = {name}
    if t := _TITLE_AND_SURNAME.match(name):
        out |= {f"{t['title']}. {t['surname']}", f"{t['title']} {t['surname']}"}
    return out


def _flat(section: ET.Element) -> list[ET.Element]:
    """A section's paragraphs and divisions, with those a `<body>` wraps (written answers)."""
    return [x for el in section for x in (list(el) if el.tag == "body" else [el])]


def _historic_speeches(section: ET.Element, oral: bool = False) -> list[Speech]:
    """A section's own paragraphs as speeches: a `<member>` opens one, plain paragraphs go on
    with it, and what follows a division is the record's own (procedural) text. `oral`: the
    section is an oral question, which its first speaker asks. An office printed before the
    `<member>` ("The Parliamentary Under-Secretary of State for Health <member>(Dr. Stephen
    Ladyman)</member>") is part of the label."""
    speeches: list[Speech] = []
    after_division = False
    for el in _flat(section):
        if el.tag == "division":
            after_division = True
            continue
        if el.tag != "p":
            continue
        member, said = el.find("member"), el.find("membercontribution")
        asked = _ASKED_BY_NAME.match(_historic_text(el)) if member is None else None
        if asked:
            # Written answers: "Mr. Canavan asked the Minister of Agriculture ... what ...".
            words = _historic_text(el)[asked.start("asked") :]
            speeches.append(Speech(asked["name"], words, asks=True))
            after_division = False
        elif member is not None:
            label = _historic_text(member)
            before = " ".join((el.text or "").split())
            if before and not re.fullmatch(r"Q?\d+\.?", before):
                label = f"{before} {label}"
            if said is not None:
                words = _historic_text(said).lstrip(":;,. ")
            else:  # written answers: "<member>Mr. Gummer</member>: A note setting out ..."
                rest = ET.Element("p")
                rest.text = member.tail
                rest.extend(list(el)[list(el).index(member) + 1 :])
                words = _historic_text(rest).lstrip(":;,. ")
            first = oral and not any(s.speaker for s in speeches)
            asks = first or bool(_ASKED.match(words))
            speeches.append(Speech(label or None, words, office=_office(label), asks=asks))
            after_division = False
        elif (t := _historic_text(el)) and speeches:
            last = speeches[-1]
            if after_division or last.procedural:
                speeches.append(Speech(None, t, procedural=True))
            else:
                speeches[-1] = replace(last, text=f"{last.text}\n\n{t}")
    return speeches


def _historic(root: ET.Element) -> tuple[Item, ...]:
    houses = [root] if root.tag in _HOUSES else [e for e in root.iter() if e.tag in _HOUSES]
    return tuple(item for house in houses for item in _sitting(house))


def _sitting(house: ET.Element, chamber: str | None = None) -> list[Item]:
    """One sitting's items: every section someone speaks in, titled by the sections it is
    nested in that no one speaks in ("ENERGY: Scottish Coalfield")."""
    chamber = chamber or _HOUSES[house.tag]
    date_el = house.find("date")
    fmt = date_el.get("format", "") if date_el is not None else ""
    date = fmt[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", fmt) else None
    found: list[tuple[str | None, str, list[Speech]]] = []

    def visit(el: ET.Element, heading: tuple[str, ...], kind: str, oral: bool) -> None:
        title_el = el.find("title") if el.tag in ("section", "group") else None
        # A heading hard-wrapped in the printed column ("PETERHEAD HARBOURS (SOUTH BAY<lb/>
        # DEVELOPMENT) ORDER") is one title: its breaks are the column's, not paragraphs.
        own = " ".join(_historic_text(title_el).split()) if title_el is not None else ""
        titles = (*heading, own) if own else heading
        speeches = _historic_speeches(el, oral) if el.tag == "section" else []
        if any(s.speaker for s in speeches):
            found.append((": ".join(titles) or None, kind, speeches))
            titles = ()
        for child in el:
            if child.tag in _CONTAINERS:
                written = "written_question" if child.tag in _WRITTEN else kind
                visit(child, titles, written, oral or child.tag == "oralquestions")

    if house.tag in _PARTS:
        visit(house, (), "written_question" if house.tag in _WRITTEN else "debate", False)
    for child in house:
        if child.tag in _CONTAINERS and house.tag not in _PARTS:
            kind = "written_question" if child.tag in _WRITTEN else "debate"
            visit(child, (), kind, child.tag == "oralquestions")
    # Who answers for the Government by office answers for it all sitting, by short name too.
    ministers = {
        name
        for _, _, speeches in found
        for s in speeches
        if s.speaker and ministerial(s.office)
        for name in _short_names(s.speaker)
    }
    out = []
    for title, kind, speeches in found:
        short = short_debate(speeches, title)
        who = roles(speeches, short_debate=short, complete=True, ministers=ministers)
        out.append(Item(title, date, chamber, kind, tuple(speeches), who, PUBLISHER))
    return out


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
