"""What kind of fact a question asks for, and whether a sentence holds one. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

NUMBER = "number"
DATE = "date"
PERSON = "person"
NAMED = "named"
TITLE = "title"  # "What name was given to ...?", "What was the title of ...?": a name or title
REASON = "reason"
LIST = "list"
BODY = "body"  # "which organisations": a body, office or person
BEHALF = "behalf"  # "on whose behalf": a person or body, as the one someone speaks for
ASKED = "asked"  # "What did Lady X ask?": a sentence that itself asks (a question, a request)

# The measure a number question asks for ("money" for "How much does it cost?"), and which a
# sentence states. A plain number (no measure) answers a number question that names none.
MONEY = "money"
PRICE = "price"  # money per something ("What does one day of delayed discharge cost?")
RATE = "rate"  # a percentage, a share, a number per something
COUNT = "count"  # a number of things (a percentage of them too: "How many ... have a record?")
DURATION = "duration"

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTHS_RE = rf"\b(?:{_MONTHS})\b"

# Nouns for an amount of money, and for a rate, as the thing "what" asks for.
_MONEY_NOUNS = (
    r"(costs?|prices?|spend|spending|expenditure|funding|budget|allocation|pay|salary|salaries|"
    r"wages?|fees?|grant|investment|cap)\b"
)
_RATE_NOUNS = r"(rate|percentage|proportion|share of)\b"
# Nouns for a figure of any measure ("What is the savings limit ...?", "what capital threshold
# applies ...?", "What was the average number of ...?", "What staffing gap is forecast ...?").
_FIGURE_NOUNS = (
    r"(limit|threshold|number|total|estimate|dose|gap|shortfall|strength|size|amount|figure)s?\b"
)
# Between "what" and the measure: a verb "to be", then describing words, no other verb and no
# preposition ("What was the adult social care vacancy rate", not "What did HEE say about
# funding" nor "What three options for funding ...").
_DESCRIBED = (
    r"(?: (?:is|was|are|were|will be|would be))?(?: the| a| an)?"
    r"(?: (?!(?:did|does|do|has|have|had|will|would|should|can|could|say|said|about|of|for|on|"
    r"in|to|from|with|by|at|into)\b)[\w’'-]+){0,4}? "
)

# Up to two words describing what "which" asks for ("which health minister", "which select
# committee"), none of them a verb or preposition that starts the rest of the question.
_DESCRIBING = (
    r"(?:(?!(?:is|was|are|were|did|does|do|has|have|had|of|in|on|to|for)\b)[a-z-]+ ){0,2}?"
)

# Order matters: "how many recommendations" asks for a number, "what recommendations" for a list.
_ASKS = (
    (BEHALF, r"\bon whose behalf\b"),
    (
        NUMBER,
        r"\bhow (many|much|large|big|long|far|often)\b|\bby how much\b|\bwhat (share|proportion|"
        r"percentage|number|amount|figure|rate|level|size|strength)\b|"
        r"\bwhat (is|was|are|were) the (minimum|maximum)\b|"
        # "What excise duty rate applied ...?", "What is the cost of ...?": a measure named
        # after a few describing words.
        rf"\bwhat{_DESCRIBED}{_MONEY_NOUNS}|\bwhat{_DESCRIBED}{_RATE_NOUNS}|"
        rf"\bwhat{_DESCRIBED}{_FIGURE_NOUNS}",
    ),
    # "When ...?", "... and when?", "By when ...?"; not a "when" joining a clause ("What happens
    # to teams when the pioneers move on?", "What did she declare when she asked ...?").
    (
        DATE,
        r"^\W*when\b|\b(and|or|by|until|since|from) when\b|\bwhen\s*\?|"
        r"\bwhat (date|year|month|time)\b|\bwithin what\b",
    ),
    # Who is answerable for something, or does it: a body or office as much as a person.
    (
        BODY,
        r"\bwho (is|are|was|were|will be|would be|should be) (responsible|accountable|in charge)\b"
        r"|\bwho (funds|funded|pays|paid|commissions|commissioned|provides|provided|regulates|"
        r"regulated|inspects|inspected|decides|decided|assesses|assessed|runs|ran|publishes|"
        r"published|produces|produced|conducts|conducted|carries out|carried out|undertakes|"
        r"undertook)\b",
    ),
    (ASKED, r"\bwhat did\b[^?]*\bask\b"),
    (
        PERSON,
        # "Which health minister ...?": a word or two may describe the one asked for.
        rf"\bwho\b|\bwhose\b|\bwhich {_DESCRIBING}(peer|minister|mp|member|lord|baroness|secretary|"
        r"person|people)s?\b",
    ),
    # "Which committee was the evidence sent to?", "Which government department ...?": a body
    # by name, not any capitalised word.
    (
        BODY,
        rf"\bwhich {_DESCRIBING}(organi[sz]ations?|bodies|body|groups?|charit(y|ies)|agenc(y|ies)|"
        r"departments?|committees?|councils?|trusts?|boards?|authorit(y|ies)|regulators?|"
        r"commissions?)\b",
    ),
    (REASON, r"\bwhy\b|\bfor what reason\b"),
    (
        LIST,
        r"\b(recommend\w*|principles|steps|options|measures|actions|priorities|proposals|"
        r"areas|ways|changes|barriers)\b",
    ),
    (
        TITLE,
        r"\bwhat (name|title)s?\b|\bwhat (is|was|are|were) the (name|title)s?\b|"
        r"\bwhat (is|was|are|were)\b[^?]*\b(called|entitled|titled|named)\s*\?",
    ),
    # "Which ...?", and "What <thing> did ...?" as the same question ("What consultation did
    # the amendment propose?", "What inquiries was the committee running?").
    (
        NAMED,
        r"\bwhich\b|\bwhat (?!(?:is|was|are|were|did|does|do|has|have|had|can|could|will|would|"
        r"should|may|might|must|kind|sort|type|else|happens?|happened)\b)[a-z-]+ (?:[a-z-]+ )?"
        r"(?=(?:did|does|do|is|was|are|were|has|have|had|will|would|must|should|can)\b)",
    ),
)
_ASK_RES = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _ASKS)

_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|half|third|quarter|dozen|per ?cent|percent"
)
# A figure: a number that is not a year or a clause number ("1 July 2022" has none), a
# percentage or an amount, or a number in words.
_HAS_NUMBER = re.compile(
    rf"%|£|\$|€|\b({_NUMBER_WORDS})\b|(?<![\w.,])(?!(1[89]|20)\d\d\b)\d[\d,]*(\.\d+)?(?![\d,]|\.\s|\.$)",
    re.IGNORECASE,
)
# Money: a currency sign or word ("£9 billion", "£400 per day", "300 pounds", "50p").
_MONEY = re.compile(
    r"[£$€]\s?\d[\d,]*(\.\d+)?(\s?(million|billion|bn|m|k)\b)?|\b\d[\d,]*(\.\d+)?\s?(pounds|"
    r"pence|p)\b|[£$€]|\b(pounds|pence)\b",
    re.IGNORECASE,
)
# What a price or rate is per: "a day", "per bed day", "each patient".
_UNITS = r"(day|week|month|year|night|hour|head|person|patient|bottle|bed|place|visit|unit)s?"
_PER = re.compile(rf"\bper\b|\b(a|an|each|every) (bed )?{_UNITS}\b", re.IGNORECASE)
# A question asking for money per something: "one day of delayed discharge", "a bed day".
_PER_ASKED = re.compile(rf"\b(per|a|an|each|every|one) ([\w-]+ )?{_UNITS}\b", re.IGNORECASE)
# A rate: a percentage, a fraction, "one in five", or a number per something ("13,440
# patients a day").
_RATE = re.compile(
    rf"%|\bper ?cent\b|\bpercent(age)?\b|\b(half|third|quarter|fifth|tenth)s?\b|"
    rf"\b(\d[\d,.]*|{_NUMBER_WORDS}|one) (in|out of) (every )?(\d|{_NUMBER_WORDS})|{_PER.pattern}",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"\b(\d[\d,.]*|{_NUMBER_WORDS}|one|a|an|several|few) (full |working |calendar |clear )?"
    r"(days?|weeks?|fortnights?|months?|years?|hours?|minutes?|decades?)\b",
    re.IGNORECASE,
)
# How a number question names its measure; the first that matches decides.
_MEASURE_ASKS = (
    (COUNT, r"\bhow many\b"),
    (DURATION, r"\bhow long\b"),
    (
        MONEY,
        rf"\bhow much\b[^?]*\b(cost\w*|spen[dt]\w*|fund\w*|money|budget\w*|pa(y|id|ys)|invest\w*|"
        rf"pounds|charge\w*)\b|\bwhat{_DESCRIBED}{_MONEY_NOUNS}",
    ),
    (RATE, rf"\bwhat{_DESCRIBED}{_RATE_NOUNS}"),
)
_BY_HOW_MUCH = re.compile(r"\bby how much\b", re.IGNORECASE)
_MEASURE_RES = tuple((m, re.compile(p, re.IGNORECASE)) for m, p in _MEASURE_ASKS)


def _money(sentence: str) -> bool:
    return bool(_MONEY.search(sentence))


_EVERY = {"day": "daily", "week": "weekly", "month": "monthly", "year": "annual(ly)?|yearly"}


def _price(sentence: str, unit: str | None = None) -> bool:
    """An amount of money per something ("£400 per bed day"), not a total ("£9 billion"); per
    the `unit` the question names, if given: a price per 100 needles is not a spend each year."""
    if unit is None:
        return bool(_MONEY.search(sentence)) and bool(_PER.search(sentence))
    per = rf"\b(per|a|an|each|every) ([\w-]+ )?{unit}s?\b|\b({_EVERY.get(unit, unit)})\b"
    return bool(_MONEY.search(sentence)) and bool(re.search(per, sentence, re.IGNORECASE))


def _count(sentence: str) -> bool:
    """A number that is not an amount of money."""
    return bool(_HAS_NUMBER.search(_MONEY.sub(" ", sentence)))


def _rate(sentence: str) -> bool:
    """A percentage or fraction, a number per something, or an amount of money (a duty per
    bottle, a price per day)."""
    return bool(_HAS_NUMBER.search(sentence)) and bool(
        _RATE.search(sentence) or _MONEY.search(sentence)
    )


def _duration(sentence: str) -> bool:
    return bool(_DURATION.search(sentence))


_STATES = {MONEY: _money, PRICE: _price, RATE: _rate, COUNT: _count, DURATION: _duration}

# A number that names rather than measures: an identifier or reference after the word for what
# it numbers ("e-petition 564154", "Tier 3", "section 75", "page 12", "Amendment 18", "type 2
# diabetes"), a financial year ("2024/25"), an item's number in brackets ("(2) providers"), and the
# day of a date ("Sunday 17 February", "February 17"). Neither answers "how many" or "how much".
_REFERENCE_WORDS = (
    r"(?:e-)?petitions?|references?|ref|no|nos|id|code|sections?|clauses?|paragraphs?|paras?|"
    r"pages?|volumes?|vol|columns?|cols?|amendments?|annex|appendix|chapters?|tables?|figures?|"
    r"fig|tiers?|cohorts?|phases?|versions?|items?|schedules?|parts?|articles?|regulations?|"
    r"rules?|wave|round|stage|level|band|grade|step|option|recommendation|room|ward|types?"
)
_NOT_AMOUNT = re.compile(
    r"\(\d{1,2}\)|"  # an item's number: "for (1) local authorities, and (2) providers"
    # A reference-list entry's year, volume, issue and pages ("N Engl J Med.
    # 2020;383(15):1436- 46.", "BMJ 2019;364:l1234"): where a finding was printed, not a count.
    r"\b(?:1[89]|20)\d\d\s*;\s*\d+(?:\s*\(\d+\))?\s*:\s*[a-z]?\d+(?:\s*[-–]\s*\d+)?|"
    rf"\b(?:{_REFERENCE_WORDS})\.?\s+\d[\w/.-]*(?:\s*(?:and|or|,|to|-|–)\s*\d[\w/.-]*)*|"
    # A financial or academic year ("for 2024/25", "in 2008-09"): when, not how many.
    r"(?<![\d£$€.,])(?:1[89]|20)\d\d\s*[-–/]\s*\d\d(?!\d|,\d|[-/–]\d)|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?={_MONTHS_RE})|{_MONTHS_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\d)",
    re.IGNORECASE,
)


def amounts(sentence: str) -> str:
    """The sentence without the numbers that name rather than measure (identifiers, the day of
    a date): what is left holds a count or amount if any number does."""
    return _NOT_AMOUNT.sub(" ", sentence)


def measure(question: str) -> str | None:
    """The measure a number question asks for: money ("How much did the NHS spend?", "What is
    the price ...?"), money per something ("How much does one day of delayed discharge cost?"),
    a rate ("What excise duty rate ...?", "What proportion ...?"), a count ("How many ...?") or
    a duration ("How long ...?"); None when it names none ("By how much did delays rise?": any
    figure: a change is stated as a share as often as an amount, "cut by over a quarter",
    "fallen by almost 200,000")."""
    if _BY_HOW_MUCH.search(question):
        return None
    for kind, pattern in _MEASURE_RES:
        if pattern.search(question):
            return PRICE if kind == MONEY and _PER_ASKED.search(question) else kind
    return None


def unit(question: str) -> str | None:
    """What a question asking for money per something asks it per: "day" in "How much does
    one day of delayed discharge cost?", "year" in "... spend on needles each year?"."""
    m = _PER_ASKED.search(question)
    return m.group(3).casefold() if m else None


# A month is named with a capital: "may" and "march" in lower case are a verb ("... Social Care
# plans, may have.").
_HAS_DATE = re.compile(
    rf"(?-i:\b({_MONTHS})\b)|\b(1[89]|20)\d\d\b|\b\d+ (working )?(days?|weeks?|months?|years?)\b|"
    r"\b(new|next|this|last) (year|month|week)\b|\b(spring|summer|autumn|winter)\b|"
    r"\b(today|tomorrow|yesterday|shortly|imminently)\b",
    re.IGNORECASE,
)
# What was done and when, as a title page or a record states it without a full stop: a
# participle ("printed", "debated", "updated") and, at the end, a full date.
_DONE_ON = re.compile(rf"\b[A-Za-z]+ed\b.*\b\d{{1,2}}(st|nd|rd|th)? ({_MONTHS}) (1[89]|20)\d\d$")


# Asks when something will happen ("When will the Fair Pay Agreement come into force?"): a
# document's own date, when it was written or debated, is before what it looks ahead to.
_AHEAD = re.compile(r"\b(will|shall)\b", re.IGNORECASE)


def ahead(question: str) -> bool:
    """The question asks about what will happen, not what was done."""
    return bool(_AHEAD.search(question))


# Asks when something was done ("When was the white paper published?", "When did the Lords
# debate ...?"), not when someone said or expected it would be ("When did the Government say
# it would publish ...?").
_PAST = re.compile(r"^\W*(?:since |from )?when (?:was|were|did|had)\b", re.IGNORECASE)
_REPORTED = re.compile(
    r"\b(would|will|shall|say|said|expect\w*|plan\w*|intend\w*|due|anticipat\w*|promis\w*)\b",
    re.IGNORECASE,
)


def past(question: str) -> bool:
    """The question asks when something was done, not when it will be or was said to be."""
    return bool(_PAST.search(question)) and not _REPORTED.search(question)


# Asks what happened ("What was the outcome of the consultation?", "What happened to ...?"),
# not what someone said or expected.
_HAPPENED = re.compile(r"^\W*what (?:was|were|did|had|happened)\b", re.IGNORECASE)
# Says what will follow if something happens ("If any changes are put in place as an outcome of
# this consultation, those affected will have a new financial assessment"): not what happened.
_CONDITIONAL = re.compile(r"^\W*(?:if|unless|should)\b[^.;]*,[^.;]*\b(?:will|would|shall)\b", re.I)


def happened(question: str) -> bool:
    """The question asks what happened, not what was said about it or will be."""
    return bool(_HAPPENED.search(question)) and not _REPORTED.search(question)


def conditional(sentence: str) -> bool:
    """The sentence says what will follow if something happens."""
    return bool(_CONDITIONAL.search(sentence))


NEAR_WILL = 6  # words between a date and the "will" whose event it dates


def dates_ahead(sentence: str) -> bool:
    """Every date the sentence states is of something that will be done: a "will" or "shall"
    stands within NEAR_WILL words of it ("The next progress report will be published in
    December", "In spring 2023, the Government will publish a plan"); not "... how they will
    respond to the finding in the ... report ..., published on 14 December 2025"."""
    dates = [sentence[: m.start()].count(" ") for m in _HAS_DATE.finditer(sentence)]
    wills = [sentence[: m.start()].count(" ") for m in _AHEAD.finditer(sentence)]
    return bool(dates) and all(any(abs(d - w) <= NEAR_WILL for w in wills) for d in dates)


def done_on(line: str) -> bool:
    """The line states what was done on a date: "Ordered by the House of Commons to be printed
    13 October 2020"."""
    return bool(_DONE_ON.search(line))


# Titles that come before a person's name ("Baroness Pitkeathley", "Rt Hon Sajid Javid").
_HONORIFICS = (
    r"Lord|Baroness|Lady|Earl|Viscount|Bishop|Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor|Prof|"
    r"Rt\.? Hon\.?|Right Honourable|Councillor|Cllr"
)
_TITLED = re.compile(rf"\b({_HONORIFICS})\.? (?:[A-Z]\.? )*[A-Z][a-z’'-]+")
# Bodies and offices by name answer "which organisations?" but name no one: "who?" asks for a
# person.
_TITLES = (
    r"Secretary of State|Minister|Chair|chief executive|director|Council|Association|Forum|"
    r"Committee|Department|NHS England|Commission|Board|Trust|Institute|College|Society"
)
# An office or body in lower case ("the duty team at the council").
_OFFICES = re.compile(
    r"\b(team|council|board|committee|department|trust|authorit(y|ies)|government|minister|"
    r"secretary|officer|director|manager|chair|commissioner|panel|regulator)s?\b",
    re.IGNORECASE,
)
_HAS_TITLE = re.compile(rf"\b({_TITLES}|{_HONORIFICS})\b")
# A run of capitalised words; one of exactly two ("Jane Townson") may be a forename and
# surname, while a longer run ("Clinical Commissioning Group") names a body.
_WORD = r"[A-Z](?:[a-z’'-]|[A-Z](?=[a-z]))+"  # "Townson", "McDonald", "O'Brien"; not "NHS"
_CAPITALISED_RUN = re.compile(rf"\b{_WORD}(?: {_WORD})*\b")
# Words that make two capitalised words a body, an office, a document or a place rather than
# a forename and surname ("Partner Member", "Care Bill", "White Paper", "Her Majesty"), or
# that open a sentence ("The Minister").
_NOT_NAME_WORDS = """
    member members bill paper papers board boards committee majesty government council trust
    trusts service services care health department office act report review plan strategy
    group team partnership forum association commission authority authorities fund house lords
    commons parliament secretary minister state chair officer director executive framework
    policy standing orders condition conditions england wales scotland kingdom britain nhs
    national local social public royal college institute society system systems centre
    network alliance agency foundation hospital hospitals court inquiry module standards skills
    workforce green white hon friend gentleman lady lord noble right honourable chancellor
    library briefing chamber digital
    prime speaker deputy leader opposition treasury bench budget statement question answer
    written debate reading clerk assembly cabinet crown queen king his her their our my your
    its this that these those the a an in on at for of and or but to by with from as we it
    he she they there here what which who when where why how if all any some each every no
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def _name(run: str) -> str | None:
    """The forename and surname in a run of capitalised words, after any office or opening
    words before them ("Health Secretary Wes Streeting", "When Jane Townson"): two words, neither
    an office, body or document word."""
    words = run.split()
    while words and words[0].casefold() in _NOT_NAMES:
        words = words[1:]
    if len(words) != 2 or any(w.casefold() in _NOT_NAMES for w in words):
        return None
    return " ".join(words)


def _people(sentence: str) -> list[str]:
    """People named in a sentence: after a title ("Lord Dubs", "Dr Townson") or as a forename
    and surname ("Jane Townson"); no office or body ("the Partner Member", "the Board")."""
    titled = [m.group(0) for m in _TITLED.finditer(sentence)]
    named = [_name(m.group(0)) for m in _CAPITALISED_RUN.finditer(sentence)]
    return [t for t in titled if t.split()[-1].casefold() not in _NOT_NAMES] + [
        n for n in named if n
    ]


# A post by its capitalised title ("a Public Health Consultant/Specialist", "the Regional Medical
# Director", "the Chief Executive", "the Secretary of State"): who holds it answers "who" as a
# name does (an IFR policy names the post that first considers a request, not the person),
# unless the question itself names a post ("Who is the chief executive?", "Which Secretary of
# State opened the debate?"): then it asks for the holder's name, and another post is no answer.
_POSTS = (
    *("Consultant", "Specialist", "Director", "Executive", "Secretary", "Minister", "Chair"),
    *("Chairman", "Chairwoman", "Chairperson", "Officer", "Manager", "Commissioner", "Adviser"),
    *("Advisor", "Clerk", "Registrar", "Nurse", "Ombudsman", "President", "Governor"),
    *("Inspector", "Practitioner", "Coordinator", "Co-ordinator"),
)
_POST_WORDS = "|".join(_POSTS)
_POST = re.compile(
    rf"(?:\b[A-Z][\w’'-]*[ /])*\b({_POST_WORDS})s?\b(?:[ /](?:of|for) [A-Z][\w’'-]*)?"
    rf"(?:/[A-Z][\w’'-]*)*"
)


_POST_NAMES = frozenset(w.casefold() for w in _POSTS)


def _posts(sentence: str, known: frozenset[str]) -> list[str]:
    """Posts named by their capitalised titles, with the capitalised words before them; none
    when the question (its words `known`) names a post itself."""
    if any(w.startswith(post) for w in known for post in _POST_NAMES):  # "chaired", "chairs"
        return []
    return [m.group(0) for m in _POST.finditer(sentence)]


# A body's name of two or more capitalised words, an acronym among them ("Carers UK", "NHS
# England", "Age UK").
_BODY_RUN = re.compile(rf"\b(?:{_WORD}|[A-Z]{{2,}})(?: (?:{_WORD}|[A-Z]{{2,}}))+\b")


def _bodies(sentence: str) -> list[str]:
    """People, and offices and bodies by their titles or in lower case: who may do something."""
    found = [m.group(0) for m in _HAS_TITLE.finditer(sentence)]
    found += [m.group(0) for m in _OFFICES.finditer(sentence)]
    return found + [m.group(0) for m in _BODY_RUN.finditer(sentence)]


# A capitalised word that does not open the sentence: a name, a title, an organisation; with
# the capitalised words and numbers after it, so that a name is new when any of its words is
# ("Social Care 360" for a question about social care, "Amendments 28" beside the question's
# "Amendment 18", "Section 107").
_HAS_NAMED = re.compile(
    r"(?:(?<=[a-z,;:] )[A-Z][\w’'-]+|\b[A-Z]{2,}\d*\b|\b[A-Z]+\d+\b)"
    r"(?: (?:[A-Z][\w’'-]+|\d[\d,.]*\d|\d))*"
)
# A name or title as a text gives one: in quotation marks ("... initiated by our Green Paper
# "Shaping the Future of Care Together""), after a word that names it ("Entitled ...", "a
# scenario, called the Data Desert Future"), or set beside what it names after a comma, colon or
# dash ("our annual data-led review of social care performance, Social Care 360").
_TITLE_WORD = r"(?:[A-Z][\w’'-]*|\d[\d,.]*)"
_HAS_TITLE_NAME = re.compile(
    r"[“\"]([^”\"]{4,300})[”\"]|‘([A-Z][^’]{3,300})’|"
    r"\b(?:[Ee]ntitled|[Cc]alled|[Tt]itled|[Nn]amed|known as)\s+(?:the\s+)?[“\"‘']?([A-Z][^.;:,]*)|"
    rf"(?:[,:]|—|–| - )\s*({_TITLE_WORD}(?: (?:{_TITLE_WORD}|and|of|for|the|in|to))* {_TITLE_WORD})"
)
_HAS_REASON = re.compile(
    r"\b(because|due to|so that|in order to|as a result|owing to|therefore|reason|"
    r"a matter for|so as to|caused by|means that|(?<=, )meaning|why|"
    # "since" gives a reason unless it says from when ("since 2019", "since March", "since the
    # establishment of the ... general dental service", "since then").
    rf"since(?!,? (?:\d|{_MONTHS}|then|last|early|late|records|the (?:start|beginning|"
    r"establishment|creation|introduction|launch|end|outbreak|pandemic|election)\b))|"
    # A purpose or effect: "Using needles of a shorter length helps to prevent intramuscular
    # injection", "to ensure that ...", "which leads to ...".
    r"(help(s|ed)? (to )?)?(prevent|avoid)\w*|to ensure|lead(s|ing)? to|result(s|ed)? in|"
    # A purpose stated of what was just said, or as an aim ("... how we charge for care. This
    # is to make the charging policy fairer", "This is to address the Government's failure",
    # "Our aim is to simplify the law"); not "if this is to be achieved".
    r"(?:(?<=^)|(?<=[.!?] ))(this|that) (is|was) (so as |in order )?to (?!be\b)[a-z]+|"
    r"(aim|purpose|intention|objective|goal)s? (is|was|are|were) to|"
    # A cause named by blame ("are to blame for long-standing problems", "were to blame for
    # the deaths", "blamed on staff shortages").
    r"(is|are|was|were|be) to blame|blamed (on|for))\b",
    re.IGNORECASE,
)
_PRESENT = {
    BEHALF: re.compile(r"\bon (the )?behalf of\b", re.IGNORECASE),
    NUMBER: _HAS_NUMBER,
    DATE: _HAS_DATE,
    NAMED: _HAS_NAMED,
    REASON: _HAS_REASON,
}


def asked(question: str) -> str | None:
    """The answer type a question asks for, or None when it asks for none in particular. The
    earliest cue wins ("Who chaired the committee when it published ...?" asks for a person);
    at the same place, the first in `_ASKS` ("which minister" is a person, not a thing)."""
    found = [
        (m.start(), i, kind) for i, (kind, p) in enumerate(_ASK_RES) if (m := p.search(question))
    ]
    return min(found)[2] if found else None


def words(text: str) -> frozenset[str]:
    """The words of a text in lower case, for telling what a question already names."""
    return frozenset(re.findall(r"[a-z0-9]+", text.casefold()))


def _new(found: str, known: frozenset[str]) -> bool:
    """A name or office the question does not already give: the question's own "Integrated
    Care Board" does not answer "who chaired it?"."""
    return not words(found) <= known


# A sentence that asks rather than tells: a member's question, the tabled "To ask ...".
# A tabled question may open with its label: "(Urgent Question): To ask the Minister ...".
_TABLED = r"^\s*(\([\w ]+\):?\s*)?To ask\b"
_ASKING = re.compile(rf"\?\s*[’'”\")]*\s*$|{_TABLED}")
_TABLED_RE = re.compile(_TABLED)
_ABOUT_ASKING = re.compile(r"\b(ask(s|ed|ing)?|tabled?|questions?)\b", re.IGNORECASE)
# "Who asked ...?", "Who introduced the debate?", "Which peer declared an interest ...?": the
# speaker of the words is the answer (a member of a House acts in a debate by speaking).
_ABOUT_SPEAKING = re.compile(
    r"\bwho(se)?\b[^?]*\b(said|say|says|ask|asks|asked|spoke|speak|speaks|tabled|introduced|"
    r"opened|moved|answered|replied|responded|raised|mentioned|argued|urged|told|warned|declared|"
    rf"question|statement|speech|debate|contribution)\b|\bwhich {_DESCRIBING}(peer|minister|mp|"
    r"member|lord|baroness)s?\b",
    re.IGNORECASE,
)
# After "which": the words naming the thing asked for ("which central budgets was ...").
_WHICH = re.compile(r"\b(?:which|what)\s+([A-Za-z-]+)(?:\s+([A-Za-z-]+))?", re.IGNORECASE)
_NOT_THING_WORDS = """
    was were is are did does do has have had will would can could should may might must of in
    on by for to from with at that the a an
"""
_NOT_THING = frozenset(_NOT_THING_WORDS.split())


def asks(sentence: str) -> bool:
    """The sentence itself asks: it ends with a question mark or is a tabled "To ask ..."."""
    return bool(_ASKING.search(sentence))


def tabled(sentence: str) -> bool:
    """The sentence is a tabled question ("To ask His Majesty's Government ..."): as the record
    prints it, what it states as given ("... the £500 million fair pay agreement ...") is so."""
    return bool(_TABLED_RE.search(sentence))


def about_asking(question: str) -> bool:
    """The question is about asking ("What did she ask?", "Which questions were tabled?"): a
    sentence that asks may be its answer."""
    return bool(_ABOUT_ASKING.search(question))


_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|me|my|myself)\b")


# A minister's office, or speaking for the government, as a report of a debate names them.
_MINISTERIAL = re.compile(
    r"\b(Minister|Secretary of State|Under-Secretary|Parliamentary Secretary|Government Whip|"
    r"(Lord|Baroness) in Waiting|(on behalf of|for) the [Gg]overnment)\b"
)


def ministerial(sentence: str) -> bool:
    """The sentence names a minister's office or someone speaking for the government."""
    return bool(_MINISTERIAL.search(sentence))


def first_person(sentence: str) -> bool:
    """The sentence speaks of its own speaker ("I declare an interest", "my noble friend")."""
    return bool(_FIRST_PERSON.search(sentence))


def about_speaking(question: str) -> bool:
    """The question asks who said, asked or answered something: a named speaker answers it."""
    return bool(_ABOUT_SPEAKING.search(question))


def thing(question: str) -> str | None:
    """The word naming what a "which" question asks for: "budgets" in "Which central budgets
    was the Department considering cutting?"."""
    m = _WHICH.search(question)
    if not m:
        return None
    words = [w for w in m.groups() if w]
    while words and words[-1].casefold() in _NOT_THING:
        words.pop()
    return words[-1] if words else None


# A figure or date as a word: a number ("2022", "42", "1,500") or a month.
_FIGURE_WORD = re.compile(rf"\b(?:\d[\d,]*(?:\.\d+)?|{_MONTHS})\b", re.IGNORECASE)


def unasked(sentence: str, known: frozenset[str]) -> str:
    """The sentence without the figures and months the question itself gives (its words
    `known`): "the 2022 review" does not say when the 2022 review was published, nor "the 42
    ICSs" how many of them have a plan."""
    if not known:
        return sentence
    return _FIGURE_WORD.sub(lambda m: " " if words(m.group(0)) <= known else m.group(0), sentence)


# A label line naming who did what its field names, as a document's header or control table
# gives it ("Report by: Sarah-Jane Marsh, National Director ...", "Ratified by: Cambridgeshire and
# Peterborough Joint Prescribing Group", "Asked by: Maya Ellis (Labour - Ribble Valley)").
_AGENT_LABEL = re.compile(r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,3} by:[ \t]*(\S[^\n:]*)$")


def agent(line: str, known: frozenset[str] = frozenset()) -> bool:
    """The line is a label naming who did something ("Ratified by: <body>"), and the person,
    post or body it names is not one the question (its words `known`) gives: it answers "who",
    though a body is not a person, for the label says it did what was asked."""
    m = _AGENT_LABEL.match(line.strip())
    if m is None:
        return False
    value = m.group(1)
    found = _people(value) + _posts(value, known) + _bodies(value)
    return any(_new(f, known) for f in found)


def present(
    kind: str | None,
    sentence: str,
    speaker: str | None = None,
    known: frozenset[str] = frozenset(),
    names_thing: bool = False,
    measure: str | None = None,
    unit: str | None = None,
) -> bool:
    """Whether `sentence` holds a fact of the kind asked for. A named `speaker` (given when the
    question asks who spoke) answers "who". A person, office or named thing counts only when the
    question (its words `known`) does not already name it; a "which" question is also answered
    by a sentence that names the thing asked for in its own words (`names_thing`: "... lower
    priority research budgets" for "Which central budgets ...?"). A sentence that asks holds
    what an "ask" question wants. A number question that names its `measure` (money, a rate, a
    count, a duration) wants that measure: a count of delayed discharges does not say what a
    delayed day costs; money per the `unit` it names ("each year") wants that unit."""
    if kind is None or kind == LIST:
        return True
    if kind == ASKED:
        return asks(sentence)
    if kind == PERSON and speaker and _new(speaker, known):
        return True  # not the speaker the question itself names ("Whose speech did Lord X ...?")
    if kind == NAMED and names_thing:
        return True
    if kind in (PERSON, BODY):
        found = _people(sentence) + _posts(sentence, known) if kind == PERSON else _bodies(sentence)
        return any(_new(f, known) for f in found)
    if kind == NAMED:
        return any(_new(m.group(0), known) for m in _HAS_NAMED.finditer(sentence))
    if kind == TITLE:
        return any(
            _new(next(g for g in m.groups() if g), known)
            for m in _HAS_TITLE_NAME.finditer(sentence)
        )
    if kind in (NUMBER, DATE):
        sentence = unasked(sentence, known)
    if kind == NUMBER:
        sentence = amounts(sentence)
        if measure == PRICE:
            return _price(sentence, unit)
        if measure is not None:
            return _STATES[measure](sentence)
    return bool(_PRESENT[kind].search(sentence))


# Places a question may be limited to, with the words that name each in a passage. A place
# word after a capitalised word is part of a name ("NHS England", "Public Health Wales").
_PLACES = {
    "England": r"England|English",
    "Wales": r"Wales|Welsh",
    "Scotland": r"Scotland|Scottish",
    "Northern Ireland": r"Northern Ireland|Northern Irish",
    "London": r"London",
}
_PLACE_ASKED = re.compile(r"\b(England|Wales|Welsh|Scotland|Scottish|Northern Ireland|London)\b")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w’'&-]*)\s+$")  # "NHS " before "England"
_BEFORE_PLACE = frozenset(
    ["in", "across", "for", "of", "outside", "throughout", "within", "and", "or", "to", "from"]
)
_PLACE_OF = {"Welsh": "Wales", "Scottish": "Scotland"}
_YEAR = re.compile(r"(?<![\d£$€.,])(1[89]|20)\d\d(?!\d|,\d)")
# A financial or academic year: "2008-09", "2008/09", "2008–09", "2008-2009", "2019 to 2020";
# not a date ("2009-10-27") nor two years apart ("2009-11"). A comma may follow ("since 2022-23,
# the rate ..."), not a digit after it ("2019-20,000").
_SPAN = re.compile(
    r"(?<![\d£$€.,])((?:1[89]|20)\d\d)\s*(?:[-–—/]|\bto\b)\s*(\d{4}|\d{2})(?!\d|,\d|[-/–]\d)"
)


def _periods(text: str) -> list[tuple[str, re.Match[str]]]:
    """The financial or academic years a text states, as "2008-09", with where each stands."""
    out = []
    for m in _SPAN.finditer(text):
        start, end = int(m.group(1)), m.group(2)
        if int(end) == (start + 1 if len(end) == 4 else (start + 1) % 100):
            out.append((f"{start}-{(start + 1) % 100:02d}", m))
    return out


def _states_year(text: str, year: str) -> bool:
    return bool(re.search(rf"(?<!\d){year}(?!\d)", text))


def another_period(text: str, period: str) -> bool:
    """The text states a financial or academic year, and not the one asked ("in 2023-24" for a
    question about 2021-22): its figure is for another period, whenever its document is dated."""
    return "-" in period and bool(_periods(text)) and not _states_period(text, period)


def _states_period(text: str, period: str) -> bool:
    """The text states the period ("2008-09" in any form), or its first or last year alone
    ("2009", not as the start of "2009-10")."""
    stated = _periods(text)
    if any(p == period for p, _ in stated):
        return True
    within = [m.span() for _, m in stated]
    start = int(period[:4])
    return any(
        not any(a <= m.start() < b for a, b in within)
        for year in (start, start + 1)
        for m in re.finditer(rf"(?<!\d){year}(?!\d)", text)
    )


@dataclass(frozen=True)
class Scope:
    """The places and years a question is limited to ("... in Wales in December 2022"); a
    financial or academic year as "2008-09"."""

    places: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    # One of a series, with the word after it ("2 round" for "the second round of the fund"):
    # a passage that never says which one does not hold its figure. Not "first", which often
    # means only "earliest".
    ordinals: tuple[str, ...] = ()


ANYWHERE = Scope()  # a question limited to no place or year


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# After a determiner, as one of a series is named ("the second round", "a third report"); not
# a ranking ("came second to the NHS").
_ORDINAL = re.compile(
    rf"\b(?:the|a|an|its|their|this|that) (?:({'|'.join(_ORDINALS)})|([2-9])(?:nd|rd|th))\b"
    r"( [a-z]+)?",
    re.IGNORECASE,
)


def _states_ordinal(text: str, asked: str) -> bool:
    """The text names the one of the series asked for: "second round" as "second", "2nd" or
    "round 2"."""
    n, _, noun = asked.partition(" ")
    word = _ORDINALS[int(n) - 2]
    named = rf"\b({word}(ly)?|{n}(nd|rd|th))\b" + (rf"|\b{noun} {n}\b" if noun else "")
    return bool(re.search(named, text, re.IGNORECASE))


def scope(question: str) -> Scope:
    places = [
        _PLACE_OF.get(m.group(1), m.group(1))
        for m in _PLACE_ASKED.finditer(question)
        if not (
            (before := _NAME_BEFORE.search(question[: m.start()]))
            and before.group(1).casefold() not in _BEFORE_PLACE
        )
    ]
    periods = _periods(question)
    years = [
        m.group(0)
        for m in _YEAR.finditer(question)
        if not any(p.start() <= m.start() < p.end() for _, p in periods)
    ]
    years += [p for p, _ in periods]
    ordinals = [
        (m.group(2) or str(_ORDINALS.index(m.group(1).casefold()) + 2)) + (m.group(3) or "")
        for m in _ORDINAL.finditer(question)
    ]
    return Scope(
        tuple(dict.fromkeys(places)),
        tuple(dict.fromkeys(years)),
        tuple(dict.fromkeys(ordinals)),
    )


def within(s: Scope, texts: Iterable[str | None], dated: bool = True) -> bool:
    """Whether the texts (a passage and its document's title, date and publisher) name each
    place and year the question is limited to: a figure for England does not answer a question
    about Wales. A financial or academic year ("2008-09") is named in any of its forms or by
    either of its years alone. The year of a document whose date is unknown (not `dated`) may
    be any."""
    text = "\n".join(t for t in texts if t)
    return (
        all(re.search(rf"\b({_PLACES[p]})\b", text) for p in s.places)
        and (
            not dated
            or all(_states_period(text, y) if "-" in y else _states_year(text, y) for y in s.years)
        )
        and all(_states_ordinal(text, n) for n in s.ordinals)
    )


# A list question is answered by items: sentences that recommend, call for or set out something.
_ITEM_CUES = re.compile(
    r"\b(recommend\w*|should|must|needs? to|call(ed|s)? for|suggest\w*|propos\w*|urged?|"
    r"first|second|third|finally|option|principle|step)\b|^\s*([-•*]|\(?\d+[.)]|\(?[a-z][.)])\s",
    re.IGNORECASE,
)
# "made a number of other recommendations": announces a list without giving any of it.
_ANNOUNCES = re.compile(
    r"\b(a number of|several|various|the following|some|many|other|further)\s+(other\s+)?"
    r"(recommendations|principles|steps|options|measures|actions|proposals|changes)\b|:\s*$",
    re.IGNORECASE,
)


def list_item(sentence: str) -> bool:
    return bool(_ITEM_CUES.search(sentence)) and not announces(sentence)


def announces(sentence: str) -> bool:
    return bool(_ANNOUNCES.search(sentence))


# "Which four parts ...?", "What three options ...?": asks for that many items.
_COUNTED_ITEMS = re.compile(
    rf"\b(which|what)\s+({_NUMBER_WORDS}|\d+)\s+([A-Za-z-]+\s+){{0,2}}[A-Za-z-]+s\b", re.IGNORECASE
)


# "Which peers spoke ...?", "Which organisations responded ...?": asks for several people or
# bodies, each an item of the answer.
_SEVERAL = re.compile(
    rf"\bwhich {_DESCRIBING}(peers|ministers|mps|members|lords|people|organi[sz]ations|bodies|"
    r"groups|charities|agencies|departments|committees|councils|trusts|boards|authorities)\b",
    re.IGNORECASE,
)


def counts_items(question: str) -> bool:
    """The question asks for a number of things by name ("Which four parts did the report
    cover?") or for several people or bodies ("Which peers spoke in the debate?"): its answer
    is a list."""
    return bool(_COUNTED_ITEMS.search(question) or _SEVERAL.search(question))
