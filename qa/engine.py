"""The query side's edge: load an index and its model once, then search and answer."""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from core import embedder as embedding
from core import lexical, store, vectors
from core.errors import InputError
from core.sentences import HEADING_WORDS
from core.types import SPOKEN_KINDS
from qa import answertype, order, select
from qa.abstain import ASKING, Signals, Verdict, coverage, decide
from qa.answer import Answer
from qa.compose import compose, quote_of
from qa.glossary import expansions
from qa.inputs import clean_question
from qa.query import (
    Filters,
    Query,
    asked_role,
    asks_for_someones_words,
    date_in_range,
    named_role,
    named_speakers,
    normalise,
    parse,
    role_matches,
    role_name,
    speaker_matches,
)
from qa.retrieve import Fusion, Hit, Scored, diversify, ranges, sentence_offsets, top_rows

MAX_QUESTION = 2000
# Weights chosen on the SciFact train split (809 claims) by bench/scifact.py, never on its test.
# Min-max normalisation runs over the top 1000 of each side, the pool it was tuned and measured at.
# The sentence gap (a passage of short lines, its best sentence far below the passage, loses at
# most sentence_weight * 0.15 for it) was chosen leaving one of seven question sets out at a time
# (bench/retrieval_cv.py --fixed-fusion --fixed-cap --by-set): 0.15 in six of seven folds, right
# passage in the top 5 out of fold 0.927 -> 0.937 (301 questions); SciFact test nDCG@10 0.7337
# -> 0.7340, Recall@100 0.9667 both (bench/scifact.py).
DEFAULT_FUSION = Fusion(dense_weight=0.7, sentence_weight=0.5, sentence_gap=0.15, candidates=1000)
# An approximate index is asked for this many times the fusion's candidates, re-scored exactly.
ANN_POOL = 2
PER_DOC = 2  # at most this many of the top k from one document while others have candidates
# ... unless that document's best passage outscores every other's by more than this (fused
# score): chosen by 5-fold CV on realworld-dev and the seed sets with the fusion weights fixed
# (bench/retrieval_cv.py --fixed-fusion), right passage in the top 5 out of fold 0.889 -> 0.903.
LEAD = 0.1
# A question about what several sources say draws one passage from each before any second.
_ACROSS_SOURCES = re.compile(
    r"\b(sources|documents|different|various|compare|comparison|across|perspectives|views)\b",
    re.IGNORECASE,
)


# What "how many" counts: its next few words, up to the verb or preposition that ends them
# ("How many individual funding requests did ..." -> "individual funding requests").
_HOW_MANY = re.compile(r"\bhow many\s+([^?]*)", re.IGNORECASE)
_ENDS_COUNTED_WORDS = (
    "did do does were was are is have has had will would can could should may might must in of "
    "on at for from by per across between within during since to under over there the a an "
    "this that these those than and or"
)
_ENDS_COUNTED = frozenset(_ENDS_COUNTED_WORDS.split())
COUNTED_WORDS = 4
# A share counts what the question counts only when one of its words stands this close (in
# words): "90% of dentists" says how many dentists, "90% of practices" does not.
NEAR = 4
_PER_CENT = re.compile(r"(per ?cent|percent)\b", re.IGNORECASE)
_TIME_UNIT = re.compile(r"(years?|months?|weeks?|days?|hours?|minutes?)\b", re.IGNORECASE)
_TIME_UNITS = frozenset(lexical.analyze(["year month week day hour minute"])[0])


@lru_cache(maxsize=256)
def counted(question: str) -> frozenset[str]:
    """The analysed words of what a "how many" question counts, with their glossary forms."""
    m = _HOW_MANY.search(question)
    words: list[str] = []
    for w in re.findall(r"[\w’'-]+", m.group(1) if m else "")[:COUNTED_WORDS]:
        if w.casefold() in _ENDS_COUNTED:
            break
        words.append(w)
    phrase = " ".join(words)
    return frozenset(lexical.analyze([" ".join([phrase, *expansions(phrase)])])[0]) - _asking()


def counts(text: str, thing: frozenset[str]) -> bool:
    """Whether the text holds a count of the thing: a number that is no share, or a share within
    NEAR words of a word of the thing ("90% of practices ... NHS dentist" does not say how many
    dentists left). A number counts whatever it stands by: the thing is often named in other
    words ("550 UDCs" for urgent dental centres, "470,000 people ... die" for deaths). True when
    nothing is named."""
    if not thing:
        return True
    tokens = text.split()
    figures = [
        i
        for i, t in enumerate(tokens)
        if answertype.present(answertype.NUMBER, t, measure=answertype.COUNT)
    ]
    # A length of time counts time ("people 40 years and over", "within 28 days"), not the
    # thing, unless the thing is a span of time ("How many days ...?").
    if not thing & _TIME_UNITS:
        figures = [i for i in figures if not _TIME_UNIT.match(" ".join(tokens[i + 1 : i + 2]))]
    if not figures:
        return False
    shares = [
        i for i in figures if "%" in tokens[i] or _PER_CENT.search(" ".join(tokens[i : i + 3]))
    ]
    if len(shares) < len(figures):
        return True
    named = [i for i, terms in enumerate(lexical.analyze(tokens)) if thing & set(terms)]
    return any(abs(i - j) <= NEAR for i in shares for j in named)


def dated_in(date: str | None, year: str) -> bool:
    """Whether a document's date lets its figures stand for the year asked ("2022", or a
    financial or academic year "2022-23"): no date (the year may be any), a date in that year,
    or one after the period ended (31 March of its second year): a document dated February 2023
    cannot give what was done in 2022/23."""
    if not date:
        return True
    if "-" not in year:
        return date[:4] == year
    return date[:7] >= f"{int(year[:4]) + 1}-04"


def acronym(name: str) -> str:
    """The initials of a name's capitalised words: "Health Education England" -> "HEE"."""
    return "".join(w[0] for w in re.findall(r"\b[A-Z][\w’'-]*", name))


@lru_cache(maxsize=1)
def _when(date: str | None) -> str:
    """A document date's year and month as words ("2022-02-09" -> "2022 February")."""
    if not date:
        return ""
    parts = date.split("-")
    month = calendar.month_name[int(parts[1])] if len(parts) > 1 else ""
    return f"{parts[0]} {month}".strip()


def _asking() -> frozenset[str]:
    return frozenset(lexical.analyze([ASKING])[0])


def _term(word: str | None) -> str | None:
    """A word as the lexical analyser indexes it ("budgets" -> "budget"), or None."""
    terms = lexical.analyze([word])[0] if word else []
    return terms[-1] if terms else None


def validate(question: str) -> str:
    """The question cleaned (control characters out, NFC) and checked; InputError if unusable."""
    q = clean_question(question).strip() if isinstance(question, str) else ""
    if not q:
        raise InputError("the question is empty: type a question about the corpus")
    if len(q) > MAX_QUESTION:
        raise InputError(f"the question is {len(q)} characters long; the limit is {MAX_QUESTION}")
    return q


def interleave(first: Sequence[Hit], then: Sequence[Hit], k: int) -> list[Hit]:
    """Up to k hits taken in turn from each list, `first` leading; each passage once."""
    out: list[Hit] = []
    seen: set[int] = set()
    for pair in itertools.zip_longest(first, then):
        for h in pair:
            if h is not None and h.row not in seen and len(out) < k:
                seen.add(h.row)
                out.append(h)
    return out


class DocOf(Sequence[str]):
    """The doc_id of each passage, looked up in the filter columns (no list of a million)."""

    def __init__(self, codes: np.ndarray, ids: np.ndarray) -> None:
        self._codes, self._ids = codes, ids

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, row: int) -> str:  # type: ignore[override]
        return str(self._ids[self._codes[row]])


@dataclass(frozen=True)
class Engine:
    index: store.IndexData
    model: embedding.Encoder
    offsets: np.ndarray = field(repr=False)

    @staticmethod
    def load(
        index_dir: Path | str, model: str = embedding.DEFAULT_MODEL, verify: bool = False
    ) -> Engine:
        """Check the manifest against the model in use before loading anything heavy;
        `verify` hashes every index file whatever the index's size."""
        index_dir = Path(index_dir)
        manifest = store.read_manifest(index_dir)
        store.check_model(manifest, model, embedding.weights_sha256(model), index_dir)
        data = store.load(index_dir, full_check=verify)
        loaded = embedding.load_query(model)
        return Engine(data, loaded, data.columns.sentence_offsets)

    @property
    def version(self) -> str:
        return self.index.version

    @cached_property
    def doc_of(self) -> Sequence[str]:
        """The doc_id of each passage, by row."""
        return DocOf(self.index.columns.codes["document"], self.index.columns.values["document"])

    @cached_property
    def source_of(self) -> Sequence[str]:
        """The source file of each passage, by row: what the top k are spread across. A file
        holding a whole sitting day is one document per debate, but one source."""
        ids = self.index.columns.values["document"]
        sources = np.array([self.index.documents[str(d)].source for d in ids], dtype=object)
        return DocOf(self.index.columns.codes["document"], sources)

    def allowed(self, filters: Filters) -> np.ndarray:
        """Which chunks a search may return under the filters: array operations over the
        index's filter columns, each predicate run once per distinct value."""
        cols = self.index.columns
        mask = np.ones(len(cols), dtype=bool)
        if filters.doc:
            wanted = cols.document_codes(lambda i, source: filters.doc in (i, source))
            if not len(wanted):
                names = ", ".join(sorted(str(s) for s in cols.sources)[:20])
                raise InputError(f"no document {filters.doc!r} in the index; documents: {names}")
            mask &= np.isin(cols.codes["document"], wanted)
        if not filters.active:
            return mask
        if filters.kind:
            mask &= cols.where("kind", lambda k: k == filters.kind)
        if filters.since or filters.until:
            dated = cols.where("date", lambda d: date_in_range(d, filters.since, filters.until))
            mask &= dated | (filters.undated & (cols.codes["date"] < 0))
        if filters.role:
            mask &= cols.where("role", lambda r: role_matches(r, filters.role or ""))
        if filters.speaker:
            mask &= cols.where("speaker", lambda s: speaker_matches(s, filters.speaker or ""))
        return mask

    def _phrase_mask(self, query: Query, lexical_scores: np.ndarray) -> np.ndarray:
        mask = np.ones(len(self.index.chunks), dtype=bool)
        n = len(self.index.chunks)
        for phrase in query.phrases:
            terms = lexical.analyze([phrase])[0]
            maybe = lexical.scores(self.index.lexical, terms, n) > 0 if terms else mask
            wanted = normalise(phrase)
            for i in np.flatnonzero(mask & maybe):
                mask[i] = wanted in normalise(self.index.chunks[int(i)].embed_text)
            mask &= maybe
        for word in query.excluded:
            terms = lexical.analyze([word])[0]
            if terms:
                mask &= lexical.scores(self.index.lexical, terms, n) == 0
            else:
                wanted = normalise(word)
                mask &= np.array([wanted not in normalise(c.text) for c in self.index.chunks])
        return mask

    def search(
        self,
        question: str,
        filters: Filters | None = None,
        fusion: Fusion = DEFAULT_FUSION,
    ) -> list[Hit]:
        """Every allowed candidate passage, best first (before diversification)."""
        query = parse(validate(question))
        vector = self.model.encode([query.dense_text])[0]
        return self.search_vector(query, vector, filters, fusion)

    def search_vector(
        self,
        query: Query,
        vector: np.ndarray,
        filters: Filters | None = None,
        fusion: Fusion = DEFAULT_FUSION,
    ) -> list[Hit]:
        """`search` once the question is embedded."""
        return self.scores(query, vector, filters, fusion.candidates).rank(fusion)

    def scores(
        self, query: Query, vector: np.ndarray, filters: Filters | None, candidates: int
    ) -> Scored:
        """The raw scores a search fuses. An exact index scores every passage; an approximate
        one gives candidates (the filters applied inside its search), which are re-scored
        exactly from the memory-mapped vectors, with BM25's best `candidates` added."""
        n = len(self.index.chunks)
        lexical_scores = lexical.scores(
            self.index.lexical, lexical.analyze([query.lexical_text])[0], n
        )
        mask = self.allowed(filters or Filters())
        if query.phrases or query.excluded:
            mask &= self._phrase_mask(query, lexical_scores)
        if self.index.exact:
            dense = vectors.all_scores(self.index.vectors, vector)
            sentence_scores = vectors.all_scores(self.index.sentence_vectors, vector)
            return Scored(None, dense, sentence_scores, self.offsets, lexical_scores, mask)
        rows = np.union1d(
            vectors.nearest(
                self.index.chunk_index, vector, candidates * ANN_POOL, None if mask.all() else mask
            ),
            top_rows(lexical_scores, mask & (lexical_scores > 0), candidates),
        )
        first, counts = self.offsets[rows], self.offsets[rows + 1] - self.offsets[rows]
        return Scored(
            rows,
            vectors.rows_scores(self.index.vectors, rows, vector),
            vectors.rows_scores(self.index.sentence_vectors, ranges(first, counts), vector),
            sentence_offsets(counts),
            lexical_scores[rows],
            mask[rows],
        )

    def signals(self, question: str, hits: Sequence[Hit]) -> Signals:
        """Raw evidence and passage coverage (the opening line's signals come from `with_top`)."""
        if not hits:
            return Signals(0.0, 0.0, 0.0, False)
        terms = lexical.analyze([parse(question).dense_text])[0]
        idf = lexical.idf(self.index.lexical, terms, len(self.index.chunks))
        best = max(
            coverage(terms, self._terms(h.row) | self.doc_terms(self.doc_of[h.row]), idf, _asking())
            for h in hits
        )
        return Signals(max(h.evidence for h in hits), best, 0.0, False)

    def with_top(
        self, signals: Signals, question: str, ask: select.Ask, top: select.Candidate | None
    ) -> Signals:
        """The signals with those of the line that would open the answer (select.with_top), and
        whether that line counts the thing a figure is asked for and is dated in the year asked
        for: it or its document's title states the year, or the document is dated then
        (`dated_in`), unless the line states another financial year. A year that dates the
        source ("the October 2009 Lords debate") is met by the document's date; a financial year
        by a line that states it."""
        if top is None:
            return signals
        doc = self.index.documents[self.index.chunks[top.row].doc_id]
        text = quote_of(top, self.index.chunks, self.index.documents)
        years = ask.scope.years if ask.kind == answertype.NUMBER else ()
        return replace(
            select.with_top(signals, top),
            dated=all(
                (dated_in(doc.date, y) and not answertype.another_period(text, y))
                or answertype.within(answertype.Scope(years=(y,)), [text, doc.title])
                for y in years
            ),
            counts=ask.kind != answertype.NUMBER
            or ask.measure != answertype.COUNT
            or counts(text, counted(question)),
        )

    @cached_property
    def _doc_terms(self) -> dict[str, frozenset[str]]:
        return {}

    def doc_terms(self, doc_id: str) -> frozenset[str]:
        """The words that name a document's source: its publisher and its acronym ("Children's
        Workforce Development Council" -> CWDC), its kind, its chamber and its date's month and
        year ("the February 2022 Commons statement"), as the citation shows them. Not its
        title: a title says what the document is about, which its sentences must show for
        themselves; so a publisher the title names ("NHS ... Integrated Care Board
        Constitution", "Written evidence submitted by The King's Fund") lends none of the
        title's words."""
        if doc_id not in self._doc_terms:
            d = self.index.documents[doc_id]
            names = [d.publisher, acronym(d.publisher)] if d.publisher else []
            subject = set(lexical.analyze([d.title or ""])[0])
            terms = set(lexical.analyze([" ".join(names)])[0]) - subject
            terms |= set(
                lexical.analyze([" ".join([d.kind or "", d.chamber or "", _when(d.date)])])[0]
            )
            self._doc_terms[doc_id] = frozenset(terms)
        return self._doc_terms[doc_id]

    @cached_property
    def speakers(self) -> tuple[str, ...]:
        """Every speaker name the index holds, as ingest read it."""
        return tuple(str(s) for s in self.index.columns.values["speaker"])

    def question(self, question: str) -> select.Ask:
        """What sentence selection needs to know about the question."""
        terms = [t for t in lexical.analyze([parse(question).dense_text])[0] if t not in _asking()]
        idf = lexical.idf(self.index.lexical, terms, len(self.index.chunks))
        named = named_speakers(question, self.speakers)
        # The named speaker's own words are not what their contributions need to repeat.
        own = set(lexical.analyze([" ".join(named)])[0]) if named else set()
        kind = answertype.asked(question)
        return select.Ask(
            {t: w for t, w in idf.items() if t not in own},
            kind,
            named,
            named_role(question),
            kind == answertype.LIST or answertype.counts_items(question),
            bool(_ACROSS_SOURCES.search(question)),
            asks_for_someones_words(question) and not named,
            answertype.about_asking(question),
            asked_role(question),
            answertype.words(" ".join([question, *expansions(question)])),
            answertype.about_speaking(question),
            _term(answertype.thing(question)) if kind == answertype.NAMED else None,
            answertype.measure(question) if kind == answertype.NUMBER else None,
            answertype.scope(question),
            unit=answertype.unit(question) if kind == answertype.NUMBER else None,
            ahead=kind == answertype.DATE and answertype.ahead(question),
            past=kind == answertype.DATE and answertype.past(question),
            happened=kind is None and answertype.happened(question),
        )

    def candidates(self, ask: select.Ask, hits: Sequence[Hit]) -> list[select.Candidate]:
        """Every sentence of the hits, scored for the question, best first."""
        return select.candidates(
            ask,
            hits,
            self.index.chunks,
            self.index.documents,
            lexical.analyze,
            speaker_matches,
            role_matches,
            self.doc_terms,
        )

    @cached_property
    def _passage_terms(self) -> dict[int, set[str]]:
        return {}

    def _terms(self, row: int) -> set[str]:
        """A passage's analysed words, worked out once per passage, not once per question."""
        if row not in self._passage_terms:
            self._passage_terms[row] = set(lexical.analyze([self.index.chunks[row].embed_text])[0])
        return self._passage_terms[row]

    @cached_property
    def _quotable(self) -> dict[int, bool]:
        return {}

    def quotable(self, row: int) -> bool:
        """False for a record's header that says nothing itself: a passage of a spoken record's
        words of no one ("Volume 813: debated on Thursday 24 June 2021 / Motion to Take Note /
        Moved by", "Written Question / Monday 13th March 2023", "Tuesday 16th May 2023 /
        Westminster Hall") holding only headings, labels, broken lines and bare date lines. Its
        retrieval context holds the words of the speech it stands above, so it is retrieved for
        what that speech says, and it has nothing of that to quote. A line longer than a heading
        says something even when the copy cuts it off."""
        if row not in self._quotable:
            c = self.index.chunks[row]
            doc = self.index.documents[c.doc_id]
            header = doc.kind in SPOKEN_KINDS and doc.sections[c.section].number is None
            self._quotable[row] = not header or any(
                len(line.split()) > HEADING_WORDS
                or not (select.fragment(line) or answertype.done_on(line))
                for a, b in c.sentences
                for line in [" ".join(doc.text[a:b].split())]
            )
        return self._quotable[row]

    def retrieved(self, question: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """The k best passages for the question's words and meaning: ranked, then diversified
        across sources."""
        q = validate(question)
        hits = self.search(q, filters)
        # A passage with nothing to quote goes after every passage that has something.
        hits = sorted(hits, key=lambda h: not self.quotable(h.row))  # stable: ranks kept
        if _ACROSS_SOURCES.search(q):  # strictly one passage per source first
            return diversify(hits, k, self.source_of, 1, margin=float("inf"))[:k]
        return diversify(hits, k, self.source_of, PER_DOC, lead=LEAD)[:k]

    def top_hits(self, question: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """The passages an answer draws on (`passages`)."""
        q = validate(question)
        return self.passages(q, self.question(q), k, filters)[0]

    def passages(
        self, q: str, ask: select.Ask, k: int, filters: Filters | None
    ) -> tuple[list[Hit], select.Ask]:
        """The passages an answer draws on, and what the question asks once they are known: the
        k retrieved, with the contributions of the speaker or role the question names (or of
        the place in a debate it names) first, and for a "when" question the line where the
        best passage's document states its date."""
        hits = self.retrieved(q, k, filters)
        placed = None if ask.speakers else self.placed(q, ask, hits, k, filters)
        if placed:
            hits, ask = placed
        elif ask.speakers and not (filters and filters.speaker):
            # A question naming a speaker ranks that speaker's contributions first, though not
            # to the exclusion of the best passages (another speaker may quote or answer them).
            theirs = self.retrieved(q, k, replace(filters or Filters(), speaker=ask.speakers[0]))
            hits = interleave(theirs, hits, k)
        elif ask.asked_role and not (filters and filters.role):
            # "Which minister answered ...?": the role's contributions come first in the same way.
            theirs = self.retrieved(q, k, replace(filters or Filters(), role=ask.asked_role))
            hits = interleave(theirs, hits, k)
        if ask.kind == answertype.DATE and not ask.ahead:
            hits = self.with_date_line(q, hits, filters)
        return hits, ask

    def draft(self, question: str, k: int = 5, filters: Filters | None = None) -> Draft:
        """Everything an answer is made from, before the outcome is decided."""
        if not 1 <= k <= 50:
            raise InputError(f"k must be between 1 and 50, not {k}")
        q = validate(question)
        hits, ask = self.passages(q, self.question(q), k, filters)
        ranked = self.candidates(ask, hits)
        top = ranked[0] if ranked else None
        signals = self.with_top(self.signals(q, hits), q, ask, top)
        return Draft(q, tuple(hits), ask, tuple(ranked), signals)

    def with_date_line(self, question: str, hits: list[Hit], filters: Filters | None) -> list[Hit]:
        """For a "when" question: the hits, then the passage where the best passage's document
        states its own date (Document.dated: "Volume 839: debated on Thursday 10 October 2024"),
        if no hit holds that line. That line shares no word with the question, so it is rarely
        retrieved, yet it is the answer to "when was it debated / published?"."""
        doc = self.index.documents[self.doc_of[hits[0].row]] if hits else None
        if doc is None or doc.dated is None:
            return hits
        chunks, doc_id, (a, b) = self.index.chunks, doc.doc_id, doc.dated

        def holds(h: Hit) -> bool:
            c = chunks[h.row]
            return c.doc_id == doc_id and c.start < b and a < c.end

        if any(holds(h) for h in hits):
            return hits
        within = replace(filters or Filters(), doc=doc_id)
        line = next((h for h in self.search(question, within) if holds(h)), None)
        if line is None:
            return hits
        # Scored as the whole search scores it (a search within one document normalises its
        # scores over that document alone).
        fused = {h.row: h.score for h in self.search(question, filters)}
        return [*hits, replace(line, score=fused.get(line.row, 0.0))]

    def placed(
        self, question: str, ask: select.Ask, hits: list[Hit], k: int, filters: Filters | None
    ) -> tuple[list[Hit], select.Ask] | None:
        """For a question naming a place in a debate ("Who wound up for the Government?"):
        the debate of the best passage, the contribution at that place
        (qa.order), and that speaker's passages of the debate first, the one opening the
        contribution leading; the question then names that speaker (or, where the copy names
        nobody, that role). None when the question names no place, or the best passage is not
        from a debate with a contribution there (a report of the debate answers from its own
        words: "Lord Prior responded on behalf of the government")."""
        place = order.cue(question)
        debate = self.index.documents[self.doc_of[hits[0].row]] if place and hits else None
        at = order.contribution(debate, place) if debate and place else None
        if debate is None or place is None or at is None:
            return None
        chunks, section = self.index.chunks, debate.sections[at]
        # The debate's passages, scored as the whole search scores them (a search within one
        # document normalises its scores over that document alone).
        fused = {h.row: h.score for h in self.search(question, filters)}
        in_debate = [
            replace(h, score=fused.get(h.row, 0.0))
            for h in self.search(question, replace(filters or Filters(), doc=debate.doc_id))
        ]
        opening = min(
            (h for h in in_debate if chunks[h.row].section == at),
            key=lambda h: chunks[h.row].start,
            default=None,
        )
        if opening is None:
            return None
        sections = debate.sections
        theirs = [h for h in in_debate if order.same(sections[chunks[h.row].section], section)]
        named = bool(section.speaker)
        ask = replace(
            ask,
            place_words=frozenset(lexical.analyze([order.place_words(question)])[0]),
            speakers=(section.speaker,) if section.speaker else (),
            role=None if named else role_name(section.role),
            opening=opening.row,
        )
        return interleave([opening, *theirs], hits, k), ask

    def compose(
        self, draft: Draft, verdict: Verdict, weights: select.Weights = select.WEIGHTS
    ) -> Answer:
        return compose(
            draft.question,
            draft.hits,
            draft.ranked,
            self.index.chunks,
            self.index.documents,
            self.version,
            verdict,
            draft.ask.listing,
            draft.ask.across,
            weights,
        )

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        draft = self.draft(question, k, filters)
        return self.compose(draft, decide(draft.signals))


@dataclass(frozen=True)
class Draft:
    question: str
    hits: tuple[Hit, ...]
    ask: select.Ask
    ranked: tuple[select.Candidate, ...]
    signals: Signals
