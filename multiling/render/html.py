"""A standalone HTML page: every character escaped, RTL spans isolated, the gloss shown with each span."""

from __future__ import annotations

from multiling.document import (
    BIDI_CONTROLS,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    AnnotatedDocument,
    AnnotatedSpan,
    spans_with_renderings,
)
from multiling.render.base import (
    Format,
    Rendering,
    RenderTarget,
    build_rendering,
    describe_divergence,
    gloss_label,
    rendering_note,
)
from multiling.types import GlossStatus

#: Text escapes: markup characters, quotes, and characters the HTML parser would change or drop.
ESCAPES: dict[str, str] = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "\x00": "&#xFFFD;"}
for _code in list(range(0x01, 0x09)) + [0x0B] + list(range(0x0E, 0x20)) + [0x7F]:
    ESCAPES[chr(_code)] = "&#xFFFD;"  # C0 controls are parse errors in HTML; show a replacement character
for _code in range(0x80, 0xA0):
    ESCAPES[chr(_code)] = "&#xFFFD;"  # C1 too (and &#x9B; would be read as windows-1252 ›); never sent to a terminal
for _code in range(0xD800, 0xE000):
    ESCAPES[chr(_code)] = "&#xFFFD;"  # a lone surrogate cannot be written as UTF-8

STYLE = """
body { font: 16px/1.6 system-ui, "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", sans-serif; margin: 2em auto; max-width: 46em; padding: 0 1em; color: #1a1a1a; }
.ml-doc { white-space: pre-wrap; overflow-wrap: anywhere; }
.ml-span { background: #fff4c2; border-radius: 3px; }
.ml-src { unicode-bidi: isolate; }
.ml-gloss { unicode-bidi: isolate; color: #0b5394; font-style: italic; margin-inline-start: .25em; }
.ml-missing { color: #a61c00; font-style: normal; }
.ml-bidi { unicode-bidi: isolate; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
:lang(zh-Hant) { font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif; }
:lang(ja) { font-family: "Noto Sans CJK JP", "Source Han Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; }
:lang(ko) { font-family: "Noto Sans CJK KR", "Source Han Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; }
""".strip()


def render_html(doc: AnnotatedDocument, *, title: str | None = None) -> Rendering:
    """A standalone UTF-8 HTML page of the document.

    Each foreign span becomes ``<span class="ml-span"><bdi lang dir>source</bdi><span class="ml-gloss">[en: gloss]</span></span>``;
    text is in a ``white-space: pre-wrap`` block so line breaks survive. Every character of input and gloss is
    escaped (a ``<script>`` in an article stays text). Bidi control characters are kept; stretches holding one
    are wrapped in ``<bdi class="ml-bidi">`` so an unterminated override cannot reorder the text after it.

    Args:
        doc: the annotated document.
        title: the page title (default: the document id, or "annotated article").

    Returns:
        A :class:`Rendering` (``text/html``); markup is ``insert``, escapes are ``replace`` and text is
        ``copy`` segments, with positions counted in code points of the HTML source.
    """
    return build_rendering(doc, HTML_FORMAT, title=title)


def write_html(doc: AnnotatedDocument, b: RenderTarget, *, title: str | None = None) -> None:
    """Write the ``html`` rendering (see :func:`render_html`) into ``b``."""
    page_title = title or (f"multiling: {doc.id}" if doc.id else "multiling: annotated article")
    b.insert(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{_attr(page_title)}</title>\n<style>\n{STYLE}{_hover_rules(doc)}\n</style>\n</head>\n<body>\n"
        f"<main class=\"ml-doc\" data-schema=\"{SCHEMA_NAME}/{SCHEMA_VERSION}\">"
    )
    marks = _rendering_marks(doc)
    for index, span in enumerate(doc.spans):
        _gap(b, b.original_position, span.start, marks)
        b.insert(_open_span(index, span))
        b.copy_escaped(span.start, span.end, ESCAPES)
        b.insert("</bdi>" + _gloss(span) + "</span>")
    _gap(b, b.original_position, len(doc.text), marks)
    b.insert("</main>\n</body>\n</html>\n")


def _rendering_marks(doc: AnnotatedDocument) -> list[tuple[int, int, tuple[int, ...], str]]:
    """Disjoint ``(start, end, span indices, title)`` pieces of the text that render some span, in order.

    Two spans may be rendered by overlapping ranges; each piece says every span it renders.
    """
    ranges = [(r.start, r.end, index, r) for index, span in spans_with_renderings(doc) for r in span.renderings]
    if not ranges:
        return []
    cuts = sorted({p for start, end, _, _ in ranges for p in (start, end)})
    pieces: list[tuple[int, int, tuple[int, ...], str]] = []
    for a, b in zip(cuts, cuts[1:]):
        owners = [(index, r) for start, end, index, r in ranges if start <= a and b <= end]
        if not owners:
            continue
        indices = tuple(sorted({index for index, _ in owners}))
        title = "; ".join(f"renders span {index} ({r.score:.2f})" + "".join(f", {describe_divergence(d)}" for d in r.divergences)
                          for index, r in sorted(owners, key=lambda o: o[0]))
        if pieces and pieces[-1][1] == a and pieces[-1][2] == indices:
            pieces[-1] = (pieces[-1][0], b, indices, pieces[-1][3])
        else:
            pieces.append((a, b, indices, title))
    return pieces


def _hover_rules(doc: AnnotatedDocument) -> str:
    """CSS: hovering a foreign span highlights the article's rendering of it, and the other way round."""
    rules = []
    for index, _ in spans_with_renderings(doc):
        rules.append(f'.ml-doc:has(#span-{index}:hover) .ml-rendering[data-renders~="span-{index}"] '
                     "{ background: #cfe6ff; }")
        rules.append(f'.ml-doc:has(.ml-rendering[data-renders~="span-{index}"]:hover) #span-{index} '
                     "{ outline: 2px solid #0b5394; }")
    return "".join("\n" + rule for rule in rules)


def _gap(b: RenderTarget, start: int, end: int, marks: list[tuple[int, int, tuple[int, ...], str]]) -> None:
    """Text between spans, the stretches that render a span wrapped in ``<span class="ml-rendering">``."""
    cursor = start
    for m_start, m_end, indices, title in marks:
        if m_end <= cursor or m_start >= end:
            continue
        m_start, m_end = max(m_start, cursor), min(m_end, end)
        _text(b, cursor, m_start)
        renders = " ".join(f"span-{index}" for index in indices)
        b.insert(f'<span class="ml-rendering" data-renders="{renders}" title="{_attr(title)}">')
        _text(b, m_start, m_end)
        b.insert("</span>")
        cursor = m_end
    _text(b, cursor, end)


def _text(b: RenderTarget, start: int, end: int) -> None:
    """Text between spans; lines holding a bidi control are isolated so the control stays contained."""
    cursor = start
    while cursor < end:
        newline = b.original.find("\n", cursor, end)
        line_end = end if newline < 0 else newline + 1
        chunk = b.original[cursor:line_end]
        if any(ch in BIDI_CONTROLS for ch in chunk):
            body_end = line_end - len(chunk) + len(chunk.rstrip("\r\n"))
            b.insert('<bdi class="ml-bidi">')
            b.copy_escaped(cursor, body_end, ESCAPES)
            b.insert("</bdi>")
            b.copy_escaped(body_end, line_end, ESCAPES)
        else:
            b.copy_escaped(cursor, line_end, ESCAPES)
        cursor = line_end


def _attr(value: str) -> str:
    return "".join(ESCAPES.get(ch, ch) for ch in value).replace("\n", "&#10;").replace("\r", "&#13;")


def _open_span(index: int, span: AnnotatedSpan) -> str:
    direction = "rtl" if span.is_rtl else "ltr"
    title = f"{span.lang} → en · {span.status.value}"
    if span.gloss.model:
        title += f" · {span.gloss.model}"
    if span.gloss.message:
        title += f" · {span.gloss.message}"
    note = rendering_note(span)
    if note:
        title += f" · {note}"
    attrs = [
        f'class="ml-span ml-status-{span.status.value}"',
        f'id="span-{index}"',
        f'data-start="{span.start}"',
        f'data-end="{span.end}"',
        f'data-lang="{_attr(span.lang)}"',
        f'data-status="{span.status.value}"',
        f'title="{_attr(title)}"',
    ]
    if span.post:
        p = span.post
        attrs += [f'data-post-author="{_attr(p.author)}"', f'data-post-handle="{_attr(p.handle)}"']
        if p.date:
            attrs.append(f'data-post-date="{p.date}"')
        if p.url:
            attrs.append(f'data-post-url="{_attr(p.url)}"')
    return f"<span {' '.join(attrs)}><bdi class=\"ml-src\" lang=\"{_attr(span.lang)}\" dir=\"{direction}\">"


def _gloss(span: AnnotatedSpan) -> str:
    missing = "" if span.status is GlossStatus.OK else " ml-missing"
    return f'<span class="ml-gloss{missing}" lang="en" dir="ltr">[{_attr(gloss_label(span))}]</span>'


HTML_FORMAT = Format("html", write_html, "text/html; charset=utf-8")
