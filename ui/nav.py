"""The URL is the page's state: callbacks that change it, and widgets every view shares."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import streamlit as st

from ui import render
from ui import url as urls

# Brings the selected passage into view. It runs in Streamlit's iframe (same origin as the page)
# and holds no text from a user or a document: only this fixed script.
SCROLL = """<script>
(function () {
  var tries = 0;
  function show() {
    var doc = window.parent.document;
    var el = doc.querySelector(".st-key-passage");
    if (!el) { if (++tries < 60) setTimeout(show, 50); return; }
    var tall = el.getBoundingClientRect().height > window.parent.innerHeight * 0.8;
    el.scrollIntoView({block: tall ? "start" : "center"});
  }
  show();
  setTimeout(show, 400);
})();
</script>"""
BACK = "return_to"  # session key: the link a view's "Back" button returns to


def go(**changes: str | None) -> None:
    for key, value in changes.items():
        if value:
            st.query_params[key] = value
        else:
            st.query_params.pop(key, None)


def _where() -> tuple[str | None, str | None]:
    return st.query_params.get("view"), st.query_params.get("doc")


def go_from(here: str, **changes: str | None) -> None:
    """Go somewhere, remembering `here` (a relative link) for that view's Back button."""
    go(**changes)
    st.session_state[BACK] = (_where(), here)


def go_back(**fallback: str | None) -> None:
    """Back to the link remembered on the way to this view, else apply `fallback`."""
    remembered = st.session_state.pop(BACK, None)
    if remembered is None or remembered[0] != _where():
        go(**fallback)
        return
    st.query_params.from_dict(dict(parse_qsl(remembered[1].lstrip("?"))))


def sync(key: str, value: str | None, options: list[str] | None = None) -> None:
    """Show the URL's value in a widget (before it is drawn)."""
    value = value or ""
    st.session_state[key] = value if options is None or value in options else ""


def share(link: str) -> str:
    """The link as the browser reaches this app, or relative when that is not known."""
    base = (st.context.url or "").split("?")[0].split("#")[0]  # None under AppTest
    if base and not urlsplit(base).path:
        base += "/"
    return base + link


def copy_box(label: str, text: str) -> None:
    """A caption and a wrapped code block: shown whole, with Streamlit's copy button."""
    with st.container(gap="xxsmall"):
        st.caption(label)
        st.code(text, language=None, wrap_lines=True)


def scroll_to_passage() -> None:
    st.iframe(SCROLL, height=1)


def version_note(page: urls.Page, version: str, what: str) -> None:
    if page.v and page.v != version:
        st.info(
            render.escape(
                f"This link was made with index {page.v}; the index is now {version}, "
                f"so the {what} may differ."
            )
        )
