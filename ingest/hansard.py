"""Parliamentary text copies: the lines that name who speaks, and the site markers around them.

Copies of Hansard text come from hansard.parliament.uk, Parallel Parliament, TheyWorkForYou and
Historic Hansard. Each names speakers on lines of its own, in its own form:

- Parallel Parliament: "Baroness Wheeler Portrait Baroness Wheeler (Lab)", or with an office,
  "Baroness Blake of Leeds Portrait Baroness in Waiting/Government Whip (Baroness Blake of
  Leeds) (Lab)", followed by a "- Hansard - - - Excerpts" marker line;
- TheyWorkForYou: "Photo of Baroness Thornton Baroness Thornton Shadow Spokesperson (Health)",
  and "Baroness Thornton:" before a motion or amendment;
- Historic Hansard and hansard.parliament.uk: an office with the name in brackets on its own
  line, "The Parliamentary Under-Secretary of State, Department of Health (Lord Hunt of Kings
  Heath)";
- written questions: "Asked by: Maya Ellis (Labour - Ribble Valley)" and "Answered by Stephen
  Kinnock - Minister of State (Department of Health and Social Care)".

"Asked by" on a line of its own marks the next named speaker as the asker. A label line is
metadata, not quotable text: the caller removes it and reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath

# The forms a member's name takes in the Lords and the Commons.
_HONORIFIC = (
    r"(?:The )?(?:Lord|Baroness|Lady|Earl|Countess|Viscount|Viscountess|Marquess|Duke|"
    r"(?:Lord |Right Reverend |Most Reverend )?(?:Bishop|Archbishop)|Mr\.?|Mrs\.?|Ms\.?|Miss|"
    r"Dr\.?|Sir|Dame|Madam|Noble Lords|Several hon\. Members|Hon\. Members)"
)
NAME = rf"{_HONORIFIC}(?: [A-Z][\w’'.-]*| of| and| the| upon| in| de| le){{0,9}}"
PORTRAIT = re.compile(r"^(?P<name>[A-Z][^\n.?!;:]{2,80}?) Portrait (?P<label>.+)$")
PHOTO = re.compile(r"^Photo of (?P<name>.{3,80}?) (?P=name)\b\s*(?P<office>.*)$")
COLON_NAME = re.compile(rf"^(?P<name>{NAME}):$")
# Historic Hansard and hansard.parliament.uk put the member's name alone above the speech.
BARE_NAME = re.compile(rf"^{NAME}$")
# A Commons member's name has no title: "Wes Streeting", "Dr Caroline Johnson".
_PLAIN_NAME = r"[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,4}"
OFFICE_NAME = re.compile(
    rf"^(?P<office>(?:The )?[A-Z][^()]{{2,150}}?) \((?P<name>{NAME}|{_PLAIN_NAME})\)$"
)
# Parallel Parliament sets the portrait's words on a line of their own, the name and any office on
# the lines under it: "Answered by" / "Gillian Keegan Portrait" / "Gillian Keegan" / "Secretary of
# State for Education" (a Commons written question, 2021), "Baroness Bloomfield of Hinton Waldrist
# Portrait" (a Lords one, 2022), as hansard.parliament.uk runs them into one line (`PORTRAIT`).
PORTRAIT_ALONE = re.compile(rf"^(?P<name>{NAME}|{_PLAIN_NAME}) Portrait$")
# A Commons member is named with the seat: "Wes Streeting (Ilford North) (Lab)"
# (hansard.parliament.uk), "Mr. Bob Cryer (Bradford, South)", "Jackie Ballard (Taunton)"
# (Historic Hansard, 1993-2000).
NAME_SEAT = re.compile(rf"^(?P<name>{NAME}|{_PLAIN_NAME}) \((?P<seat>[A-Z][^()]{{2,60}})\)$")
# ... but a debate's heading has the same shape: "NHS Services (Charging)", "Health Bill
# (Lords)", "Social Care (Wales)". A member's name holds no word for a body, a measure or a
# service, and a seat is never a whole nation.
NOT_A_MEMBER = re.compile(
    r"\b(?:NHS|Bill|Act|Acts|Order|Regulations|Service|Services|Care|Health|Hospitals?|Trusts?|"
    r"Board|Fund|Funding|Charges|Charging|Amendment|Lords|Commons|England|Scotland|Wales|"
    r"Northern Ireland|United Kingdom)\b"
)
# The member who chairs a sitting, as the sites label them: "Mr George Howarth (in the Chair)"
# (Parallel Parliament, Westminster Hall, 2016 and 2024), as hansard.parliament.uk heads the
# sitting "[Graham Stringer in the Chair]" (Westminster Hall, 2022). The chair is a member.
IN_CHAIR = re.compile(r"^(?P<name>[A-Z][^()\n]{2,60}?) \(in the Chair\)$")
IN_CHAIR_OFFICE = "in the Chair"
SEAT_LINE = re.compile(r"^\([A-Z][^()]{2,60}\)$")
PARTIES = r"(?:Lab|Lab/Co-op|Con|LD|CB|Bp|Non-Afl|Ind\w*|SNP|DUP|PC|Green|Reform)"
PARTY_LINE = re.compile(rf"^\({PARTIES}\)$")
# The record's own words for who tables, asks, moves or goes on speaking: one table for every
# form the record comes in, each phrase a Hansard convention that holds across decades and sites.
# - "Asked by" (hansard.parliament.uk, written questions and questions for short debate) and
#   "Tabled By" (Parallel Parliament, 2012; ParlParse Lords XML, 2009), the name after it or on
#   the next label line;
# - "Moved by" (hansard.parliament.uk and Parallel Parliament, over the motion; TheyWorkForYou
#   and ParlParse, over an amendment);
# - "LORD X rose to call attention to ...; and to move for Papers.", "X rose to ask ..." and
#   "The noble Earl said: My Lords, ..." (Historic Hansard, Lords, 1952, 1956 and 1998): the
#   member opens the debate on their motion or question for short debate, and the speech that
#   follows is theirs.
_CAPS_NAME = (
    r"(?:THE )?(?:LORD|BARONESS|LADY|EARL|COUNTESS|VISCOUNT|VISCOUNTESS|MARQUESS|DUKE)"
    r"(?: [A-Z][A-Z’'-]*){0,6}"
)
# Historic Hansard's Lords, 1950s-1970s, heads a speech with the member in capitals on a line
# of its own, or the office with the member in brackets: "BARONESS SUMMERSKILL", "LORD MORRISON
# OF LAMBETH" (1960, 1961, 1969, 1972), "THE MINISTER OF STATE, HOME OFFICE (VISCOUNT COLVILLE
# OF CULROSS)" (1972).
CAPS_NAME = re.compile(rf"^{_CAPS_NAME}$")
CAPS_OFFICE_NAME = re.compile(
    rf"^(?P<office>THE [A-Z][A-Z ,’'-]{{2,150}}) \((?P<name>{_CAPS_NAME})\)$"
)
_NOT_A_MEMBER_CAPS = re.compile(r"\b(?:DEPARTMENT|OFFICE|BILL|ACT|ORDER|COMMITTEE|PRAYERS?)\b")
# A written question re-hosted as the answer's notice words them the same way: "Question from
# Lord Alton of Liverpool:" over the question, "Answer:" over the answering Minister's name
# (a peer's own site, 2020), as parliament.uk's "Asked by" and "Answered by".
# The member's party and seat in brackets may hold brackets of their own: "Asked by: Gareth
# Thomas (Labour (Co-op) - Harrow West)" (Parallel Parliament, 2025), as Labour and Co-operative
# members are labelled on every site ("Main Page: ... (Labour (Co-op) - ...)", parliament.uk).
IN_BRACKETS = r"(?:[^()\n]|\([^()\n]*\))*"
ASKED_BY = re.compile(
    r"^(?:(?:Asked|Tabled) [bB]y|Question from):?\s*(?P<name>[A-Z][^()\n.?!,;:]{1,60}?)?"
    rf"\s*(?:\((?P<seat>{IN_BRACKETS})\))?:?\s*$"
)
# "Answered by" alone on a line, the Minister's label below it (Parallel Parliament, 2022), as
# "Asked by" alone (hansard.parliament.uk).
ANSWERED_BY = re.compile(
    r"^(?:Answered by:?\s*(?P<name>[A-Z][^()\n.?!,;:-]{1,60}?)?(?:\s+-\s+(?P<office>.+))?"
    r"|Answer:)\s*$"
)
# parliament.uk's page of one question copies no names: "Answered on" with the answer's date,
# or over it, heads the answer (questions-statements.parliament.uk, 2023; the listing, 2020,
# puts "Answered on: 05 June 2020" under "Answered by"). The line states the date: it stays.
ANSWERED_ON = re.compile(r"^Answered on:?(?:\s+\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4})?$")
MOVED_BY = re.compile(rf"^Moved [bB]y:?\s*(?P<name>{NAME})?\s*$")
ROSE_TO = re.compile(
    rf"^(?P<name>{NAME}|{_CAPS_NAME}) rose to (?:call attention|draw attention|move|ask)\b"
)
# "Earl Howe moved Amendment No. 1: Page 1, line 10, at end insert ..." then "The noble Earl said:
# My Lords, in moving Amendment No. 1, ..." (Historic Hansard, Lords, 1990 and 2003; the Official
# Report prints the Lords' amendments so): the record of the member moving the amendment names the
# member whose speech follows. Their words are the amendment's; the speech goes on with them.
MOVED_AMENDMENT = re.compile(rf"^(?P<name>{NAME}|{_CAPS_NAME}) moved Amendments? No")
NOBLE_SAID = re.compile(
    r"^The noble (?:and learned |and gallant |and right reverend )?(?:Lord|Baroness|Lady|"
    r"Earl|Countess|Viscount|Viscountess|Marquess|Duke) said:\s*(?=\S)"
)
ATTRIBUTION: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("asks", ASKED_BY),
    ("moves", MOVED_BY),
    ("asks", ROSE_TO),
    ("moved", MOVED_AMENDMENT),
    ("goes on", NOBLE_SAID),
)


@dataclass(frozen=True)
class Attribution:
    """What the record says a paragraph or line is: `act` "asks" (tabled or asked the question,
    or opens the debate on their motion), "moves" (the motion under it is the member's), "moved"
    (the member moved the amendment the paragraph gives) or "goes on" (the speech is the last
    named member's); `name` as stated (None where the words name nobody); `skip`: the
    characters that are the record's label, not the member's words ("The noble Lord said: ")."""

    act: str
    name: str | None
    skip: int


def attribution(text: str) -> Attribution | None:
    """The attribution phrase a paragraph or line opens with, if any."""
    for act, pattern in ATTRIBUTION:
        if m := pattern.match(text):
            name = m.groupdict().get("name")
            # "X rose to ..." and "X moved Amendment ..." are the record of what they did
            label = pattern not in (ROSE_TO, MOVED_AMENDMENT)
            return Attribution(act, name.strip() if name else None, m.end() if label else 0)
    return None


# Site markers beside a speaker label ("- Hansard - - - Excerpts", and "- View Speech - Hansard
# - -" or "- Parliament Live - Hansard - -" on a member's copy of a debate: the links the site
# offers beside each speech, 2021 and 2025); a sitting's clock time ("13:26", "3.8 p.m.").
MARKER = re.compile(
    r"^-\s*((?:View Speech|Parliament Live|Watch)\s*-\s*)*Hansard\s*(-\s*)+(Excerpts)?$"
    r"|^Question to the .+:$|^.{3,80} Excerpts$",
    re.IGNORECASE,
)
CLOCK = re.compile(r"^\d{1,2}[.:]\d{1,2}(\s*[ap]\.?\s?m\.?)?$", re.IGNORECASE)
_PARTY = re.compile(rf"\s*\((?:[A-Z][A-Za-z]{{0,5}}|{PARTIES}|Ind [^)]*|{IN_BRACKETS} - [^()]*)\)$")


# A transcript names the speaker at the start of the line: "**Dr Townson**: Thank you" (bold,
# Markdown or reStructuredText) or "LADY HALLETT: Thank you" (inquiry transcripts).
INLINE = re.compile(
    r"^(?:\*\*(?P<bold>[A-Z][^*\n]{1,60}?)\*\*\s*:|"
    r"(?P<caps>(?:MR|MRS|MS|MISS|DR|SIR|DAME|LADY|LORD|PROFESSOR|THE)\.? "
    r"(?:[A-Z][A-Z'’-]+ ){0,3}[A-Z][A-Z'’-]+):)\s+(?=\S)"
)


# The Official Report (publications.parliament.uk, Lords and Commons) runs the speaker into the
# paragraph: "Lord Feldman: My Lords, ...", "The Parliamentary Under-Secretary of State,
# Department of Health (Lord Hunt of Kings Heath): My Lords, ...", and reports the tabled
# question as "Lord Feldman asked Her Majesty's Government:". Read only in a parliamentary text.
# In the Commons the name may carry the seat and party, and the colon a space before it (a name
# without a title only with both, so a body's name with its initials is not read as a member's):
# "Glenda Jackson (Hampstead and Highgate) (Lab): May we ...", "Mr. John Maples
# (Stratford-on-Avon): I beg to move," (2004 and 1997), "Mr. Hayes : To ask ..." (1989).
_ASIDE = r"(?: \([A-Z][^()\n]{1,60}\))"
# A Commons minister's office runs in with the name untitled: "The Leader of the House of Commons
# (Lucy Powell): I thank ..." (the Official Report; hansard.parliament.uk prints the same label on
# a line of its own, `OFFICE_NAME`).
OFFICIAL = re.compile(
    rf"^(?:(?P<name>{NAME}|(?:The )?[A-Z][^():\n]{{2,150}}? \({NAME}\)"
    rf"|The [A-Z][^():\n]{{2,150}}? \((?P<held>{_PLAIN_NAME})\)){_ASIDE}{{0,2}}"
    rf"|(?P<member>{_PLAIN_NAME}){_ASIDE} \({PARTIES}\)) ?:\s+(?=\S)"
    rf"|^(?:§\s*)?(?P<asker>{NAME}) (?=asked (?:the|His|Her)\b)"  # § marks a paragraph (`GLUED`)
)


# The same label run into the speech with no colon and no space, as a page's text comes out where
# the label and the speech are separate elements: "§ Mr. WaldegraveThe NHS management executive
# ...", "§ 13. Mr. BidwellTo ask the Secretary of State ..." (Historic Hansard, Commons oral
# answers, 1991), "Lord Bruce of DoningtonMy Lords, does ..." (Historic Hansard, Lords, 1995). The
# label is a titled name; it ends where a word that opens sentences begins with its capital right
# after a small letter (a surname's own capital, "McCartney", "MacIsaac", opens no sentence). The
# paragraph mark and the question's number before it are the record's.
_OPENS = (
    r"(?:My|I|The|To|What|When|Where|Which|Who|Why|How|Does|Do|Did|Is|Are|Was|Will|Would|Can|"
    r"Could|May|Should|Has|Have|In|On|As|At|We|It|That|This|There|Yes|No|Order|He|She|They|"
    r"Thank|First|Perhaps|If|Although|Since|Given|Further|Following|Our|Not)\b"
)
GLUED = re.compile(
    rf"^(?:§\s*)?(?:T?\d{{1,3}}\.\s*)?(?P<name>{_HONORIFIC}"
    rf"(?: (?:[A-Z][\w’'.-]*|of|and|the|upon|in|de|le)){{0,8}}? [A-Z][\w’'.-]*?[a-z])(?={_OPENS})"
)


def official_label(block: str) -> tuple[str, int] | None:
    """The speaker an Official Report paragraph opens with, and the characters the label takes
    (the words "asked ..." stay: they are the record of the question)."""
    m = OFFICIAL.match(block)
    if not m:
        glued = GLUED.match(block)
        return (glued.group("name"), glued.end()) if glued else None
    if (member := m.group("member")) and NOT_A_MEMBER.search(m.group(0)):
        return None
    if (held := m.group("held")) and NOT_A_MEMBER.search(held):
        return None
    return (m.group("name") or member or m.group("asker")).strip(), m.end()


# A select committee's oral evidence numbers each question and names its speaker before a colon:
# "Q1 Chair: Good afternoon." and "Q2 Paul Blomfield: ...", the witness's answer under it as
# "Helen Whately: Thank you" (committees.parliament.uk, Commons and Lords committees; "Q1 The
# Chair:" in the Lords'). Read only in a transcript: a plain name before a colon is a label there,
# and in an article may be anything.
COMMITTEE = re.compile(
    rf"^(?:Q\d{{1,4}}\s+)?(?P<name>(?:The )?Chair(?:man|woman)?|{NAME}|{_PLAIN_NAME}):\s+(?=\S)"
)
QUESTION_NUMBER = re.compile(r"^Q\d{1,4}\s+(?=[A-Z])")


def numbered_question(line: str) -> bool:
    """A committee transcript's numbered question with its asker: "Q1 Chair: ..." (an FAQ's
    "Q1 How do I apply: ..." names nobody)."""
    return bool(QUESTION_NUMBER.match(line)) and committee_label(line) is not None


def committee_label(block: str) -> tuple[str, int] | None:
    """The speaker a committee transcript's paragraph opens with, and the label's length."""
    m = COMMITTEE.match(block)
    if not m or NOT_A_MEMBER.search(m.group("name")) or len(m.group("name").split()) > 5:
        return None
    return m.group("name"), m.end()


def inline_label(block: str) -> tuple[str, int] | None:
    """The speaker a transcript line opens with, and how many characters the label takes."""
    m = INLINE.match(block)
    if not m:
        return None
    return (m.group("bold") or m.group("caps")).strip(), m.end()


@dataclass(frozen=True)
class Label:
    """A line that names who speaks next, or a marker line that is no one's words."""

    line: int  # 1-based, in the original text
    text: str
    speaker: str | None = None
    office: str | None = None
    asks: bool = False
    answers: bool = False
    # A form only parliamentary sites use ("Portrait", "Photo of", "Asked by: ... Answered
    # by"): it alone shows the text is a parliamentary record. The other forms (a name or an
    # office alone on a line, a clock time) count only in a text known to be one.
    strong: bool = False


def _without_party(label: str) -> str:
    return _PARTY.sub("", label.strip())


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _as_in(name: str, label: str) -> str | None:
    """The name as the label spells it, apostrophes aside (a portrait's caption "Neil O'Brien",
    its label "... (Neil O’Brien)"), or None when the label does not hold it."""
    at = _plain(label).find(_plain(name))
    return label[at : at + len(name)] if at >= 0 else None


# Hansard names a Commons member in full when first called and by title and surname after:
# "Mr Alistair Carmichael (Orkney and Shetland) (LD)", then "Mr Carmichael"; "Ms Dorries",
# "Mrs Lewell-Buck", "Mr Hunt" (hansard.parliament.uk; Historic Hansard's "Mr. Hunt"). Parallel
# Parliament's portrait caption keeps the full name beside the short label ("Alistair Carmichael
# Portrait Mr Carmichael", Commons oral questions of 2015, 2017 and 2019): the same member.
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame")
SHORT_NAME = re.compile(rf"^(?P<title>{'|'.join(_TITLES)})\.? (?P<surname>[A-Z][\w’'.-]+)$")


def shortens(short: str, full: str) -> bool:
    """`short` is the title-and-surname form of the member `full` names: "Mr Carmichael" of a
    caption's "Alistair Carmichael", "Mrs. Bottomley" of "Mrs. Virginia Bottomley" (a title in
    `full` is the same title; a name stands before the surname)."""
    if not (m := SHORT_NAME.match(short)):
        return False
    words = _plain(full).replace(".", "").split()
    if words and words[0] in _TITLES:
        if words[0] != m["title"]:
            return False
        words = words[1:]
    return len(words) >= 2 and words[-1] == _plain(m["surname"]).replace(".", "")


def _captioned(caption: str, label: str) -> str | None:
    """The caption's name where the label is the member's short form of it, else None."""
    return caption if shortens(_without_party(label), caption) else None


# A numbered question heads the member who asks it: "11. Mr. Fabricant" over "To ask the Secretary
# of State for Health ..." (Historic Hansard, Commons oral answers, 1993), "16. Mr. Lewis" (its
# written answers, 1993), as the Official Report runs it in ("1. John Pugh (Southport) (LD): What
# plans ...", publications.parliament.uk, 2015); "T1." a topical question.
ORDER_NUMBER = re.compile(r"^T?\d{1,3}\.\s+(?=[A-Z])")


def read_label(line: str, party: bool = False) -> Label | None:
    """What a stripped line says about the speaker, or None when it is ordinary text.
    `party`: the line ended with a party, set aside ("Wes Streeting (Ilford North) (Lab)")."""
    if (m := PORTRAIT.match(line)) and (
        name := _as_in(m.group("name").strip(), m.group("label"))
        or _captioned(m.group("name").strip(), m.group("label"))
    ):
        label = _without_party(m.group("label"))
        office = None
        if label != name and (o := re.match(rf"^(.+?) \({re.escape(name)}\)$", label)):
            office = o.group(1)
        elif IN_CHAIR.match(label):
            office = IN_CHAIR_OFFICE
        return Label(0, line, name, office, strong=True)
    if m := PORTRAIT_ALONE.match(line):
        return Label(0, line, m.group("name"), strong=True)
    if m := PHOTO.match(line):
        office = m.group("office").strip() or None
        return Label(0, line, m.group("name").strip(), office, strong=True)
    if m := ANSWERED_BY.match(line):
        name = m.group("name")
        if name is None:
            return Label(0, line, answers=True)
        return Label(0, line, name.strip(), m.group("office"), answers=True, strong=True)
    if m := ASKED_BY.match(line):
        name = m.group("name")
        return Label(0, line, name.strip() if name else None, asks=True, strong=bool(name))
    if (m := IN_CHAIR.match(line)) and re.fullmatch(rf"{NAME}|{_PLAIN_NAME}", m.group("name")):
        return Label(0, line, m.group("name"), IN_CHAIR_OFFICE)
    if MARKER.match(line) or CLOCK.match(line) or PARTY_LINE.match(line):
        return Label(0, line)
    if (m := ORDER_NUMBER.match(line)) and (found := read_label(line[m.end() :], party)):
        # The question's number on the Order Paper before its member: the member asks it.
        return replace(found, text=line, asks=True) if found.speaker else None
    if line.endswith(")") and (bare := _without_party(line)) != line:
        # "Baroness Pitkeathley (Lab)": the same forms, the party aside.
        found = read_label(bare, party=True)
        return replace(found, text=line) if found and found.speaker else None
    if m := COLON_NAME.match(line):
        return Label(0, line, m.group("name"))
    if BARE_NAME.match(line) and len(line.split()) <= 8:
        return Label(0, line, line)
    if CAPS_NAME.match(line) and not _NOT_A_MEMBER_CAPS.search(line):
        return Label(0, line, line)
    if (m := CAPS_OFFICE_NAME.match(line)) and not _NOT_A_MEMBER_CAPS.search(m.group("name")):
        return Label(0, line, line, m.group("office"))
    if (m := OFFICE_NAME.match(line)) and (
        re.fullmatch(NAME, m.group("name")) or m.group("office").startswith("The ")
    ):
        # Historic Hansard states the speaker as office and name together: keep it as stated.
        return Label(0, line, line, m.group("office"))
    if (m := NAME_SEAT.match(line)) and (party or not NOT_A_MEMBER.search(line)):
        return Label(0, line, m.group("name"))
    return None


def labels(raw: str) -> tuple[Label, ...]:
    """Every label and marker line of a text, with its 1-based line number. A member's name
    that the page's "Main Page:" header repeats heads the page, not a speech."""
    page_of = set(re.findall(r"Main Page:\s*([^()\n]+?)\s*\(", raw))
    out = []
    named = 0  # the line of the last label naming a member
    seated: set[str] = set()  # members this record has named with their seat
    for number, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            continue
        found = read_label(stripped)
        if found is None and stripped in seated:
            # Historic Hansard names a Commons member with the seat at the first speech and by
            # the name alone after: "Jackie Ballard (Taunton)", later "Jackie Ballard".
            found = Label(0, stripped, stripped)
        if found and found.speaker and NAME_SEAT.match(_without_party(stripped)):
            seated.add(found.speaker)
        if found and found.speaker in page_of and not found.strong:
            continue
        if found is None and named == number - 1 and SEAT_LINE.match(stripped):
            found = Label(0, stripped)  # "Asked by Ben Lake" over "(Ceredigion)": the seat
        named = number if found and found.speaker else named
        if found:
            out.append(
                Label(
                    number,
                    stripped,
                    found.speaker,
                    found.office,
                    found.asks,
                    found.answers,
                    found.strong,
                )
            )
    return tuple(out)


# A browser saves a page as "<page title> - <site>.txt", and saving writes ":" as "_": "Hospitals_
# Unsafe Discharge - Hansard - UK Parliament", "Care Bill [HL] (Baroness Greengross) - Parallel
# Parliament" (the member whose page it was), "Terminally Ill Adults (End of Life) Bill Debate -
# Lord Harper - Parallel Parliament", "Adult Social Care Funding - Hansard - UK Parliament".
SAVED_PAGE = re.compile(r"^(?P<title>.+?)(?: Debate)?(?: \((?P<member>[^()]+)\))? - \S")


def saved_title(source: str) -> str | None:
    """The page title a saved parliamentary page's file name holds, or None when the name is not
    a saved page's ("<title> - <site>"), or its title is a web address's words run together
    ("HospitalsDelayedDischarges")."""
    stem = PurePath(source).stem
    m = SAVED_PAGE.match(stem)
    if not m or " " not in m.group("title").strip():
        return None
    title = m.group("title").replace("_ ", ": ").strip()
    if (member := m.group("member")) and (
        not re.fullmatch(rf"{NAME}|{_PLAIN_NAME}", member) or NOT_A_MEMBER.search(member)
    ):
        title = f"{title} ({member})"  # "NHS Services (Charging)": the title's own brackets
    return title


# A listing of written questions or statements heads each item with its type on a line alone.
ITEM_HEADING = re.compile(r"^Written (Question|Statement|Answer)$", re.IGNORECASE)


def listing(raw: str) -> list[tuple[str, str | None]]:
    """A listing page's items: (text, heading) per item, where the page heads two or more
    items with "Written Question"; the page's lines above the first item go with it. A page
    of one item (or none) is [] and stays one document."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if ITEM_HEADING.match(line.strip())]
    if len(starts) < 2:
        return []
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        first = 0 if n == 0 else start
        heading = next((x.strip() for x in lines[start + 1 : end] if x.strip()), None)
        out.append(("\n".join(lines[first:end]), heading))
    return out


def blank(raw: str, lines: set[int]) -> str:
    """The text with the given lines emptied, every other line and all numbering kept."""
    parts = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join("" if i in lines else p for i, p in enumerate(parts, 1))
