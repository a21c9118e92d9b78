import fs from 'node:fs';
import path from 'node:path';
import { announcementClips, announcementText, cardinalClips, CLIP_NAMES } from '../../renderer/src/voice-clips';

describe('announcementClips', () => {
  it('reads the number digit by digit, chime first, window as a cardinal', () => {
    expect(announcementClips('A001', 3)).toEqual(['ding', 'qing', 'A', '0', '0', '1', 'hao', 'dao', '3', 'haochuangkou', 'banli']);
    expect(announcementClips('B1000', 12)).toEqual(['ding', 'qing', 'B', '1', '0', '0', '0', 'hao', 'dao', 'shi', '2', 'haochuangkou', 'banli']);
  });
  it('drops anything that is not a letter or digit of the ticket number', () => {
    expect(announcementClips(' a-01 ', 1)).toEqual(['ding', 'qing', 'A', '0', '1', 'hao', 'dao', '1', 'haochuangkou', 'banli']);
  });
  it('every clip it can produce ships in assets/sounds', () => {
    const dir = path.resolve(__dirname, '..', '..', 'assets', 'sounds');
    for (const c of CLIP_NAMES) expect(fs.existsSync(path.join(dir, `${c}.wav`))).toBe(true);
    for (let w = 0; w < 1000; w += 7) for (const c of announcementClips('Z987', w)) expect(CLIP_NAMES).toContain(c);
  });
  it('says the text the screens show', () => {
    expect(announcementText('A001', 3)).toBe('请 A001 号到 3 号窗口办理');
  });
});

describe('cardinalClips', () => {
  it.each([
    [0, ['0']], [3, ['3']], [10, ['shi']], [12, ['shi', '2']], [20, ['2', 'shi']], [29, ['2', 'shi', '9']],
    [100, ['1', 'bai']], [101, ['1', 'bai', '0', '1']], [110, ['1', 'bai', '1', 'shi']], [115, ['1', 'bai', '1', 'shi', '5']], [999, ['9', 'bai', '9', 'shi', '9']],
  ])('%i', (n, clips) => expect(cardinalClips(n)).toEqual(clips));
  it('refuses what it cannot read', () => {
    expect(() => cardinalClips(1000)).toThrow(RangeError);
    expect(() => cardinalClips(-1)).toThrow(RangeError);
    expect(() => cardinalClips(1.5)).toThrow(RangeError);
  });
});
