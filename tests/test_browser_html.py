"""The HTML rendering in a real browser: headless Chromium draws the seed-003 page.

Checks that an Arabic span is drawn right to left (its first logical character to the right of its last, both
with ``Range.getClientRects`` and in the pixels of a screenshot), that its gloss is visible, that hovering a span
highlights the article's own rendering of it (and the other way round), and that a ``<script>`` in an article
stays text. Skipped with a reason where Chromium or playwright is missing
(``make browser`` installs the Debian ``chromium`` package).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from doubles import LookupTestTranslator, ReversingTestTranslator

from multiling.io import read_text
from multiling.pipeline import Pipeline
from multiling.render import render

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("chromium is not installed (run `make browser`, or `apt-get install chromium`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")
    try:
        manager = sync_api.sync_playwright().start()
    except Exception as exc:  # pragma: no cover - environment specific
        pytest.skip(f"playwright cannot start: {exc}")
    try:
        instance = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as exc:  # pragma: no cover - environment specific
        manager.stop()
        pytest.skip(f"chromium cannot start headless here: {exc}")
    yield instance
    instance.close()
    manager.stop()


def _page(browser, article: str, tmp_path: Path):
    text = read_text(REPO / article)[0]
    doc = Pipeline(translator=ReversingTestTranslator()).annotate(text, id=Path(article).stem)
    path = tmp_path / "page.html"
    path.write_text(render(doc, "html").text, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(path.as_uri())
    return doc, page


RTL_ORDER_JS = """
(el) => {
  const node = el.firstChild;
  const range = document.createRange();
  range.setStart(node, 0); range.setEnd(node, 1);
  const first = range.getBoundingClientRect();
  range.setStart(node, node.length - 1); range.setEnd(node, node.length);
  const last = range.getBoundingClientRect();
  return {firstLeft: first.left, lastLeft: last.left, firstTop: first.top, lastTop: last.top,
          direction: getComputedStyle(el).direction};
}
"""


def test_browser_seed003_rtl_span_drawn_right_to_left(browser, tmp_path: Path) -> None:
    doc, page = _page(browser, "seeds/003_60b8ed085d617c0b.txt", tmp_path)
    index = next(i for i, s in enumerate(doc.spans) if s.text == "الرحمة لشهدائنا الأبرار")
    source = page.locator(f"#span-{index} > bdi.ml-src")
    rects = source.evaluate(RTL_ORDER_JS)
    assert rects["direction"] == "rtl"
    assert rects["firstTop"] == rects["lastTop"]  # one line, so left/right compare
    assert rects["firstLeft"] > rects["lastLeft"]  # first logical character drawn to the right
    gloss = page.locator(f"#span-{index} > .ml-gloss")
    assert gloss.is_visible() and gloss.inner_text().startswith("[en: TEST(ar):")
    box = gloss.bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 5
    page.close()


def test_browser_seed003_screenshot_pixels(browser, tmp_path: Path) -> None:
    """Colour the first logical character red and the last blue, screenshot, and compare where they land."""
    doc, page = _page(browser, "seeds/003_60b8ed085d617c0b.txt", tmp_path)
    index = next(i for i, s in enumerate(doc.spans) if s.text == "الرحمة لشهدائنا الأبرار")
    page.add_style_tag(content=".ml-mark-first{color:#ff0000}.ml-mark-last{color:#0000ff}"
                               ".ml-gloss{color:#00c000 !important}.ml-span{background:none !important}")
    page.locator(f"#span-{index} > bdi.ml-src").evaluate("""(el) => {
        const t = el.textContent;
        el.innerHTML = '';
        const a = document.createElement('span'); a.className = 'ml-mark-first'; a.textContent = t.slice(0, 1);
        const m = document.createTextNode(t.slice(1, -1));
        const z = document.createElement('span'); z.className = 'ml-mark-last'; z.textContent = t.slice(-1);
        el.append(a, m, z);
    }""")
    png = page.locator(f"#span-{index}").screenshot()
    (tmp_path / "span.png").write_bytes(png)
    columns = _colour_columns(browser, png)
    assert columns["red"] and columns["blue"], "the marked characters were not drawn"
    assert min(columns["red"]) > max(columns["blue"])  # the first character is right of the last: right to left
    assert columns["green"], "the gloss is not visible in the screenshot"
    page.close()


PIXELS_JS = """
async (url) => {
  const img = new Image(); img.src = url; await img.decode();
  const canvas = document.createElement('canvas'); canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext('2d'); ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  const out = {red: [], blue: [], green: []};
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    const x = (i / 4) % img.width;
    if (r > 180 && g < 90 && b < 90) out.red.push(x);
    else if (b > 180 && r < 90 && g < 90) out.blue.push(x);
    else if (g > 120 && r < 90 && b < 90) out.green.push(x);
  }
  return out;
}
"""


def _colour_columns(browser, png: bytes) -> dict:
    """x positions of red, blue and green pixels in a PNG, decoded by the browser's own canvas (no Pillow needed)."""
    import base64

    page = browser.new_page()
    try:
        return page.evaluate(PIXELS_JS, "data:image/png;base64," + base64.b64encode(png).decode())
    finally:
        page.close()


def test_browser_script_in_article_stays_text(browser, tmp_path: Path) -> None:
    _, page = _page(browser, "fixtures/articles/script-injection.txt", tmp_path)
    assert page.evaluate("document.querySelectorAll('main script, main img, main b').length") == 0
    body = page.inner_text("main")
    assert '<script>alert("owned")</script>' in body and "<img src=x onerror=alert(1)>" in body
    page.close()


def test_browser_hovering_a_span_highlights_the_articles_rendering(browser, tmp_path: Path) -> None:
    """Issue 13: the article's English rendering of a span lights up when the mouse is on the span, and back."""
    arabic = "إن الجريمة الإرهابية التي ارتكبت بحق أبنائنا من الجيش في محافظة ديالى لن تمر من دون عقاب حاسم"
    gloss = "The terrorist crime committed against our sons in the army in Diyala will not pass without decisive punishment"
    text = "The minister said the attack “will not pass without a decisive punishment for the 12 attackers”.\n\n" + arabic + "\n"
    doc = Pipeline(translator=LookupTestTranslator({arabic: gloss})).annotate(text, id="hover")
    (index,) = [i for i, span in enumerate(doc.spans) if span.renderings]
    path = tmp_path / "page.html"
    path.write_text(render(doc, "html").text, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(path.as_uri())
    rendering = page.locator(f'.ml-rendering[data-renders~="span-{index}"]')
    assert rendering.inner_text().startswith("will not pass")
    span = page.locator(f"#span-{index}")

    def background() -> str:
        return str(rendering.evaluate("(el) => getComputedStyle(el).backgroundColor"))

    def outline() -> str:
        return str(span.evaluate("(el) => getComputedStyle(el).outlineStyle"))

    page.mouse.move(1, 1)  # the page's corner: over neither the span nor its rendering
    resting, resting_outline = background(), outline()
    span.hover()
    assert background() != resting and background() == "rgb(207, 230, 255)"  # #cfe6ff
    page.mouse.move(1, 1)
    assert background() == resting
    rendering.hover()
    assert outline() != resting_outline and outline() == "solid"
    page.close()
