"""Who speaks in a parliamentary record, and in which role: question, minister or member.

Roles come from the source's own evidence, in this order: what the source says a contribution
is (a written question, its answer), the office it gives the speaker ("The Parliamentary
Under-Secretary of State", "Baroness in Waiting/Government Whip"), who asked the question or
moved the motion, and who answered the question. A speaker the source does not name stays None.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ingest.hansard import shortens

# Government offices as Hansard, Parallel Parliament and ParlParse state them. "Shadow" posts
# and the chair's offices (Speaker, Deputy Speaker, Chairman) are not the Government's.
_MINISTERIAL = re.compile(
    r"\b(minister|secretary of state|under-secretary|parliamentary secretary|"
    r"government whip|(lord|baroness|lady) in waiting|captain of the|chief whip|"
    r"leader of the house|lord privy seal|chancellor of the|attorney general|"
    r"solicitor general|advocate general|comptroller of|treasurer of|vice-chamberlain|"
    r"lord commissioner|paymaster general|prime minister)\b",
    re.IGNORECASE,
)
_NOT_GOVERNMENT = re.compile(r"\bshadow\b|\bopposition\b", re.IGNORECASE)
# The chair of a sitting: "Mr Speaker", "Madam Deputy Speaker (Dame Rosie Winterton)" (Commons,
# hansard.parliament.uk and Parallel Parliament), "The Chair (Sir Roger Gale)", "Mr George
# Howarth (in the Chair)" (Westminster Hall), "The Deputy Chairman of Committees (Lord X)"
# (Lords). The chair calls members and keeps order between them, and so speaks often and right
# after members who address the Minister: never the Minister by those signs.
CHAIR = re.compile(
    r"\b(?:(?:Deputy )?Speaker|in the Chair|The Chair|(?:Deputy )?Chairman)\b", re.IGNORECASE
)


def chairs(s: Speech) -> bool:
    return bool(CHAIR.search(s.office or "") or CHAIR.search(s.speaker or ""))


# The tabled question as the order paper words it, or as the record reports it being asked:
# "Lord Feldman asked Her Majesty's Government:" (Historic Hansard, the Official Report),
# "Mr. Douglas asked the Secretary of State for Energy if ..." (historic Hansard XML).
TABLED = re.compile(
    r"^(My Lords, )?To ask (His|Her) Majesty[’']s Government\b|^To ask the\b"
    r"|^asked (His|Her) Majesty[’']s Government\b|^asked the\b",
    re.IGNORECASE,
)
# An office with its holder's name: "The Parliamentary Under-Secretary of State, Department of
# Health (Lord Hunt of Kings Heath)"; the record names him "Lord Hunt of Kings Heath" later.
_HOLDER = re.compile(r"\((?P<name>[^()]+)\)\s*$")
# An urgent question is printed with its type before it, amid the exchange that grants it ("Order.
# What the hon. Lady needs to do is just ask the Minister ..."): "(Urgent Question): To ask the
# Minister to respond to ..." (the Commons record as hansard.parliament.uk and Parallel Parliament
# copy it). It is the asker's, though the copy still reads as one that starts mid-exchange.
URGENT = re.compile(r"^\(Urgent Question\):? To ask\b", re.IGNORECASE)
# "My Lords, on behalf of my noble friend Lord Dubs, ... I beg leave to ask the Question
# standing in his name on the Order Paper": the speaker asks for the member named.
ON_BEHALF = re.compile(r"\bbeg leave to ask the Question standing in (his|her|my) name\b", re.I)
# A motion moved by its member (not an amendment): "I beg to move, That this House ...".
MOTION = re.compile(
    r"^(My Lords, )?I beg to move,? (that|That) (this House|the Bill|this Bill)\b(?!.*Amendment)"
)
# The Government's statement to the House, in the Commons and repeated in the Lords: "With
# permission, I would like to make a statement" (hansard.parliament.uk, 2022; Parallel Parliament,
# 2024), "With your permission, Mr Deputy Speaker, I would like to make a statement"
# (hansard.parliament.uk, 2021), "With permission, Mr. Speaker, I should like to make a statement"
# (Historic Hansard), "My Lords, with the leave of the House, I shall now repeat a Statement"
# (Historic Hansard, Lords, 1989). The chair may be addressed between the leave and the words.
STATEMENT = re.compile(
    r"^(With (your )?permission|With the leave of the House|My Lords, with (the )?(permission|"
    r"leave) of the House)(,? (Mr\.?|Madam) (Deputy )?Speaker)?,? I (would like to|should like to|"
    r"shall|will|wish to) (now )?(make|repeat)\b.*\bstatement",
    re.IGNORECASE,
)
# A motion only the Government moves, so its mover answers for the Government whether or not the
# copy gives an office: approving or considering a statutory instrument ("That the draft
# Regulations laid before the House on 9 November be approved.", Parallel Parliament, Lords, 2021;
# "That the Grand Committee do consider the Coronavirus Act 2020 (Early Expiry) ...", Parallel
# Parliament, Grand Committee, 2021) and the Lords' reply to the Commons' reasons on a Government
# bill ("My Lords, I beg to move that the House do not insist on its Amendment No. 1 to which the
# Commons have disagreed ...", Historic Hansard, Lords, 2003). A motion to regret or to annul an
# instrument is a member's, and says so ("That this House regrets ...").
GOVERNMENT_MOTION = re.compile(
    r"^(?:My Lords, )?(?:I beg to move,? )?(?:that|That) (?:the draft\b[^.]{0,400}?\bbe approved\b"
    r"|the Grand Committee do consider\b"
    r"|(?:this|the) House do not (?:insist|persist)\b)"
)


def governments(text: str) -> bool:
    """The speech is the Government's own business: its statement, or a motion only it moves."""
    text = text.lstrip()
    return bool(STATEMENT.match(text) or GOVERNMENT_MOTION.match(text))


# The motion an adjournment debate stands on, moved formally by a whip: "Motion made, and Question
# proposed, That this House do now adjourn.—(Mr. Watts.)" (ParlParse XML, Commons, 2009);
# "... That the sitting be now adjourned.—[Mr. Sutcliffe.]" (Historic Hansard, Westminster Hall,
# 1999). The member who secured the debate speaks first, raising their subject as an asker does.
ADJOURNMENT = re.compile(
    r"\bQuestion proposed,? [“\"]?That (?:this House do now adjourn|the sitting be now adjourned)"
)
# The record's own words about a question put to the House, no member's speech: the motion moved
# formally ("Motion made, and Question proposed, That this House do now adjourn.—(Scott Mann.)",
# the whip named in brackets: hansard.parliament.uk, Historic Hansard 1999, ParlParse 2009) and
# its outcome ("Question put and agreed to.").
PROCEDURAL = re.compile(
    r"^(?:Motion made,? and Question (?:proposed|put),? [“\"]?That\b"
    r".*[—–-]\s*[(\[][^()\[\]]+[)\]]\.?$"
    r"|Question put and agreed to\.?$|Question put accordingly[^.]*\.?$)"
)
# A question put to the Government is put to the Minister who answers for it: "Will my hon. Friend
# confirm that the Government will honour the promise ...?" (Parallel Parliament, Commons urgent
# question, 2021), "... might the Government support the NHS Leadership Academy ...?" (Lords oral
# question, 2019), "Will the Government mend their ways ...?" (a peer, Parallel Parliament, 2021),
# "The Government have accepted that there is a problem, ... but could we have a debate ...?" (an
# MP's own site quoting Business questions, 2009).
ADDRESSES_MINISTER = re.compile(
    r"\bthe Minister\b|\bthe noble (Lord|Baroness)[’']s Answer\b|\b[Tt]he Government\b[^.?!]*\?"
)


@dataclass(frozen=True)
class Speech:
    """One contribution as the source gives it.

    `office` is the title the source attaches to the speaker; `asks`/`answers` say the source
    marks it as a written question or its answer ("Asked by", `<ques>`, "Answered by").
    `procedural` text is the record's own (a division, "Amendment 45 not moved"): no one's.
    `resumed`: the copy starts within this speech (its opening, and its speaker, are not in it):
    a member's, the copy showing neither question nor answer.
    """

    speaker: str | None
    text: str
    office: str | None = None
    asks: bool = False
    answers: bool = False
    procedural: bool = False
    resumed: bool = False


def ministerial(office: str | None) -> bool:
    return bool(office and _MINISTERIAL.search(office) and not _NOT_GOVERNMENT.search(office))


# A select committee's transcript lists each panel of witnesses with their posts: "I: Rt Hon Matt
# Hancock MP, Secretary of State, Department of Health and Social Care; and Jason Yiannikkou,
# Director, ..." (committees.parliament.uk, 2021), "Witness I: Rt Hon Matt Hancock MP, Secretary of
# State for Health and Social Care, Department of Health and Social Care." (a joint committee's
# transcript as docslib.org re-hosts it, 2021). A Minister among them answers for the Government.
WITNESS_PANEL = re.compile(r"(?:^|\bWitness )[IVX]{1,4}: (?P<panel>[^\n]+?)(?:\.(?= )|\.?$)", re.M)


def witness_ministers(text: str, speakers: Collection[str]) -> set[str]:
    """The speakers the transcript's witness list gives a Government office: "Matt Hancock" for
    "Rt Hon Matt Hancock MP, Secretary of State, ..." (a label of two words or more, each in the
    listed name)."""
    listed = []
    for m in WITNESS_PANEL.finditer(text):
        for part in m.group("panel").split(";"):
            name, _, office = part.strip().removeprefix("and ").partition(",")
            if ministerial(office):
                listed.append(set(name.split()))
    return {s for s in speakers if len(w := set(s.split())) >= 2 and any(w <= n for n in listed)}


# The motion as the record prints it under "Moved by" (hansard.parliament.uk, Parallel
# Parliament), "That this House takes note of ...": its mover opens the debate next. In the
# Commons the mover says it: "I beg to move, That this House has considered social care
# funding." (Westminster Hall, Parallel Parliament, 2019), "I beg to move, That this House
# notes ..." (hansard.parliament.uk, 1999), "I beg to move, That an humble Address be
# presented ..." (Historic Hansard, 1993: a prayer against regulations).
# A bill's stage is moved the same way: "That the Bill be now read a second time." under "Moved
# by" (Parallel Parliament, Lords, 2019), as Historic Hansard's sponsor says it ("I beg to move
# that this Bill be now read a second time.", Lords, 2003, read by `MOTION`): its sponsor moved it.
# The Lords print a backbencher's motion for debate as the Order Paper words it, "To move that this
# House takes note of the availability of National Health Service dentistry services." under "Moved
# by" (hansard.parliament.uk, 2019), as the Order Paper lists it after the member's name ("Lord
# Harris of Haringey to move that this House takes note of ...", publications.parliament.uk, 2016).
MOVED = re.compile(
    r"^(?:I beg to move,? |To move )?(?:That|that) (?:this House|an humble Address|"
    r"the Bill be now read a (?:second|third) time)\b"
)


# A Commons oral question as the Order Paper numbers it, printed under the name of the member who
# asks it: "4. What steps his Department is taking to ..." (Parallel Parliament, 2026), "1. What
# steps his Department plans to take to ...(900621)" (parliamenttoday.com, 2024), "T1. If he will
# make a statement on his departmental responsibilities." (a topical question, StreetGuide,
# 2024). Each is a new question, a new asker; the Minister's reply closes the exchange before it.
NUMBERED = re.compile(r"^T?\d{1,3}\. (?:What|If|Whether|How|When|Which|Why|Will|Does|Is|Are)\b")


def opens_item(text: str) -> bool:
    """The text opens the whole item: the tabled question, a motion (a numbered oral question
    opens one exchange of several)."""
    return opens_question(text) and not NUMBERED.match(text.lstrip())


# Hansard prints "[R]" (a relevant registered interest) and "[V]" (taking part virtually) after a
# member's name (hansard.parliament.uk and Parallel Parliament's labels, "[NB: [V] denotes a Member
# participating virtually.]"); a copy that strips the names leaves them opening the speech: "[R]: I
# beg to move, That this House has considered ..." (hansard.parliament.uk, 2022).
_MARKERS = re.compile(r"^(?:\[[RV]\]\s*)+:?\s*")


def words_of(text: str) -> str:
    """A speech's own words: without leading space and the markers a stripped name left."""
    return _MARKERS.sub("", text.lstrip())


def opens_question(text: str) -> bool:
    text = words_of(text)
    return bool(
        TABLED.match(text) or NUMBERED.match(text) or ON_BEHALF.search(text) or MOVED.match(text)
    )


def roles(
    speeches: Sequence[Speech],
    short_debate: bool = False,
    complete: bool = False,
    ministers: Collection[str] = (),
    adjourned: bool = False,
    department: bool = False,
) -> tuple[str | None, ...]:
    """The role of each speech; None for procedural text (see `spoken_roles`). `adjourned`:
    the debate stands on a motion to adjourn (or the record's procedural text before the first
    speech says so)."""
    spoken = [s for s in speeches if not s.procedural]
    before = itertools.takewhile(lambda s: s.procedural, speeches)
    adjourned = adjourned or any(ADJOURNMENT.search(s.text) for s in before)
    found = iter(spoken_roles(spoken, short_debate, complete, ministers, adjourned, department))
    return tuple(None if s.procedural else next(found) for s in speeches)


def short_debate(speeches: Sequence[Speech], heading: str | None) -> bool:
    """A question for short debate (its heading says so, or the asker speaks again at once) or
    a motion, whose mover speaks to it next."""
    if heading and re.search(r"\bshort debate\b", heading, re.I):
        return True
    spoken = [s for s in speeches if not s.procedural]
    if spoken and MOVED.match(spoken[0].text.lstrip()):
        return True  # a motion printed above the debate: the member who moved it speaks next
    return any(
        opens_question(a.text) and a.speaker is not None and b.speaker == a.speaker
        for a, b in itertools.pairwise(spoken)
    )


def spoken_roles(
    speeches: Sequence[Speech],
    short_debate: bool = False,
    complete: bool = False,
    ministers: Collection[str] = (),
    adjourned: bool = False,
    department: bool = False,
) -> tuple[str, ...]:
    """The role of each speech.

    `short_debate`: the asker opens the debate after the question (a question for short
    debate), so the next contribution is the asker's, not the answer. `complete`: the record
    runs to the end of the item, so in a short debate the last speaker who is not the asker
    replies for the Government. `ministers`: names the same record shows answering for the
    Government elsewhere (a sitting day's other questions). `adjourned`: an adjournment
    debate, whose first speaker (not the Minister) secured it and asks. `department`: the copy
    names the Government department or office that answers the debate (`ANSWERING`).
    """
    names = {s.speaker for s in speeches if s.speaker}
    chair = {s.speaker for s in speeches if s.speaker and chairs(s)}
    # The Government's statement is made by its Minister, named or not: "With permission, I would
    # like to make a statement" (hansard.parliament.uk, Commons, 2022), "My Lords, with the leave
    # of the House, I shall now repeat a Statement" (Historic Hansard, Lords, 1989).
    minister = {
        s.speaker
        for s in speeches
        if s.speaker and (s.answers or ministerial(s.office) or governments(s.text))
    }
    minister |= {
        m["name"]
        for s in speeches
        if (m := _HOLDER.search(s.speaker or "")) and ministerial(s.office)
    }
    minister |= names & set(ministers)
    asker = next((s.speaker for s in speeches if s.asks and s.speaker), None)
    opened = next((i for i, s in enumerate(speeches) if opens_question(s.text) or s.asks), None)
    if asker is None and opened is not None and speeches[opened].speaker not in minister:
        asker = speeches[opened].speaker
    if asker is None:
        first = next((s for s in speeches if s.speaker), None)
        if first and MOTION.match(first.text.lstrip()) and first.speaker not in minister:
            asker = first.speaker  # the member who moved the motion
        elif first and adjourned and first.speaker not in minister:
            asker = first.speaker  # the member who secured the adjournment debate
    # Oral questions: each numbered question is its member's, and the contribution before it
    # (the last word of the exchange before) the Minister's reply.
    numbered = [i for i, s in enumerate(speeches) if NUMBERED.match(s.text.lstrip())]
    askers = {speeches[i].speaker for i in numbered} - minister - {None}
    minister |= {
        before.speaker
        for i in numbered
        if i > 0 and (before := speeches[i - 1]).speaker and before.speaker not in (*askers, *chair)
    }
    questioned = opened is not None and not MOVED.match(speeches[opened].text.lstrip())
    if opened is not None and questioned and not short_debate:
        # The first other speaker after an oral question answers it for the Government.
        reply = next(
            (s for s in speeches[opened + 1 :] if s.speaker and s.speaker not in (asker, *chair)),
            None,
        )
        if reply and reply.speaker and not minister and not reply.asks:
            minister.add(reply.speaker)
    # Each later tabled question is answered by the speech right after it, where another member
    # (not the chair) speaks: a written answers page's "Mrs. Beckett: To ask the Secretary of State
    # ..." then "Mr. Malone: I refer the right hon. Member ..." (the Official Report, 1995), as the
    # Minister answers the first (Historic Hansard, 1993; hansard.parliament.uk and Parallel
    # Parliament, Lords questions).
    if not short_debate:
        tabled = [i for i, s in enumerate(speeches) if TABLED.match(s.text.lstrip()) and s.speaker]
        askers = {*askers, *(speeches[i].speaker for i in tabled)}
        answers = (speeches[i + 1] for i in tabled if i != opened and i + 1 < len(speeches))
        minister |= {
            a.speaker
            for a in answers
            if a.speaker and a.speaker not in (*askers, *chair) and not a.asks
        }
    members = [s for s in speeches if s.speaker not in chair]
    if not minister and (addressed := _addressed_as_minister(members, asker)):
        minister.add(addressed)
    if not minister and (replied := _one_exchange(members)):
        minister.add(replied)
    if not minister and department and (replies := _answers_for_department(members, asker)):
        minister.add(replies)
    if short_debate and complete and not minister:
        last = next((s for s in reversed(members) if s.speaker and s.speaker != asker), None)
        if last and last.speaker:
            minister.add(last.speaker)
    # The record calls a member by title and surname after naming them in full: "Mrs. Virginia
    # Bottomley", then "Mrs. Bottomley" (Historic Hansard, 1993); "Mr Alistair Carmichael", then
    # "Mr Carmichael" (hansard.parliament.uk and Parallel Parliament's labels, 2017).
    minister |= {n for n in names if any(shortens(n, m) for m in minister)}
    askers = {*askers, *(n for n in names if asker and shortens(n, asker))}
    if asker:
        minister.discard(asker)
    minister -= chair
    minister -= askers
    if names:
        return tuple(_named(s, asker, minister, askers) for s in speeches)
    return _unnamed(speeches, short_debate, adjourned)


def _addressed_as_minister(speeches: Sequence[Speech], asker: str | None) -> str | None:
    """The speaker who answers when members address "the Minister": the one who most often
    speaks next after such a contribution, if that happens twice, or once by a speaker who
    speaks again (a copy that starts mid-question names no office and no tabled question), or
    once in a copy of that one exchange."""
    follows: Counter[str] = Counter()
    for a, b in itertools.pairwise(speeches):
        if b.speaker and b.speaker not in (a.speaker, asker) and ADDRESSES_MINISTER.search(a.text):
            follows[b.speaker] += 1
    ranked = follows.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    name, times = ranked[0]
    spoke = sum(1 for s in speeches if s.speaker == name)
    return name if times >= 2 or spoke >= 2 else None


def _one_exchange(speeches: Sequence[Speech]) -> str | None:
    """A copy of one exchange between two members, neither label with an office: the first puts
    a question to the Government or its Minister and ends on it; the other replies and asks
    nothing back (a Lords Statement's questions, Parallel Parliament's page of debates between
    two peers, 2021 and 2017; a Business question on an MP's own site, 2009). The reply is the
    Government's."""
    named = [s for s in speeches if s.speaker]
    if len({s.speaker for s in named}) != 2 or len(named) != 2:
        return None
    a, b = named
    if ADDRESSES_MINISTER.search(a.text) and a.text.rstrip().endswith("?") and "?" not in b.text:
        return b.speaker
    return None


# Parallel Parliament heads a debate with the Government department or office that answers it:
# "Department: Department of Health and Social Care" (a Lords bill's committee, 2025), "Department:
# Leader of the House" (Commons Business questions, 2023). Its holder carries no office on the
# speaker labels, and a member's page shows that member's words with the replies to them.
ANSWERING = re.compile(r"^Department: \S.*$", re.M)


def _answers_for_department(speeches: Sequence[Speech], asker: str | None) -> str | None:
    """Where the copy names the answering department and no office: the speaker who speaks
    most, at least twice and more often than anyone else (the one replying to each member)."""
    counts = Counter(s.speaker for s in speeches if s.speaker and s.speaker != asker)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _named(
    s: Speech, asker: str | None, minister: set[str], askers: Collection[str | None] = ()
) -> str:
    if s.resumed:
        return "member"
    if s.answers or (s.speaker and s.speaker in minister):
        return "minister"
    if s.asks or (asker and s.speaker == asker) or s.speaker in askers:
        return "question"
    if s.speaker is None and opens_question(s.text):
        return "question"
    if s.speaker is None and governments(s.text):
        return "minister"
    return "member"


def _unnamed(
    speeches: Sequence[Speech], short_debate: bool, adjourned: bool = False
) -> tuple[str, ...]:
    """A copy that names nobody: roles from the order of an oral question and what each
    contribution says. The question opens; in a short debate the asker speaks next; the
    answer follows; the asker's supplementary comes next; then a contribution that asks
    something ('?', 'the Minister') is a member's; one that replies to a contribution that
    asked is the Minister's, and any other goes on in the role before it: a copy that names
    nobody shows the Minister only by the answer, and a motion is moved, not asked. A copy
    that prints no tabled question, statement or motion starts mid-exchange, the question
    asked. So does one of oral questions before its first numbered question, and each
    numbered question opens an exchange of its own."""
    out: list[str] = []
    opened = not any(
        s.asks or s.answers or opens_item(s.text) or governments(s.text) for s in speeches
    )
    supplementary = False
    asked = opened  # the contribution before asked something, so this one may answer it
    for s in speeches:
        text = words_of(s.text)
        asking = "?" in text or bool(ADDRESSES_MINISTER.search(text))
        opening = False  # a motion moved, or the asker's speech opening a short debate
        if s.resumed:
            role = "member"
        elif s.asks or opens_question(text) or URGENT.match(text):
            role, opened, opening = "question", True, bool(MOVED.match(text))
            supplementary = supplementary and not NUMBERED.match(text)
        elif adjourned and not out:
            role, opened = "question", True  # the member who secured the adjournment debate
        elif s.answers or governments(text):
            role = "minister"
        elif not opened:
            role = "member"
        elif short_debate and out and out[-1] == "question" and "minister" not in out:
            role, opening = "question", True  # the asker opens the short debate
        elif asking:
            role = "member" if supplementary or "minister" not in out else "question"
            supplementary = supplementary or role == "question"
        else:
            role = "minister" if asked or out[-1:] == ["minister"] else "member"
        out.append(role)
        asked = asking or (role == "question" and not opening)
    return tuple(out)


@dataclass(frozen=True)
class Item:
    """One debate, question or statement as a record gives it, each speech with its role."""

    title: str | None
    date: str | None
    chamber: str | None
    kind: str
    speeches: tuple[Speech, ...]
    roles: tuple[str | None, ...]
    publisher: str | None = None
