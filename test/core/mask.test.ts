import fc from 'fast-check';
import { containsIdNumber, maskIfIdNumber, redactIdNumbers } from '../../src/core/mask';
import { idCheckChar } from '../../src/core/idnumber';

const ID = '310117195003159972'; // TEST DATA (sample hall fixture TV01)
const IDX = '11010519491231002X';

describe('maskIfIdNumber', () => {
  it('C3 a scanned code that is an ID number leaves masked, whatever surrounds it', () => {
    expect(maskIfIdNumber(ID)).toBe('310***********9972');
    expect(maskIfIdNumber(` ${ID}\r\n`)).toBe(' 310***********9972\r\n');
    expect(maskIfIdNumber(IDX.toLowerCase())).toBe('110***********002x');
    expect(maskIfIdNumber(`SFZ${ID}`)).toBe('SFZ310***********9972');
    expect(maskIfIdNumber(`${ID}END`)).toBe('310***********9972END');
    expect(maskIfIdNumber(`https://gov.example/v?id=${ID}&t=1`)).toBe('https://gov.example/v?id=310***********9972&t=1');
  });

  it('leaves every other code as it was: booking codes, ticket numbers, long digit runs, 18 characters that are not a valid ID next to letters', () => {
    for (const code of ['AB12CD34', 'A001', '6901234567892', `9${ID}`, `${ID}1`, `SFZ${ID.slice(0, 17)}0`, '']) expect(maskIfIdNumber(code)).toBe(code);
  });

  it('no valid ID number survives it, in any text (property)', () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }).map((d) => d.join(''));
    const id = fc.tuple(digits, fc.integer({ min: 1950, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([d, y, m, day]) => {
      const first17 = d.slice(0, 6) + String(y) + String(m).padStart(2, '0') + String(day).padStart(2, '0') + d.slice(14, 17);
      return first17 + idCheckChar(first17);
    });
    fc.assert(fc.property(fc.string(), id, fc.string(), (a, x, b) => {
      const text = `${a.replace(/\d/g, '')}${x}${b.replace(/\d/g, '')}`;
      expect(maskIfIdNumber(text)).not.toContain(x);
      expect(containsIdNumber(text)).toBe(true);
      expect(containsIdNumber(maskIfIdNumber(text))).toBe(false);
    }));
  });

  it('redactIdNumbers applies the same rule to log lines', () => {
    expect(redactIdNumbers(`{"code":"ID${ID}"}`)).toBe('{"code":"ID310***********9972"}');
  });
});
