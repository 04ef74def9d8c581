"""The query side's edge: load an index and its model once, then search and answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from core import embedder as embedding
from core import lexical, store, vectors
from core.errors import InputError
from qa.abstain import ASKING, Verdict, coverage, decide
from qa.answer import Answer
from qa.compose import compose
from qa.query import Filters, Query, date_in_range, normalise, parse, role_matches, same_speaker
from qa.retrieve import Fusion, Hit, diversify, rank, sentence_offsets

MAX_QUESTION = 2000
# Weights chosen on the SciFact train split (809 claims) by bench/scifact.py, never on its test.
# Min-max normalisation runs over the top 1000 of each side, the pool it was tuned and measured at.
DEFAULT_FUSION = Fusion(dense_weight=0.7, sentence_weight=0.5, candidates=1000)
PER_DOC = 2  # at most this many of the top k from one document while others have candidates
# A question about what several sources say draws one passage from each before any second.
_ACROSS_SOURCES = re.compile(
    r"\b(sources|documents|different|various|compare|comparison|across|perspectives|views)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _asking() -> frozenset[str]:
    return frozenset(lexical.analyze([ASKING])[0])


def validate(question: str) -> str:
    q = question.strip() if isinstance(question, str) else ""
    if not q:
        raise InputError("the question is empty: type a question about the corpus")
    if len(q) > MAX_QUESTION:
        raise InputError(f"the question is {len(q)} characters long; the limit is {MAX_QUESTION}")
    return q


@dataclass(frozen=True)
class Engine:
    index: store.IndexData
    model: embedding.Embedder
    offsets: np.ndarray = field(repr=False)

    @staticmethod
    def load(index_dir: Path | str, model: str = embedding.DEFAULT_MODEL) -> Engine:
        """Check the manifest against the model in use before loading anything heavy."""
        index_dir = Path(index_dir)
        manifest = store.read_manifest(index_dir)
        store.check_model(manifest, model, embedding.weights_sha256(model), index_dir)
        data = store.load(index_dir)
        loaded = embedding.load(model)
        return Engine(data, loaded, sentence_offsets([len(c.sentences) for c in data.chunks]))

    @property
    def version(self) -> str:
        return self.index.version

    @cached_property
    def doc_of(self) -> list[str]:
        return [c.doc_id for c in self.index.chunks]

    def allowed(self, filters: Filters) -> np.ndarray:
        """Which chunks a search may return under the filters."""
        docs = self.index.documents
        if filters.doc and not any(filters.doc in (d.doc_id, d.source) for d in docs.values()):
            names = ", ".join(sorted(d.source for d in docs.values())[:20])
            raise InputError(f"no document {filters.doc!r} in the index; documents: {names}")
        mask = np.ones(len(self.index.chunks), dtype=bool)
        if not filters.active:
            return mask
        for i, c in enumerate(self.index.chunks):
            d = docs[c.doc_id]
            section = d.sections[c.section] if d.sections else None
            mask[i] = (
                (not filters.kind or d.kind == filters.kind)
                and (not filters.doc or filters.doc in (d.doc_id, d.source))
                and (
                    date_in_range(d.date, filters.since, filters.until)
                    or (filters.undated and not d.date)
                )
                and (
                    not filters.role
                    or role_matches(section.role if section else None, filters.role)
                )
                and (
                    not filters.speaker
                    or same_speaker(section.speaker if section else None, filters.speaker)
                )
            )
        return mask

    def _phrase_mask(self, query: Query, lexical_scores: np.ndarray) -> np.ndarray:
        mask = np.ones(len(self.index.chunks), dtype=bool)
        n = len(self.index.chunks)
        for phrase in query.phrases:
            terms = lexical.analyze([phrase])[0]
            maybe = lexical.scores(self.index.lexical, terms, n) > 0 if terms else mask
            wanted = normalise(phrase)
            for i in np.flatnonzero(mask & maybe):
                mask[i] = wanted in normalise(self.index.chunks[i].embed_text)
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
        n = len(self.index.chunks)
        vector = self.model.encode([query.dense_text])[0]
        dense = vectors.all_scores(self.index.chunk_index, vector)
        sentence_scores = self.index.sentence_vectors @ vector
        lexical_scores = lexical.scores(
            self.index.lexical, lexical.analyze([query.lexical_text])[0], n
        )
        mask = self.allowed(filters or Filters())
        if query.phrases or query.excluded:
            mask &= self._phrase_mask(query, lexical_scores)
        return rank(dense, sentence_scores, self.offsets, lexical_scores, mask, fusion)

    def verdict(self, question: str, hits: list[Hit]) -> Verdict:
        """Does the corpus answer at all? From raw evidence and word coverage of the top hits."""
        if not hits:
            return Verdict(False, 0.0, 0.0)
        terms = lexical.analyze([parse(question).dense_text])[0]
        idf = lexical.idf(self.index.lexical, terms, len(self.index.chunks))
        best = max(coverage(terms, self._terms(h.row), idf, _asking()) for h in hits)
        return decide(max(h.evidence for h in hits), best)

    @cached_property
    def _passage_terms(self) -> dict[int, set[str]]:
        return {}

    def _terms(self, row: int) -> set[str]:
        """A passage's analysed words, worked out once per passage, not once per question."""
        if row not in self._passage_terms:
            self._passage_terms[row] = set(lexical.analyze([self.index.chunks[row].embed_text])[0])
        return self._passage_terms[row]

    def top_hits(self, question: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """The k passages an answer draws on: ranked, then diversified across sources."""
        q = validate(question)
        hits = self.search(q, filters)
        if _ACROSS_SOURCES.search(q):  # strictly one passage per source first
            return diversify(hits, k, self.doc_of, 1, margin=float("inf"))[:k]
        return diversify(hits, k, self.doc_of, PER_DOC)[:k]

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        if not 1 <= k <= 50:
            raise InputError(f"k must be between 1 and 50, not {k}")
        q = validate(question)
        hits = self.top_hits(q, k, filters)
        return compose(
            q,
            hits,
            self.index.chunks,
            self.index.documents,
            self.index.sentence_vectors,
            self.offsets,
            self.version,
            self.verdict(q, hits),
        )
