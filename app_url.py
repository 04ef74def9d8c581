"""The page's state as it lives in the URL: read and checked at the edge, written back as links."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from core.errors import InputError
from core.types import Document, kind_label
from qa.query import KINDS, Filters

VIEWS = ("answer", "document", "corpus")
FILTERS = ("kind", "doc", "since", "until", "role")
# The order parameters take in a link, so equal states give equal links.
PARAMS = ("q", *FILTERS, "view", "passage", "v")
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
    raw: Mapping[str, str], documents: Mapping[str, Document], chunk_ids: Collection[str]
) -> Page:
    """Check every parameter on its own, so each wrong one gets its own message."""
    params = {k: str(raw[k]).strip() for k in PARAMS if str(raw.get(k, "")).strip()}
    params = {k: v if k == "q" else v[:MAX_VALUE] for k, v in params.items()}
    problems: list[str] = []
    invalid: list[str] = []
    good: dict[str, str | None] = {}
    for name in ("kind", "since", "until", "role"):
        value = params.get(name)
        try:
            Filters(**{name: value})
            good[name] = value
        except InputError as e:
            problems.append(f"{e}.")
            invalid.append(name)
    if "doc" in params:
        good["doc"] = document_id(params["doc"], documents)
        if good["doc"] is None:
            invalid.append("doc")
            problems.append(
                f"doc {params['doc']!r} is not a document in the index; documents: "
                f"{choices(documents)}."
            )
    try:
        filters = Filters(**{k: good.get(k) for k in FILTERS})
    except InputError as e:  # each bound is a date, but since comes after until
        problems.append(f"{e}.")
        invalid.extend(("since", "until"))
        filters = Filters(**{k: good.get(k) for k in FILTERS if k not in ("since", "until")})
    passage = params.get("passage")
    if passage is not None and passage not in chunk_ids:
        problems.append(unknown_passage(passage, documents, chunk_ids))
        invalid.append("passage")
        passage = None
    view = params.get("view") or ("document" if "passage" in params and "q" not in params else "")
    if view and view not in VIEWS:
        problems.append(f"view {view!r} is not one of {', '.join(VIEWS)}.")
        invalid.append("view")
    elif view == "document" and "passage" not in params:
        problems.append(
            "view=document needs the passage to show: add passage=<passage id>, "
            "as in the links beside each cited passage."
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


def document_id(value: str, documents: Mapping[str, Document]) -> str | None:
    """A document named by its id or its source file name, as its id."""
    if value in documents:
        return value
    return next((d.doc_id for d in documents.values() if d.source == value), None)


def unknown_passage(
    passage: str, documents: Mapping[str, Document], chunk_ids: Collection[str]
) -> str:
    doc, _, _ = passage.rpartition(":")
    mine = [c for c in chunk_ids if c.rpartition(":")[0] == doc]
    if mine:
        numbers = sorted(int(c.rpartition(":")[2]) for c in mine)
        return (
            f"passage {passage!r} is not in the index; passages of {doc} run from "
            f"{doc}:{numbers[0]} to {doc}:{numbers[-1]}."
        )
    return (
        f"passage {passage!r} is not in the index; a passage id is <document>:<number>, "
        f"and the documents are: {choices(documents)}."
    )


ROLE_LABELS = {
    "minister": "Ministers",
    "question": "Members who asked or moved",
    "member": "Other members",
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
    if filters.role:
        parts.append(role_label(filters.role).lower() + " only")
    return "; ".join(parts)
