"""Pick the sentences that answer: score each sentence (or a sentence with the one it leans on)
of the retrieved passages, best first, and keep only those close to the best. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from core.types import Chunk, Document
from qa import answertype
from qa.abstain import Signals
from qa.glossary import expansions
from qa.query import person
from qa.retrieve import Hit


@dataclass(frozen=True)
class Weights:
    """Weights of the sentence score, and the answer's length. Chosen by cross-validation in
    bench/calibrate_select.py on the seed dev questions and the realworld-dev questions (it
    prints out-of-fold figures); kept when that script, over five labelled sets, found that
    weights searched on four sets did no better on the fifth than these (leave-one-set-out),
    and again when it searched the length with them (over dev, realworld-dev, dev2 and dev3)."""

    overlap: float = 1.3  # IDF-weighted share of the question's words the sentence uses
    dense: float = 1.0  # the sentence's cosine to the question
    rank: float = 0.25  # the passage's fused score relative to the best passage's
    typed: float = 0.5  # holds the kind of fact asked for (a number for "how many", ...)
    speaker: float = 0.5  # said by the speaker (or role) the question names
    item: float = 0.3  # a list question: the sentence is an item (recommends, should, must, ...)
    rarest: float = 0.2  # uses the question's rarest word
    fragment: float = 0.6  # penalty: a broken line or heading, a sentence cut off
    lean: float = 0.15  # penalty: opens mid-thought and its neighbour is not in the passage
    announce: float = 0.4  # penalty, list question: announces items without giving any
    # A sentence that itself asks a question ("To ask the Secretary of State ... which central
    # budgets ...") shares the question's words because it restates it: this much of its
    # overlap weight is taken back.
    asking: float = 0.0
    pair: float = 0.15  # penalty: a sentence quoted with the neighbour that holds the fact
    # A "which" question: names one of the things it asks for by a number or name the question
    # does not give ("Amendments 28 and 37" for "Which other amendments ... Amendment 18?").
    thing: float = 0.3
    # Opens the contribution the question's place in the debate points to ("Who wound up for
    # the Government?"): its speaker is the answer, its first sentences what they said.
    placed: float = 1.0
    # Not weights: how long an answer is, chosen with the weights (bench/calibrate_select.py).
    # The share of the first line's score a neighbour completing it must reach.
    complete: float = 0.5
    relative: float = 0.85  # a further line must score at least this share of the first's
    relative_items: float = 0.6  # a further item of a list (need not repeat the question's words)
    max_lines: int = 3  # lines of an answer that is not a list


WEIGHTS = Weights()

MAX_ITEMS = 5  # a list question gets its items, up to this many
SAME_PASSAGE_OVERLAP = 0.5  # a further line must use at least this share of the first's words
# Kinds of fact a table row, list item or label line may hold by itself.
_FIGURES = (answertype.NUMBER, answertype.DATE, answertype.PERSON, answertype.BODY)

# Opens mid-thought: it leans on the sentence before it.
_LEANS = re.compile(
    r"^[‘'“\"(]?(This|These|That|Those|It|Its|They|Their|Them|He|She|His|Her|However|But|And|"
    r"Also|Such|So|Therefore|Thus|Moreover|Furthermore|In addition|For example|Instead|"
    r"Meanwhile|Yet|Nevertheless|As a result|Here|Of (these|those|them)(?=,))\b"
)
_CUT_OFF = re.compile(r"(—|–|-|\.\.\.|…|,|;)\s*[’'”\"]?$")
_DESCRIBED = re.compile(r"(the|a|an)\b", re.IGNORECASE)  # "The Minister": no name
# A line (often a list item) ending in "and" or "or": the next line goes on with it ("• ... 37%
# said this was because they couldn’t find an NHS dentist and" / "• 23% said ...").
_JOINED = re.compile(r"\b(and|or)\s*$")
_OPENS_LOWER = re.compile(r"^[‘'“\"(]?[a-z,;:)\]]")
_ENDS_SENTENCE = re.compile(r"[.?!:’'”\")\]]$")
# A word that makes a line a clause: an auxiliary, "said" or a past tense ("• 23% said it was
# because ..."), which a label bullet lacks ("- Lord Bichard (Crossbench) chair of the ...").
_VERB = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should|may"
    r"|might|must|said|says|[a-z]{3,}ed|[a-z]+n[’']t)\b"
)
_MARKED = re.compile(r"^\s*[-•*–·▪]\s")  # a bullet, not a number (which may head a section)
# An item of a list that a sentence ending in ":" introduces: a bullet or number, or a line
# that is not a sentence (a name, a heading).
_BULLET = re.compile(r"^\s*([-•*–·▪]|\(?\d+[.)]|\(?[a-z][.)])\s")
# The items of a list told in sentences after the one announcing it ("... we drew attention
# to three concerns. First, ... Second, ... Third, ..."; "there are two statistics that
# particularly trouble me. First, ... Secondly, ..."): the announcing sentence counts them, the
# first item opens "First", the rest go on.
_COUNTS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+|several|a number of|the following)\b",
    re.IGNORECASE,
)
# A label and its value on one line: a few words, a colon, then what they name.
_LABEL = re.compile(r"^[A-Z][\w’'()-]*(?: [\w’'()-]+){0,4}:[ \t]*\S[^\n:]*$")
_FIRST_ITEM = re.compile(r"^[‘'“\"(]?(First|Firstly|The first)\b")
_NEXT_ITEM = re.compile(
    r"^[‘'“\"(]?(Second|Secondly|Third|Thirdly|Fourth|Fourthly|Fifth|Fifthly|Finally|Lastly|"
    r"The (second|third|fourth|fifth|final|last))\b"
)


@dataclass(frozen=True)
class Candidate:
    """One sentence (`first == last`) or a sentence with the one before it, in passage `row`."""

    rank: int  # of its passage among the hits
    row: int
    doc_id: str
    first: int  # sentence indexes within the chunk, inclusive
    last: int
    score: float
    overlap: float
    dense: float
    typed: bool
    speaker: bool
    fragment: bool
    item: bool
    rarest: bool = True  # uses the question's rarest word
    relative: float = 1.0  # its passage's fused score relative to the best passage's
    leaning: bool = False  # opens mid-thought
    announcing: bool = False  # a list question: announces items without giving any
    asking: bool = False  # itself asks a question (and the question is not about asking)
    paired: bool = False  # a sentence with the neighbour that holds the kind of fact asked for
    uses: frozenset[str] = frozenset()  # the question's words its own text uses
    # Not a sentence (a table row, a list item) but holds the kind of figure or date asked for
    # and a question word: "2008 | 681.7" for "How many ... in 2008?".
    data: bool = False
    # Names one of the things a "which" question asks for by a number or name it does not give.
    names: bool = False
    placed: bool = False  # opens the contribution at the place in the debate the question names
    # A label line ("Ratified by: Cambridgeshire and Peterborough Joint Prescribing Group") that
    # holds the kind of fact asked for: a field and its value, whole though not a sentence.
    label: bool = False
    bullet: bool = False  # an item of a list, marked as one ("• care transfer hubs - ...")
    # The line its document states its own date on (Document.dated: "Volume 839: debated on
    # Thursday 10 October 2024", "Monday 24th November 2025"), for a "when" question: whole.
    dated: bool = False

    @property
    def whole(self) -> bool:
        """It can open an answer: a whole sentence, or a line that is whole though it is not
        one (a row or a label line holding the fact asked for, a marked list item)."""
        return not self.fragment or self.data or self.label or self.bullet or self.dated


@dataclass(frozen=True)
class Ask:
    """What selection needs to know about the question."""

    terms: dict[str, float]  # analysed question words -> IDF weight (asking words removed)
    kind: str | None  # qa.answertype kind
    speakers: tuple[str, ...] = ()  # speakers the question names, as the index names them
    role: str | None = None  # a role the question names ("the Minister" -> "minister")
    listing: bool = False
    across: bool = False  # asks what several sources say: one line from each
    # Asks for the words of someone the index names nowhere as a speaker: a sentence that
    # only mentions them does not hold what they said.
    unknown_speaker: bool = False
    # Asks what someone asked: a sentence that is itself a question may answer it.
    about_asking: bool = False
    # Asks for the holder of a role ("Which minister answered?"): only their words name them.
    asked_role: str | None = None
    # The question's own words (with their glossary forms): a name it gives is not an answer.
    known: frozenset[str] = frozenset()
    # Asks who said, asked or answered something: a named speaker is an answer to "who".
    about_speaking: bool = False
    # A "which" question's word for what it asks for, analysed ("budget" in "Which central
    # budgets ...?"): a sentence naming one answers it, capitalised or not.
    thing: str | None = None
    # A number question's measure (qa.answertype: money, rate, count, duration), if it names one.
    measure: str | None = None
    # The places and years the question is limited to: a passage that names neither (nor its
    # document's title, date or publisher) does not hold the fact asked for.
    scope: answertype.Scope = answertype.ANYWHERE
    # The row of the passage that opens the contribution at the place in a debate the question
    # names ("Who opened the debate?": qa.order), if it names one.
    opening: int | None = None
    # The question's words naming that place ("wound up", "closing"): the speaker's passages of
    # that debate use them, as a source uses the words naming it.
    place_words: frozenset[str] = frozenset()
    # What it asks money per ("year" in "... spend each year?"), if it asks a price.
    unit: str | None = None
    # Asks when something will happen: the document's own date line does not answer it.
    ahead: bool = False
    # Asks when something was done: a date of what will be done is another event's.
    past: bool = False
    # Asks what happened ("What was the outcome of ...?"): what will follow if it happens is not.
    happened: bool = False


def fragment(text: str) -> bool:
    """A broken line, a heading, or a sentence cut off mid-thought; not a whole line that states
    when something was done, which a title page or a record ends with its date and no full stop
    ("Ordered by the House of Commons to be printed 13 October 2020", "Volume 776: debated on
    Wednesday 9 November 2016", "Page updated: 30 January 2012")."""
    words = text.split()
    if len(words) < 4 or not re.search(r"[A-Za-z]", text):
        return True
    if _OPENS_LOWER.match(text) or _CUT_OFF.search(text):
        return True
    # An item marked by a bullet that reads as a clause is whole without a full stop ("• 23%
    # said it was because they could not afford to pay for treatment"); not a link, heading or
    # label ("- Lords Library Briefing: Residential care sector").
    clause = (
        bool(_MARKED.match(text))
        and len(words) >= 7
        and ":" not in text
        and bool(_VERB.search(text))
    )
    return not (_ENDS_SENTENCE.search(text) or answertype.done_on(text) or clause)


def window(texts: Sequence[str], s: int, most: int = 5) -> tuple[int, int]:
    """The sentences to quote for sentence `s`: with the one before when it leans on it or
    continues it (a line broken mid-sentence, as PDF text often is), with the lines after
    while it is cut off and they continue it, and with the items of a list it introduces
    ("Those local authorities are:")."""
    first = s
    while first > 0 and s - first < most - 1 and _OPENS_LOWER.match(texts[first]):
        first -= 1
    if first == s and s > 0 and leans(texts[s]) and not fragment(texts[s - 1]):
        first = s - 1
    last = s
    while (
        last + 1 < len(texts)
        and last - first < most - 1
        and not _ENDS_SENTENCE.search(texts[last])
        and (
            _OPENS_LOWER.match(texts[last + 1])
            or _CUT_OFF.search(texts[last])
            or _JOINED.search(texts[last])
        )
    ):
        last += 1
    if texts[last].rstrip().endswith(":"):
        while last + 1 < len(texts) and last - first < most - 1 and _item_line(texts[last + 1]):
            last += 1
    elif (
        last + 1 < len(texts) and _COUNTS.search(texts[last]) and _FIRST_ITEM.match(texts[last + 1])
    ):
        last += 1
        while (
            last + 1 < len(texts) and last - first < most - 1 and _NEXT_ITEM.match(texts[last + 1])
        ):
            last += 1
    return first, last


def _row(text: str) -> bool:
    """A line that is whole though it is not a sentence (a table row, a list item), not a
    piece of a broken one: it neither opens in lower case nor ends mid-clause."""
    return not (_OPENS_LOWER.match(text) or _CUT_OFF.search(text))


def _item_line(text: str) -> bool:
    return bool(_BULLET.match(text)) or not _ENDS_SENTENCE.search(text.rstrip())


def _head(texts: Sequence[str], first: int, last: int) -> str:
    """The window's own sentences, without the list items it ends with: what must be whole."""
    for i in range(first, last):
        if texts[i].rstrip().endswith(":"):
            return " ".join(texts[first : i + 1])
    return " ".join(texts[first : last + 1])


def leans(text: str) -> bool:
    return bool(_LEANS.match(text))


def overlap(ask_terms: dict[str, float], sentence_terms: set[str]) -> float:
    total = sum(ask_terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in ask_terms.items() if t in sentence_terms) / total


def score(c: Candidate, w: Weights = WEIGHTS, typed_asked: bool = True) -> float:
    """A candidate's score from its features."""
    return (
        w.overlap * c.overlap
        + w.dense * c.dense
        + w.rank * c.relative
        + w.typed * (c.typed and typed_asked)
        + w.speaker * c.speaker
        + w.item * c.item
        + w.rarest * c.rarest
        - w.fragment * (c.fragment and not (c.label or c.dated))
        - w.lean * c.leaning
        - w.announce * c.announcing
        - w.asking * c.asking * c.overlap
        - w.pair * c.paired
        + w.thing * c.names
        + w.placed * c.placed
    )


def with_top(signals: Signals, top: Candidate) -> Signals:
    """The signals with those of the sentence that would open the answer."""
    return replace(
        signals,
        overlap=top.overlap,
        typed=top.typed,
        dense=top.dense,
        rarest=top.rarest,
        whole=top.whole,
    )


def rescore(ask: Ask, ranked: Sequence[Candidate], w: Weights) -> list[Candidate]:
    """The same candidates scored with other weights, best first."""
    out = [replace(c, score=score(c, w, ask.kind is not None)) for c in ranked]
    out.sort(key=lambda c: (-c.score, c.rank, c.first))
    return out


def candidates(
    ask: Ask,
    hits: Sequence[Hit],
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document],
    analyse: Callable[[list[str]], list[list[str]]],
    speaker_matches: Callable[[str | None, str], bool],
    role_matches: Callable[[str | None, str], bool],
    doc_terms: Callable[[str], frozenset[str]] = lambda doc_id: frozenset(),
    weights: Weights = WEIGHTS,
) -> list[Candidate]:
    """Every sentence of the hits, scored, best first. A question word that names the source
    itself (its title, publisher or kind: "the CWDC newsletter") counts as used by each of
    its sentences: it says where to look, not what to find. Where a question asks for a kind
    of fact (a date, a number) and a sentence uses its words but its neighbour holds the fact
    ("... her newly published review. The 89-page report, published on Tuesday 4 April, ..."),
    the two are also scored together."""
    if not hits:
        return []
    best = max(h.score for h in hits)  # the first hit may be one put first (a speaker's)
    top = best if best > 0 else 1.0
    rarest = max(ask.terms, key=lambda t: (ask.terms[t], t)) if ask.terms else None
    passages: list[_Passage] = []
    for rank, hit in enumerate(hits):
        chunk = chunks[hit.row]
        doc = documents[chunk.doc_id]
        section = doc.sections[chunk.section] if doc.sections else None
        said_by = section.speaker if section else None
        by_named = any(speaker_matches(said_by, s) for s in ask.speakers) or bool(
            ask.role and role_matches(section.role if section else None, ask.role)
        )
        # The contribution's role ("minister") is shown with each quote, as its source is.
        role_words = (
            frozenset(analyse([section.role])[0]) if section and section.role else frozenset()
        )
        if by_named and ask.opening is not None and chunks[ask.opening].doc_id == chunk.doc_id:
            role_words |= ask.place_words
        texts = [doc.text[a:b] for a, b in chunk.sentences]
        # A sentence uses a word when it uses any glossary form of it ("ICSs" for "integrated
        # care systems"), as lexical search already counts it.
        glossed = [" ".join([t, *expansions(t)]) for t in texts]
        # A line stating that the document was done on a date what the question asks about
        # ("Published 4 April 2023" for "When was ... published?"), or, for a question asking
        # a date that no such line answers, the line its date was read from, speaks of the
        # whole document: its title's words are its own.
        words = [set(w) for w in analyse(glossed)] if texts else []
        dated = own_date(doc, chunk, ask, texts, words, analyse)
        for i, (t, w) in enumerate(zip(texts, words, strict=True)):
            # So does a label naming who did something ("Ratified by: ...") for a "who" question,
            # and any label line holding the kind of fact asked for ("Review date: October 2026",
            # "Publication reference: PR2086"): a field of the document's own record.
            if doc.title and (
                i in dated
                or (answertype.done_on(t.strip()) and ask.terms.keys() & w)
                or (ask.kind == answertype.PERSON and answertype.agent(t, ask.known))
                or (
                    ask.kind is not None
                    and bool(_LABEL.match(t.strip()))
                    and answertype.present(ask.kind, t, None, ask.known)
                )
            ):
                w |= set(analyse([doc.title])[0])
        passages.append(
            _Passage(
                rank,
                hit,
                chunk.doc_id,
                texts,
                words,
                doc_terms(chunk.doc_id) | role_words,
                person(said_by) if said_by and not _DESCRIBED.match(person(said_by)) else None,
                by_named,
                bool(
                    ask.asked_role
                    and role_matches(section.role if section else None, ask.asked_role)
                ),
                max(hit.score, 0.0) / top,
                answertype.within(
                    ask.scope,
                    [chunk.text, doc.title, doc.date, doc.publisher],
                    doc.date is not None,
                ),
                ask.opening == hit.row and ask.kind == answertype.PERSON,
                dated,
            )
        )
    spoken_for = speaks_for(ask.terms, passages)
    out: list[Candidate] = []
    for passage in passages:
        if passage.dated:
            passage = replace(passage, speaks_for=spoken_for.get(passage.doc_id, (set(), 0.0)))
        out += _of_passage(ask, passage, rarest, weights, analyse)
    out.sort(key=lambda c: (-c.score, c.rank, c.first))
    return out


@dataclass(frozen=True)
class _Passage:
    rank: int
    hit: Hit
    doc_id: str
    texts: list[str]  # its sentences
    words: list[set[str]]  # each sentence's analysed words
    source: frozenset[str]  # the words that name its source (counted as used by each sentence)
    named: str | None  # who said it, when a name is given
    by_named: bool  # said by the speaker or role the question names
    in_role: bool  # said by the holder of the role the question asks for
    relative: float  # its fused score relative to the best passage's
    in_scope: bool = True  # it or its document names the places and years the question does
    # It opens the contribution whose speaker the question asks for by its place in the debate.
    opens: bool = False
    dated: frozenset[int] = frozenset()  # its sentences stating its document's own date
    # The words and cosine of the sentence of its document's retrieved passages that uses the
    # most of the question's words: what a line stating the document's date speaks for.
    speaks_for: tuple[set[str], float] = (set(), 0.0)


def own_date(
    doc: Document,
    chunk: Chunk,
    ask: Ask,
    texts: Sequence[str],
    words: Sequence[set[str]],
    analyse: Callable[[list[str]], list[list[str]]],
) -> frozenset[int]:
    """For a question asking a date, the passage's sentences (indexes) that state its
    document's own date, the answer to "when was it debated / published?" though they share no
    other word with the question: a line stating that the document was done on a date what the
    question asks ("Asked on: 12 May 2020" for "When did she ask ...?"), else the line ingest
    read the document's date from (Document.dated: "Monday 24th November 2025")."""
    if ask.kind != answertype.DATE or ask.ahead:
        return frozenset()
    asked = set(analyse([" ".join(sorted(ask.known))])[0])
    done = frozenset(
        i for i, t in enumerate(texts) if answertype.done_on(t.strip()) and asked & words[i]
    )
    if done or doc.dated is None:
        return done
    a, b = doc.dated
    return frozenset(i for i, (s, e) in enumerate(chunk.sentences) if s < b and a < e)


def speaks_for(
    terms: dict[str, float], passages: Sequence[_Passage]
) -> dict[str, tuple[set[str], float]]:
    """For each document, the words and cosine of the sentence of its retrieved passages that
    uses the most of the question's words (the closest, of equals) and states no date of its
    own. A line stating the document's own date speaks for the whole document: it answers
    "When did peers debate the need for ...?" or "What date is shown for the written question
    on ...?" as that sentence would, were it dated (scored as a sentence quoted with the
    neighbour that holds the fact). A sentence that states a date with the question's words
    answers by itself."""
    best: dict[str, tuple[tuple[float, float], set[str]]] = {}
    for p in passages:
        for t, w, dense in zip(p.texts, p.words, p.hit.sentence_scores, strict=False):
            if answertype.present(answertype.DATE, t):
                continue
            key = (overlap(terms, w | p.source), dense)
            if p.doc_id not in best or key > best[p.doc_id][0]:
                best[p.doc_id] = (key, w)
    return {d: (w, key[1]) for d, (key, w) in best.items()}


def names_new(
    text: str, thing: str, known: frozenset[str], analyse: Callable[[list[str]], list[list[str]]]
) -> bool:
    """The text names one of the things a "which" question asks for by a number or name the
    question does not give: the thing's word then that number or name ("... will speak also to
    Amendments 28 and 37" for "Which other amendments did she speak to alongside Amendment
    18?"; not "Amendment 18 covers ...")."""
    tokens = re.findall(r"[\w’'-]+", text)
    return any(
        thing in terms
        and i + 1 < len(tokens)
        and (tokens[i + 1][0].isdigit() or tokens[i + 1][0].isupper())
        and tokens[i + 1].casefold() not in known
        for i, terms in enumerate(analyse(tokens))
    )


def _of_passage(
    ask: Ask,
    p: _Passage,
    rarest: str | None,
    weights: Weights,
    analyse: Callable[[list[str]], list[list[str]]],
) -> list[Candidate]:
    def restates(joined: str) -> bool:
        """It asks, and the question is neither about asking nor about its speaker's words."""
        return not (ask.about_asking or p.by_named) and answertype.asks(joined)

    def typed(first: int, last: int) -> bool:
        joined = " ".join(p.texts[first : last + 1])
        if not p.in_scope or ask.unknown_speaker:
            return False
        if ask.past and answertype.dates_ahead(joined):
            # "In spring 2023, the Government will publish a plan ..." does not say when the
            # white paper was published.
            return False
        if ask.happened and not p.by_named and answertype.conditional(joined):
            return False  # "If any changes are put in place ..., those affected will ..."
        if ask.asked_role and p.in_role:  # "Which minister answered?": the holder's name
            return p.named is not None
        if ask.asked_role and p.named is not None:
            return False  # another speaker's words: the holder of the role is not theirs to name
        if (
            ask.kind == answertype.PERSON
            and p.named is None
            and "minister" in ask.known
            and not ask.about_asking
            and not answertype.ministerial(joined)
        ):
            # "Which health minister replied ...?" in a report of a debate ("Lord Markham,
            # Parliamentary Under-Secretary ..., responded on behalf of the government"): a
            # name without a minister's office is not the one.
            return False
        if ask.opening is not None and ask.kind == answertype.PERSON and not p.by_named:
            return False  # "Who spoke last?": only the words spoken there name who it was
        if ask.about_speaking and ask.kind == answertype.PERSON and answertype.asks(joined):
            # "Which MP wanted GPs to offer an HIV test?": who asked is the answer, and the
            # question they tabled says what they wanted.
            return p.named is not None
        given = (
            ask.kind in (answertype.NUMBER, answertype.DATE)
            and first == last
            and answertype.tabled(joined)
        )
        if ask.kind not in (None, answertype.LIST) and restates(joined) and not given:
            # It asks (often the question itself, as tabled): it answers nothing. Though a
            # figure or date a tabled question states as given holds one ("To ask ... on
            # implementing the £500 million fair pay agreement ...", "... the finding in the
            # Health Foundation report ..., published on 14 December 2025, ..."), by itself, not
            # with the line after it ("Answered on: 05 June 2020"); a member's question may
            # state one as an argument ("Given that ... has risen from 11 to 13 per cent, ...?").
            return False
        if ask.kind in (answertype.PERSON, answertype.BODY) and answertype.asks(joined):
            # "To ask the Minister ...": whom it asks, not who asked; only its speaker answers.
            return p.named is not None
        if ask.kind == answertype.ASKED:
            # "What did Lady X ask?" in a debate or hearing: her questions, not anyone's; what a
            # body asked of others ("What did the council ask homes to do?") is told, not asked.
            if not (ask.speakers or ask.role):
                return True
            if not p.by_named:
                return False
        names = ask.thing is not None and any(ask.thing in w for w in p.words[first : last + 1])
        # "Who described himself as ...?": who speaks is the answer when the question asks
        # about speaking or the sentence speaks of its speaker ("I am the ...") with the
        # question's rarest word, or its source does ("I have placed the report in the
        # Library" does not say who chaired the body that wrote it; "I beg to move" in the
        # opening speech says who opened the debate).
        spoken = ask.about_speaking or (
            answertype.first_person(joined)
            and (rarest is None or rarest in p.source.union(*p.words[first : last + 1]))
        )
        said_by = p.named if spoken else None
        if ask.kind == answertype.PERSON and first == last and answertype.agent(joined, ask.known):
            return True  # "Ratified by: <body>" says who ratified it
        return answertype.present(
            ask.kind, joined, said_by, ask.known, names, ask.measure, ask.unit
        )

    speaker_answers = ask.about_speaking and ask.kind == answertype.PERSON and p.named is not None

    def make(first: int, last: int, paired: bool = False) -> Candidate:
        joined = " ".join(p.texts[first : last + 1])
        own = set().union(*p.words[first : last + 1])
        head = _head(p.texts, first, last)
        broken = fragment(head)
        # Quotes the items of a list it introduces ("... in the following four parts:" and them).
        with_items = len(head) < len(joined)
        placed = p.opens and first == 0
        # The opening of the contribution the question places: the speaker is the answer and
        # the passage the evidence for it, as for a speaker's answer (see `dense` below).
        words = own | p.source | (set().union(*p.words) if placed else set())
        has_type = typed(first, last)
        # The date line alone speaks for its document; a neighbour quoted with it adds only noise.
        dated = has_type and first == last and first in p.dated
        said, said_dense = p.speaks_for if dated else (set(), 0.0)
        borrows = dated and bool(said)
        lent = [said_dense] if borrows else []  # its cosine, too, is that sentence's
        if borrows:
            words |= said
        scores = p.hit.sentence_scores[first : last + 1]
        uses = frozenset(t for t in ask.terms if t in own)
        c = Candidate(
            p.rank,
            p.hit.row,
            p.doc_id,
            first,
            last,
            0.0,
            # A question about a named speaker and nothing else is all about that speaker.
            overlap(ask.terms, words) if ask.terms else float(p.by_named),
            # Where its speaker is the answer ("Which MP challenged ...?"), the whole
            # contribution is the evidence for it, not one of its sentences.
            max(
                [*scores, p.hit.dense] if speaker_answers else [*scores, *lent],
                default=p.hit.dense,
            ),
            has_type,
            p.by_named,
            broken,
            ask.listing and (with_items or answertype.list_item(joined)),
            rarest is None or rarest in words,
            p.relative,
            leans(p.texts[first]),
            ask.listing and not with_items and answertype.announces(joined),
            restates(joined),
            paired or borrows,
            uses,
            broken and has_type and bool(uses) and ask.kind in _FIGURES and _row(head),
            bool(ask.thing and names_new(joined, ask.thing, ask.known, analyse)),
            placed,
            broken and has_type and bool(_LABEL.match(head)),
            bool(_BULLET.match(head)),
            dated,
        )
        return replace(c, score=score(c, weights, ask.kind is not None))

    windows = list(dict.fromkeys(window(p.texts, s) for s in range(len(p.texts))))
    out = [make(first, last) for first, last in windows]
    if ask.kind in (None, answertype.LIST):
        return out
    for first, last in windows:
        nxt = last + 1
        if (
            first == last
            and nxt < len(p.texts)
            and (first, nxt) not in windows
            and not typed(first, last)
            and typed(nxt, nxt)
            and not fragment(p.texts[nxt])
        ):
            out.append(make(first, nxt, paired=True))
    return out


def choose(
    ranked: Sequence[Candidate],
    text_of: Callable[[Candidate], str],
    listing: bool = False,
    across: bool = False,
    w: Weights = WEIGHTS,
) -> list[Candidate]:
    """The best candidate, then the lines of its passage that complete it (`completing`), then
    those scoring close to it that say something else: no repeats, no fragments, nothing from
    passages that only share the topic."""
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    said = {_plain(text_of(best))}
    limit = MAX_ITEMS if listing else w.max_lines
    if not (listing or across):
        for c in completing(best, ranked[1:], w.complete)[: limit - 1]:
            chosen.append(c)
            said.add(_plain(text_of(c)))
    for c in ranked[1:]:
        if len(chosen) >= limit:
            break
        if across:
            if any(o.doc_id == c.doc_id for o in chosen):
                continue  # one line from each source
        elif c.score < (w.relative_items if listing else w.relative) * best.score:
            break
        if c.fragment or (listing and not c.item):
            continue
        # An item of the list the first line comes from need not repeat the question's words.
        listed = listing and c.doc_id == best.doc_id
        if not listed and c.overlap < SAME_PASSAGE_OVERLAP * best.overlap:
            continue
        if not c.typed and best.typed:
            continue
        if best.rarest and not c.rarest:
            continue  # shares the topic, not the question's most telling word
        if best.speaker and not c.speaker:
            continue  # the question names who: their words only
        if any(o.row == c.row and o.first <= c.last and c.first <= o.last for o in chosen):
            continue  # shares a sentence with a line already chosen
        plain = _plain(text_of(c))
        if plain in said or any(plain in o or o in plain for o in said):
            continue  # the same words again (a copy of the document, a repeated quote)
        said.add(plain)
        chosen.append(c)
    return chosen


def completing(
    best: Candidate, rest: Sequence[Candidate], share: float = WEIGHTS.complete
) -> list[Candidate]:
    """Lines of the first line's passage that complete it, those adding question words it
    lacks first: the sentence just before or after it when that uses a question word it does
    not and scores close to it ("Over the last decade the children's sector has been
    transformed ..." then "The workforce has expanded, ..." for "How has the children's
    workforce changed?"); and, after it, rows of a table or items of a list that hold the
    figure or date asked for with a question word ("2008 | 681.7" after "... is shown in the
    following table.")."""
    out: list[Candidate] = []
    for c in rest:
        if c.row != best.row or any(o.first <= c.last and c.first <= o.last for o in [best, *out]):
            continue  # another passage, or it shares a sentence with a line already taken
        beside = c.first == best.last + 1 or c.last == best.first - 1
        if (c.data and c.first > best.last) or (
            beside and not c.fragment and c.uses - best.uses and c.score >= share * best.score
        ):
            out.append(c)
    return sorted(out, key=lambda c: -len(c.uses - best.uses))


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()
