/**
 * Line breaking for a receipt printer in Chinese mode: every non-ASCII character prints double width (a
 * GB18030 code is one 24-dot cell, ASCII one 12-dot half cell), so a line holds `columns` half cells
 * (48 on 80 mm paper at 203 dpi). English breaks at spaces, Chinese anywhere except before closing
 * punctuation (避头点) and after opening brackets. Pure.
 */

/** Half cells a character takes on the printer: 1 for ASCII, 2 for everything else. */
export function cellWidth(ch: string): number {
  return ch.codePointAt(0)! < 0x80 ? 1 : 2;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += cellWidth(ch);
  return w;
}

const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕〉’”…·,.;:?!)]}%'));
const NO_LINE_END = new Set(Array.from('（《「『【〔〈‘“([{'));

/**
 * Breaks `text` into lines of at most `columns` half cells. Leading spaces of `text` indent the first line;
 * `indent` spaces start each continuation line.
 */
export function wrapCells(text: string, columns: number, indent = 0): string[] {
  if (!Number.isInteger(columns) || columns < 8) throw new TypeError(`"columns" must be an integer ≥ 8 (got ${columns})`);
  const pad = ' '.repeat(Math.max(0, Math.min(indent, columns - 8)));
  const out: string[] = [];
  const lead = ' '.repeat(Math.min(/^ */.exec(text)![0].length, columns - 8));
  // Tokens: a run of ASCII non-space (a word), one space, or one wide character.
  const tokens = text.replace(/\s+/g, ' ').trim().match(/[\x21-\x7e]+| |[^\x00-\x7f]/gu) ?? [];
  let line = lead;
  let width = lead.length;
  let empty = true;
  const push = () => {
    out.push(line.replace(/ +$/, ''));
    line = pad;
    width = pad.length;
    empty = true;
  };
  for (let i = 0; i < tokens.length; i++) {
    let tok = tokens[i]!;
    if (tok === ' ' && empty) continue;
    let w = textWidth(tok);
    // An ASCII word longer than a whole line (a URL) is cut into pieces; wide characters are single tokens.
    while (w > columns - pad.length) {
      if (!empty) push();
      const take = columns - width;
      line += tok.slice(0, take);
      tok = tok.slice(take);
      w = tok.length;
      push();
    }
    if (w === 0) continue;
    if (width + w > columns) {
      // Keep closing punctuation with the character before it, and an opening bracket with what follows —
      // when that character is not alone on its line and it fits on the next one with the token.
      const chars = Array.from(line);
      const last = chars[chars.length - 1]!;
      const carry: string = !empty && Array.from(line.trimStart()).length > 1 && (NO_LINE_START.has(tok) || NO_LINE_END.has(last)) && pad.length + textWidth(last) + w <= columns ? last : '';
      if (carry) line = chars.slice(0, -1).join('');
      push();
      line += carry;
      width += textWidth(carry);
      empty = carry === '';
      if (tok === ' ') continue;
    }
    line += tok;
    width += w;
    empty = false;
  }
  if (line.trim()) out.push(line.replace(/ +$/, ''));
  return out;
}
