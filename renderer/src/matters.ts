/**
 * 办事指南 for the screens: fetched from the node (GET /api/v1/guide, served from the hall's guide.yaml), not
 * bundled — a hall edits its guides without rebuilding the screens. Fetched once; a failed fetch is retried.
 */
import type { Api } from './api';
import type { Bilingual, GuideMatter } from '../../src/core/guide';

/** A matter as the API serves it: the guide plus the windows (from hall.yaml) that handle it. */
export type Matter = GuideMatter & { windows: Bilingual };

export interface Guide {
  note: Bilingual;
  matters: Matter[];
}

let cached: Promise<Guide> | undefined;

export function loadGuide(api: Api): Promise<Guide> {
  cached ??= api.get<Guide>('/api/v1/guide').catch((err: unknown) => {
    cached = undefined; // try again next time
    throw err;
  });
  return cached;
}

/** Scenes in first-seen order, each with its matters. */
export function mattersByScene(guide: Guide): Array<{ scene: Bilingual; matters: Matter[] }> {
  const out: Array<{ scene: Bilingual; matters: Matter[] }> = [];
  for (const m of guide.matters) {
    let g = out.find((x) => x.scene.zh === m.scene.zh);
    if (!g) out.push((g = { scene: m.scene, matters: [] }));
    g.matters.push(m);
  }
  return out;
}
