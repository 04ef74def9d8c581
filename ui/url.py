"""The page's state as it lives in the URL: read and checked at the edge, written back as links."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from core.errors import InputError
from core.types import Document, kind_label
from qa.query import KINDS, Filters

VIEWS = ("answer", "document", "debate", "corpus")
FILTERS = ("kind", "doc", "since", "until", "undated", "role", "speaker")
# The order parameters take in a link, so equal states give equal links.
PARAMS = ("q", *FILTERS, "view", "passage", "v")
INCLUDE = "include"  # the one value of `undated`: documents without a date pass a date filter
MAX_VALUE = 200  # of a parameter other than q (the engine reports a question's length itself)
LISTED = 12  # choices named in a message before "and N more"


@dataclass(frozen=True)
class Page:
    """What a URL asks for. `params` are the raw values (non-empty, known keys only); the
    other fields hold only what passed validation, and `problems` says what did not."""

    params: dict[str, str] = field(default_factory=dict)
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    view: str = "answer"
    passage: str | None = None
    v: str | None = None
    problems: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()  # the parameters whose values were refused

    def link(self, **changes: str | None) -> str:
        """A relative link to this state with `changes` applied (None removes a parameter)."""
        return link({**self.params, **changes})


def link(params: Mapping[str, str | None]) -> str:
    pairs = [(k, params[k]) for k in PARAMS if params.get(k)]
    return "?" + urlencode(pairs, safe=":") if pairs else "?"


def choices(values: Collection[str]) -> str:
    shown = sorted(values)[:LISTED]
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def read(
    raw: Mapping[str, str],
    documents: Mapping[str, Document],
    chunk_ids: Collection[str],
    speakers: Collection[str] = (),
) -> Page:
    """Check every parameter on its own, so each wrong one gets its own message. `speakers`
    are the names of everyone who speaks in a debate of the index."""
    params = {k: str(raw[k]).strip() for k in PARAMS if str(raw.get(k, "")).strip()}
    params = {k: v if k == "q" else v[:MAX_VALUE] for k, v in params.items()}
    problems: list[str] = []
    invalid: list[str] = []
    good: dict[str, str | None] = {}
    for name in ("kind", "since", "until", "role"):
        value = params.get(name)
        try:
            filters_of({name: value})
            good[name] = value
        except InputError as e:
            problems.append(f"{e}.")
            invalid.append(name)
    if "undated" in params:
        if params["undated"] == INCLUDE:
            good["undated"] = INCLUDE
        else:
            invalid.append("undated")
            problems.append(f"undated {params['undated']!r} is not {INCLUDE!r}, its one value.")
    if "speaker" in params:
        good["speaker"] = speaker_name(params["speaker"], speakers)
        if good["speaker"] is None:
            invalid.append("speaker")
            problems.append(
                f"speaker {params['speaker']!r} is not named in any debate in the index; "
                f"speakers: {choices(speakers) or 'none'}."
            )
    if "doc" in params:
        good["doc"] = document_id(params["doc"], documents)
        if good["doc"] is None:
            invalid.append("doc")
            problems.append(
                f"doc {params['doc']!r} is not a document in the index; documents: "
                f"{choices(documents)}."
            )
    try:
        filters = to_filters(good)
    except InputError as e:  # each bound is a date, but since comes after until
        problems.append(f"{e}.")
        invalid.extend(("since", "until"))
        filters = to_filters({k: v for k, v in good.items() if k not in ("since", "until")})
    passage = params.get("passage")
    if passage is not None and passage not in chunk_ids:
        problems.append(unknown_passage(passage, documents))
        invalid.append("passage")
        passage = None
    view = params.get("view") or ("document" if "passage" in params and "q" not in params else "")
    if view and view not in VIEWS:
        problems.append(f"view {view!r} is not one of {', '.join(VIEWS)}.")
        invalid.append("view")
    elif view == "document" and "passage" not in params and "doc" not in params:
        problems.append(
            "view=document needs the document or passage to show: add doc=<document id> or "
            "passage=<passage id>, as in the links of the corpus page and of each cited passage."
        )
        invalid.append("view")
    elif view == "debate" and not is_debate(filters.doc, documents):
        debates = [d.doc_id for d in documents.values() if d.kind == "debate"]
        named = f"doc {params['doc']!r} is not a debate" if filters.doc else "it names no doc"
        problems.append(
            f"view=debate needs doc=<a debate's id>, but {named}; debates: "
            f"{choices(debates) or 'none'}."
        )
        invalid.append("view")
    return Page(
        params=params,
        q=params.get("q", ""),
        filters=filters,
        view=view if view in VIEWS else "answer",
        passage=passage,
        v=params.get("v"),
        problems=tuple(problems),
        invalid=tuple(invalid),
    )


def filters_of(values: Mapping[str, Any]) -> Filters:
    """Filters from named values, checked by Filters itself (it raises InputError)."""
    return Filters(**values)


def to_filters(good: Mapping[str, str | None]) -> Filters:
    return Filters(
        **{k: good.get(k) for k in FILTERS if k != "undated"},
        undated=good.get("undated") == INCLUDE,
    )


def is_debate(doc_id: str | None, documents: Mapping[str, Document]) -> bool:
    return doc_id is not None and doc_id in documents and documents[doc_id].kind == "debate"


def speaker_name(value: str, speakers: Collection[str]) -> str | None:
    """The speaker as the index names them, whatever the case of `value`."""
    wanted = value.casefold()
    return next((s for s in speakers if s.casefold() == wanted), None)


def typed_problem(name: str, value: str) -> str | None:
    """Why a value typed into the sidebar's `name` field cannot be used, in the field's terms."""
    try:
        filters_of({name: value})
    except InputError:
        return (
            f"“{value}” is not a date: type a year (2023), a month (2023-04) or a day (2023-04-04)"
        )
    return None


def document_id(value: str, documents: Mapping[str, Document]) -> str | None:
    """A document named by its id or its source file name, as its id."""
    if value in documents:
        return value
    return next((d.doc_id for d in documents.values() if d.source == value), None)


def unknown_passage(passage: str, documents: Mapping[str, Document]) -> str:
    doc, _, _ = passage.rpartition(":")
    if doc in documents:
        return (
            f"passage {passage!r} is not in the index: a passage id names its text, which has "
            f"changed since the link was made; its document's passages are at "
            f"view=document&doc={doc}."
        )
    return (
        f"passage {passage!r} is not in the index; a passage id is <document>:<hash of its "
        f"text>, and the documents are: {choices(documents)}."
    )


ROLE_LABELS = {
    "minister": "The Minister (answers for the Government)",
    "question": "Who asked the question",
    "member": "Other members",
}
ROLE_ONLY = {
    "minister": "the Minister's contributions only",
    "question": "the questioner's contributions only",
    "member": "other members' contributions only",
}
KIND_LABELS = {k: f"{kind_label(k)}s" for k in KINDS}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def describe(filters: Filters, documents: Mapping[str, Document]) -> str:
    """The active filters in words, for the line under the question."""
    parts = []
    if filters.kind:
        parts.append(f"{kind_label(filters.kind).lower()}s only")
    if filters.doc:
        d = documents.get(filters.doc)
        parts.append(f"in {d.title or d.source}" if d else f"in {filters.doc}")
    if filters.since:
        parts.append(f"dated {filters.since} or later")
    if filters.until:
        parts.append(f"dated {filters.until} or earlier")
    if filters.undated and (filters.since or filters.until):
        parts.append("undated documents included")
    if filters.role:
        parts.append(ROLE_ONLY.get(filters.role, f"role {filters.role}"))
    if filters.speaker:
        parts.append(f"spoken by {filters.speaker}")
    return "; ".join(parts)
