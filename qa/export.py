"""Export an answer as a briefing note: Markdown with footnotes, or Word with real footnotes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputError, MissingDependencyError
from qa.answer import Answer, Citation

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

FORMATS = ("md", "docx")
TITLE_CHARS = 80


def generated_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def answer_lines(answer: Answer) -> list[tuple[str, list[int]]]:
    """Each line of the answer with the numbers of the citations it rests on, from the
    answer's structured lines (a quotation's own "[3]" stays text; nothing is parsed)."""
    out: list[tuple[str, list[int]]] = [(answer.preface, [])] if answer.preface else []
    out += [(x.attribution + x.quote, list(x.citations)) for x in answer.lines]
    if not out and answer.answer.strip():
        out = [(answer.answer.strip(), [])]  # made without lines: its text as it stands
    return out


def one_line(text: str) -> str:
    return " ".join(text.split())


def title_of(answer: Answer) -> str:
    q = one_line(answer.question)
    if len(q) > TITLE_CHARS:
        q = q[: TITLE_CHARS - 1].rstrip() + "…"
    return f"Briefing: {q}"


# ---------------------------------------------------------------------------------------------
# Markdown

# Characters that open a block construct (heading, quote, list, rule, setext underline, fence,
# table, HTML block, link or footnote definition) when they start a line. A backslash before
# any ASCII punctuation is a CommonMark escape: the rendered text keeps the character as is.
_BLOCK_CHARS = frozenset("#>-+*=_~`|<[:")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_line(line: str) -> str:
    """`line` made safe to start a Markdown line: it renders as the text it is, not as a block.
    Only a backslash is ever added (and leading blanks dropped, which Markdown drops anyway)."""
    line = line.lstrip(" \t")
    if not line:
        return line
    if line[0] in _BLOCK_CHARS:
        return "\\" + line
    m = _ORDERED_ITEM.match(line)
    if m:
        return f"{m.group(1)}\\{line[m.end(1) :]}"
    return line


def md_heading(text: str) -> str:
    """Heading text: one line, and a closing run of `#` kept as text."""
    text = one_line(text)
    return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), text)


def md_quote(quote: str, indent: str) -> list[str]:
    """The quotation in curly quotes as a blockquote; its characters are left exactly as
    published (the opening “ means its first line can never open a block)."""
    lines = f"“{quote}”".split("\n")
    out = [f"{indent}> {lines[0]}"]
    for line in lines[1:]:
        safe = md_line(line)
        out.append(f"{indent}> {safe}" if safe else f"{indent}>")
    return out


def to_markdown(answer: Answer, generated: str | None = None) -> str:
    """A briefing note in Markdown: each answer sentence carries footnote references `[^n]`;
    the References section defines each footnote with its supporting quotation under it."""
    generated = generated or generated_now()
    cited = set() if answer.abstained else {c.n for c in answer.citations}
    out = [
        f"# {md_heading(title_of(answer))}",
        "",
        f"**Question:** {one_line(answer.question)}",
        "",
        "## Answer",
        "",
    ]
    for sentence, markers in answer_lines(answer):
        notes = "".join(f"[^{n}]" if n in cited else f"\\[{n}\\]" for n in markers)
        # A quotation over several lines (a PDF sentence) keeps its breaks as hard breaks.
        parts = [md_line(p) for p in sentence.split("\n") if p.strip()]
        out += ["  \n".join(parts) + notes, ""]
    if answer.citations and not answer.abstained:
        out += ["## References", ""]
        for c in answer.citations:
            out.append(f"[^{c.n}]: {md_line(one_line(c.reference or c.source))}")
            out.append("")
            # Indented four spaces: the quotation belongs to the footnote it follows.
            out += md_quote(c.quote, "    ")
            out.append("")
    out += ["---", "", f"*Index version {answer.index_version} · generated {generated}*", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Word

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_FOOTNOTE_STYLES = f"""<w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>
<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>
<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
</w:styles>"""

# Elements that CT_Settings places after w:footnotePr, in schema order.
_AFTER_FOOTNOTE_PR = frozenset(
    [
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def xml_safe(text: str) -> str:
    """Text XML can hold: the few control characters it cannot are shown as �."""
    return _XML_INVALID.sub("\ufffd", text)


def _add_text(run: object, text: str) -> None:
    """Append text to a raw w:r element as Word does: newlines as w:br, tabs as w:tab."""
    from lxml import etree

    for i, line in enumerate(xml_safe(text).split("\n")):
        if i:
            etree.SubElement(run, _w("br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                etree.SubElement(run, _w("tab"))
            if piece:
                t = etree.SubElement(run, _w("t"))
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def footnotes_xml(citations: list[Citation]) -> bytes:
    """The /word/footnotes.xml part: the separator (-1) and continuation separator (0) Word
    expects, then one footnote per citation, id = n: the reference, then the quotation."""
    from lxml import etree

    root = etree.Element(_w("footnotes"), nsmap={"w": W_NS})
    for fid, kind, mark in ((-1, "separator", "separator"), (0, "continuationSeparator", None)):
        note = etree.SubElement(root, _w("footnote"), {_w("type"): kind, _w("id"): str(fid)})
        p = etree.SubElement(note, _w("p"))
        spacing = etree.SubElement(etree.SubElement(p, _w("pPr")), _w("spacing"))
        spacing.attrib.update({_w("after"): "0", _w("line"): "240", _w("lineRule"): "auto"})
        etree.SubElement(etree.SubElement(p, _w("r")), _w(mark or kind))
    for c in citations:
        note = etree.SubElement(root, _w("footnote"), {_w("id"): str(c.n)})
        for i, text in enumerate((" " + (c.reference or c.source), f"“{c.quote}”")):
            p = etree.SubElement(note, _w("p"))
            etree.SubElement(
                etree.SubElement(p, _w("pPr")), _w("pStyle"), {_w("val"): "FootnoteText"}
            )
            if i == 0:
                r = etree.SubElement(p, _w("r"))
                etree.SubElement(
                    etree.SubElement(r, _w("rPr")), _w("rStyle"), {_w("val"): "FootnoteReference"}
                )
                etree.SubElement(r, _w("footnoteRef"))
            _add_text(etree.SubElement(p, _w("r")), text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_footnotes_part(doc: DocxDocument, citations: list[Citation]) -> None:
    """python-docx has no footnote API: add the part, its relationship (the content type
    override follows from the part), the two footnote styles, and the settings entry."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        footnotes_xml(citations),
        doc.part.package,
    )
    doc.part.relate_to(part, RT.FOOTNOTES)

    styles = doc.styles.element
    for style in parse_xml(_FOOTNOTE_STYLES):
        styles.append(style)

    settings = doc.settings.element
    pr = parse_xml(
        f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
        "</w:footnotePr>"
    )
    after = next(
        (
            el
            for el in settings
            if isinstance(el.tag, str) and el.tag.split("}")[-1] in _AFTER_FOOTNOTE_PR
        ),
        None,
    )
    if after is not None:
        after.addprevious(pr)
    else:
        settings.append(pr)


def _add_footnote_reference(paragraph: Paragraph, n: int) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{n}"/></w:r>'
        )
    )


def _when(generated: str) -> datetime:
    try:
        when = datetime.fromisoformat(generated)
    except ValueError:
        return datetime.now(UTC).replace(microsecond=0)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01, so that the bytes depend only on
    the content (python-docx stamps each member with the time it was written)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def to_docx(answer: Answer, generated: str | None = None) -> bytes:
    """A briefing note as a Word document: each [n] marker is a real Word footnote, and a
    numbered References list at the end repeats them for viewers without footnotes."""
    try:
        import docx
        from docx.shared import Pt, RGBColor
    except ImportError as e:
        raise MissingDependencyError(
            "Word export needs python-docx: run `pip install python-docx` "
            "(it is in requirements.txt), or export Markdown with --format md"
        ) from e

    generated = generated or generated_now()
    when = _when(generated)
    by_n = {} if answer.abstained else {c.n: c for c in answer.citations}
    doc = docx.Document()

    props = doc.core_properties
    props.title = xml_safe(title_of(answer))
    props.subject = xml_safe(one_line(answer.question))
    props.author = "health-policy-qa"
    props.last_modified_by = "health-policy-qa"
    props.comments = f"Extractive answer; index version {answer.index_version}"
    props.keywords = ""
    props.revision = 1
    props.created = when
    props.modified = when

    doc.add_heading(xml_safe(title_of(answer)), level=0)
    p = doc.add_paragraph()
    p.add_run("Question: ").bold = True
    p.add_run(xml_safe(one_line(answer.question)))

    doc.add_heading("Answer", level=1)
    noted: list[Citation] = []
    for sentence, markers in answer_lines(answer):
        p = doc.add_paragraph(xml_safe(sentence))
        for i, n in enumerate(markers):
            if i:
                p.add_run(",").font.superscript = True
            c = by_n.get(n)
            if c is not None and all(x.n != n for x in noted):
                noted.append(c)
                _add_footnote_reference(p, n)
            else:
                # A marker already footnoted (Word gives each footnote one reference) or one
                # with no citation: keep it as superscript text.
                p.add_run(f"[{n}]" if c is None else str(n)).font.superscript = True
    if noted:
        _add_footnotes_part(doc, noted)

    if answer.citations and not answer.abstained:
        doc.add_heading("References", level=1)
        for c in answer.citations:
            ref = doc.add_paragraph(xml_safe(f"[{c.n}] {c.reference or c.source}"))
            ref.paragraph_format.left_indent = Pt(18)
            ref.paragraph_format.first_line_indent = Pt(-18)
            ref.paragraph_format.space_after = Pt(2)
            quote = doc.add_paragraph(xml_safe(f"“{c.quote}”"))
            quote.paragraph_format.left_indent = Pt(18)
            quote.runs[0].italic = True

    footer = doc.add_paragraph()
    run = footer.add_run(xml_safe(f"Index version {answer.index_version} · generated {generated}"))
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


# ---------------------------------------------------------------------------------------------


def write(answer: Answer, fmt: str, path: Path, generated: str | None = None) -> None:
    """Write the briefing note for `answer` to `path` as `fmt` ("md" or "docx")."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    data = (
        to_markdown(answer, generated).encode("utf-8")
        if fmt == "md"
        else to_docx(answer, generated)
    )
    path = Path(path)
    try:
        path.write_bytes(data)
    except OSError as e:
        raise InputError(
            f"cannot write the briefing to {path}: {e.strerror or e}; "
            "choose a path in a folder that exists and that you can write to"
        ) from e
