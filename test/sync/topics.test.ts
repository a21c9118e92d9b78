import fs from 'node:fs';
import path from 'node:path';
import { filter, parseTopic, topic, topicTableMarkdown, TOPICS, TOPIC_TEMPLATES, TopicError } from '../../src/sync/topics';

describe('topic()', () => {
  it('builds every template from its parameters', () => {
    expect(topic('qs/v1/{hall}/d/{dev}/ack', { hall: 'h1', dev: 'k1' })).toBe('qs/v1/h1/d/k1/ack');
    expect(topic('qs/v1/{hall}/host/state', { hall: 'h1' })).toBe('qs/v1/h1/host/state');
  });
  it('refuses ids with MQTT wildcards or separators', () => {
    expect(() => topic('qs/v1/{hall}/d/{dev}/evt', { hall: 'h1', dev: 'k1/#' })).toThrow(TopicError);
    expect(() => topic('qs/v1/{hall}/d/{dev}/evt', { hall: 'h1', dev: '+' })).toThrow(/"dev" must match/);
  });
  it('filter() puts + where a parameter is left out', () => {
    expect(filter('qs/v1/{hall}/d/{dev}/evt', { hall: 'h1' })).toBe('qs/v1/h1/d/+/evt');
  });
});

describe('parseTopic()', () => {
  it('round-trips every template', () => {
    for (const t of TOPIC_TEMPLATES) {
      const s = topic(t, { hall: 'h1', dev: 'k1' } as never);
      expect(parseTopic(s)?.template).toBe(t);
    }
  });
  it('returns undefined outside the tree', () => {
    expect(parseTopic('qs/v1/h1/d/k1/other')).toBeUndefined();
    expect(parseTopic('$SYS/broker')).toBeUndefined();
  });
});

describe('TOPICS', () => {
  it('retains exactly birth/will, health, fleet status, room status, host and uplink state and the display snapshot', () => {
    expect(TOPIC_TEMPLATES.filter((t) => TOPICS[t].retain).sort()).toEqual([
      'qs/v1/{hall}/b/queue',
      'qs/v1/{hall}/d/{dev}/fleet',
      'qs/v1/{hall}/d/{dev}/health',
      'qs/v1/{hall}/d/{dev}/room',
      'qs/v1/{hall}/d/{dev}/state',
      'qs/v1/{hall}/host/state',
      'qs/v1/{hall}/s/state',
    ]);
  });
  it('docs/sync.md carries the table generated from this file', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/sync.md'), 'utf8');
    const m = /<!-- TOPICS:BEGIN -->\n([\s\S]*?)\n<!-- TOPICS:END -->/.exec(doc);
    expect(m?.[1]).toBe(topicTableMarkdown());
  });
});
