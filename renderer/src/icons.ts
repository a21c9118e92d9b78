/** Inline SVG icons (no emoji font on kiosks, no icon font to ship). */
const svgNs = 'http://www.w3.org/2000/svg';

function svg(viewBox: string, inner: string, size: number, cls = 'icon'): SVGSVGElement {
  const el = document.createElementNS(svgNs, 'svg');
  el.setAttribute('viewBox', viewBox);
  el.setAttribute('width', String(size));
  el.setAttribute('height', String(size));
  el.setAttribute('class', cls);
  el.setAttribute('aria-hidden', 'true');
  el.innerHTML = inner;
  return el;
}

const stroke = 'fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"';

export const icon = {
  ticket: (size = 64) => svg('0 0 48 48', `<path ${stroke} d="M6 14h36v7a4 4 0 0 0 0 8v7H6v-7a4 4 0 0 0 0-8z"/><path ${stroke} stroke-dasharray="3 4" d="M30 15v20"/><path ${stroke} d="M12 22h11M12 28h8"/>`, size),
  calendar: (size = 64) => svg('0 0 48 48', `<rect ${stroke} x="7" y="10" width="34" height="31" rx="4"/><path ${stroke} d="M7 19h34M16 6v8M32 6v8"/><path ${stroke} d="M17 29l5 5 9-10"/>`, size),
  book: (size = 64) => svg('0 0 48 48', `<path ${stroke} d="M24 12c-5-4-12-4-17-2v28c5-2 12-2 17 2 5-4 12-4 17-2V10c-5-2-12-2-17 2z"/><path ${stroke} d="M24 12v28"/>`, size),
  heart: (size = 22) => svg('0 0 24 24', '<path fill="currentColor" d="M12 21s-8-5.3-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.7-8 11-8 11z"/>', size),
  /** A person with a raised hand: 请工作人员协助. */
  person: (size = 28) => svg('0 0 48 48', `<circle ${stroke} cx="20" cy="11" r="6"/><path ${stroke} d="M8 44V30a12 12 0 0 1 24 0v14"/><path ${stroke} d="M34 22l6-14"/>`, size),
  speaker: (size = 22) => svg('0 0 24 24', '<path fill="currentColor" d="M4 9h4l5-4v14l-5-4H4z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M16 8a5 5 0 0 1 0 8M18.5 5.5a8.5 8.5 0 0 1 0 13"/>', size),
  /** A face for each of the five levels (5 = very satisfied … 1 = very dissatisfied). */
  face: (stars: number, size = 72) => {
    const colors = ['', '#d13a3a', '#e07a3a', '#d7b33a', '#77b85b', '#2e9e55'];
    const mouth = ['', 'M15 35q9-9 18 0', 'M16 33q8-5 16 0', 'M16 31h16', 'M16 29q8 6 16 0', 'M14 28q10 11 20 0'][stars]!;
    const brows = stars === 1 ? '<path fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" d="M13 15l7 3M35 15l-7 3"/>' : '';
    return svg('0 0 48 48', `<circle cx="24" cy="24" r="22" fill="${colors[stars]}"/><circle cx="17" cy="20" r="3" fill="#fff"/><circle cx="31" cy="20" r="3" fill="#fff"/>${brows}<path fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" d="${mouth}"/>`, size, 'face');
  },
  flower: (size = 120) => svg('0 0 48 48', '<g fill="#f28ca6"><circle cx="24" cy="14" r="7"/><circle cx="33" cy="21" r="7"/><circle cx="30" cy="31" r="7"/><circle cx="18" cy="31" r="7"/><circle cx="15" cy="21" r="7"/></g><circle cx="24" cy="24" r="5" fill="#ffd166"/>', size),
};
