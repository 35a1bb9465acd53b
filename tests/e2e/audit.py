"""What the browser walk checks on every page: axe-core, the contrast of every button and link,
sideways scrolling, duplicate ids and, on a phone-sized screen, the painted size of every chart's
text. Plain functions over a Playwright page, no Django, so the
same checks can be run by hand against a dev server.

axe-core is read from the installed axe_playwright_python package and evaluated in the page
(Playwright's evaluate is not subject to the page's CSP, so the CSP stays strict and any
violation of it still reaches the console). It is never copied into the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

MIN_CONTRAST = 4.5


@cache
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


# Every visible link and button, with its text colour against the background it is painted on:
# the first opaque background walking up from the element, with translucent layers blended in.
CONTRAST_JS = r"""
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let color = [255, 255, 255, 1];  // the canvas
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
    return color;
  };
  const name = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text.slice(0, 60)}"`;
  };
  const found = [];
  const selector = 'a[href], button, summary, input[type=submit], input[type=button], [role=button]';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('svg')) continue;  // SVG links are painted by fill, and axe checks them
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;  // visually hidden
    const style = getComputedStyle(el);
    const fg = over(parse(style.color), background(el));
    const bg = background(el);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    found.push({name: name(el), ratio: Math.round(ratio * 100) / 100, fg: style.color, bg: `rgb(${bg.slice(0, 3).map(Math.round).join(',')})`});
  }
  return found;
}
"""

DUPLICATE_IDS_JS = r"""
() => {
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  return Object.entries(seen).filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
}
"""

WIDTH_JS = r"""
() => {
  const limit = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    // What sticks out: anything outside a box that scrolls, and anything positioned (which
    // escapes a scrolling box that is not its containing block).
    const positioned = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
    if (r.right > limit + 1 && (positioned || !el.closest('.table-wrap, .alliance-nav, .chart-scroll'))) {
      wide.push(`<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ? '.' + [...el.classList].join('.') : ''}> right=${Math.round(r.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: window.innerWidth, wide: wide.slice(0, 8)};
}
"""


MIN_CHART_FONT = 12.0
# Narrowest screen at which every chart's text must read at MIN_CHART_FONT CSS px or more.
PHONE_WIDTH = 400

# Every visible <text> of every chart, at the size it is painted: its computed font size (in the
# SVG's user units) times the scale from those units to CSS px (the text's screen CTM).
CHART_FONTS_JS = r"""
() => {
  const found = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.textContent.trim()) continue;
    const r = t.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const m = t.getScreenCTM();
    if (!m) continue;
    const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    const svg = t.closest('svg');
    found.push({chart: (svg.getAttribute('class') || svg.id || 'svg'), text: t.textContent.trim().slice(0, 40), px: Math.round(size * 10) / 10});
  }
  return found;
}
"""


def small_chart_text(page: Any) -> list[str]:
    """Chart text painted under MIN_CHART_FONT CSS px, one line per chart (with its smallest)."""
    worst: dict[str, dict[str, Any]] = {}
    for item in page.evaluate(CHART_FONTS_JS):
        if item["px"] < MIN_CHART_FONT and (item["chart"] not in worst or item["px"] < worst[item["chart"]]["px"]):
            worst[item["chart"]] = item
    return [f"chart text {w['px']} px in <svg class={chart!r}>: {w['text']!r}" for chart, w in worst.items()]


def run_axe(page: Any) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
        }"""
    )
    return [f"axe {v['id']}: {v['help']} — " + "; ".join(v["nodes"]) for v in result]


def audit(page: Any, *, axe: bool = True) -> list[str]:
    """Everything wrong with the page as it is now, one line each."""
    problems: list[str] = []
    if axe:
        problems += run_axe(page)
    for item in page.evaluate(CONTRAST_JS):
        if item["ratio"] < MIN_CONTRAST:
            problems.append(f"contrast {item['ratio']}:1 of {item['name']} ({item['fg']} on {item['bg']})")
    problems += [f"duplicate id {d}" for d in page.evaluate(DUPLICATE_IDS_JS)]
    if page.viewport_size and page.viewport_size["width"] <= PHONE_WIDTH:
        problems += small_chart_text(page)
    width = page.evaluate(WIDTH_JS)
    if width["scroll"] > width["width"]:
        problems.append(
            f"scrolls sideways: {width['scroll']} px wide in a {width['width']} px viewport; widest: "
            + ", ".join(width["wide"])
        )
    return problems
