"""PDF, Word and saved web pages, through the whole pipeline: indexed, cited, PDF pages named."""

from __future__ import annotations

import pytest

from ingest.build import build
from qa.engine import Engine
from tests.test_formats import make_pdf

HTML = """<!doctype html><html><head><title>Delayed discharge rises | Care News</title>
<meta property="og:site_name" content="Care News"></head><body>
<div class="cookie">We use cookies. Accept all cookies?</div>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Delayed discharge rises</h1>
<p>Delayed discharge from hospital rose sharply this winter, figures from NHS England show.</p>
<p>Councils said a shortage of home care workers meant patients waited in hospital beds.</p>
</article><footer>© 2024 Care News Ltd. All rights reserved.</footer></body></html>"""


@pytest.fixture(scope="module")
def mixed_engine(tmp_path_factory) -> Engine:
    import docx

    corpus = tmp_path_factory.mktemp("mixed") / "corpus"
    corpus.mkdir()
    make_pdf(
        corpus / "review.pdf",
        [
            ["Review of community nursing", "The review covers district nursing in England."],
            [
                "Caseloads for district nurses doubled between 2015 and 2023.",
                "The review recommends a national caseload standard.",
            ],
        ],
        title="Review of community nursing",
    )
    word = docx.Document()
    word.core_properties.title = "Rota notes"
    word.add_paragraph("Rota notes")
    word.add_paragraph("Weekend social work cover is arranged by the duty team at the council.")
    word.save(corpus / "rota.docx")
    (corpus / "discharge.html").write_text(HTML, encoding="utf-8")
    index = corpus.parent / "index"
    report = build(corpus, index, progress=False)
    assert report["skipped"] == []
    return Engine.load(index)


def test_pdf_citation_names_its_page(mixed_engine):
    a = mixed_engine.ask("How much did district nurse caseloads grow?")
    (c, *_) = a.citations
    assert c.source == "review.pdf" and c.page == 2
    assert "page 2" in c.reference
    assert "Caseloads for district nurses doubled" in c.quote


def test_word_and_web_page_are_indexed_without_furniture(mixed_engine):
    texts = {d.source: d.text for d in mixed_engine.index.documents.values()}
    assert "duty team" in texts["rota.docx"]
    assert "home care workers" in texts["discharge.html"]
    assert "cookies" not in texts["discharge.html"]
    assert "rights reserved" not in texts["discharge.html"]
    docs = {d.source: d for d in mixed_engine.index.documents.values()}
    assert docs["discharge.html"].title == "Delayed discharge rises"
    assert docs["rota.docx"].title == "Rota notes"
    a = mixed_engine.ask("Who arranges weekend social work cover?")
    assert a.citations[0].source == "rota.docx"
