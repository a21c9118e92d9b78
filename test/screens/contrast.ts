/**
 * WCAG 2.1 AA contrast (1.4.3) computed in the page from the rendered styles: for every element with visible text,
 * its colour against the backgrounds composited beneath it (colours with alpha and the opacity of every ancestor
 * blended; for a gradient, each of its colours, the worst one counts), 4.5:1 for text and 3:1 for large text
 * (≥ 24 px, or ≥ 18.66 px bold). Exempt as WCAG says: disabled controls and decoration (aria-hidden).
 * Returned as a string so the tests compile without the DOM library.
 */
export const CONTRAST_SCRIPT = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const blend = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  /** The backgrounds under el (several when a gradient is among them), and the opacity of its ancestors. */
  const under = (el) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.unshift(e);
    let bgs = [{ r: 255, g: 255, b: 255, a: 1 }];
    let opacity = 1;
    for (const e of chain) {
      const cs = getComputedStyle(e);
      opacity *= Number(cs.opacity);
      // background-color is painted first, a gradient (background-image) over it.
      const c = parse(cs.backgroundColor);
      if (c && c.a > 0) bgs = bgs.map((b) => blend({ ...c, a: c.a * opacity }, b));
      const img = cs.backgroundImage;
      if (img && img !== 'none' && /gradient/.test(img)) {
        const stops = (img.match(/rgba?\\([^)]+\\)/g) || []).map(parse).filter(Boolean);
        if (stops.length) bgs = stops.flatMap((s) => bgs.map((b) => blend({ ...s, a: s.a * opacity }, b)));
      }
    }
    return { bgs, opacity };
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.replace(/\\s+/g, ' ').trim();
    const el = n.parentElement;
    if (!text || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('[aria-hidden=true], [hidden], script, style, svg, option')) continue;
    if (el.closest('button:disabled, input:disabled, select:disabled, textarea:disabled')) continue;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue;
    if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
    const fg0 = parse(cs.color);
    if (!fg0) continue;
    const { bgs, opacity } = under(el);
    const size = parseFloat(cs.fontSize);
    const bold = Number(cs.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const need = large ? 3 : 4.5;
    let worst = Infinity, worstBg = bgs[0], fgWorst = fg0;
    for (const bg of bgs) {
      const fg = blend({ ...fg0, a: fg0.a * opacity }, bg);
      const q = ratio(fg, bg);
      if (q < worst) { worst = q; worstBg = bg; fgWorst = fg; }
    }
    if (worst < need) out.push({ text: text.slice(0, 40), fg: hex(fgWorst), bg: hex(worstBg), ratio: Math.round(worst * 100) / 100, need, size: Math.round(size) });
  }
  return out;
})()`;

/** Each focusable control, focused from the keyboard (Tab), shows a focus indicator (2.4.7). */
export const FOCUS_SCRIPT = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const ring = cs.boxShadow && cs.boxShadow !== 'none';
  return { tag: el.tagName, text: (el.textContent || '').trim().slice(0, 30), visible: outline || ring };
})()`;
