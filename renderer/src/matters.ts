/** 办事指南 data, transformed from the sample hall's matters.json at build time (renderer/build.ts). */
import data from '../data/matters.json';

export interface Matter {
  id: string; name: string; nameEn: string; department: string; service: string; scene: string; type: string;
  conditions: string[]; materials: Array<{ name: string; form: string; count: number | null; required: boolean; notes?: string }>;
  legalLimit: string; promisedLimit: string; fees: string; charged: boolean; instant: boolean; online: string; visitsMax: number; appointment: string;
}

export const MATTERS: Matter[] = (data as { matters: Matter[] }).matters;
export const MATTERS_NOTE: string = (data as { note: string }).note;

/** Scenes in first-seen order, each with its matters. */
export function mattersByScene(): Array<{ scene: string; matters: Matter[] }> {
  const out: Array<{ scene: string; matters: Matter[] }> = [];
  for (const m of MATTERS) {
    let g = out.find((x) => x.scene === m.scene);
    if (!g) out.push((g = { scene: m.scene, matters: [] }));
    g.matters.push(m);
  }
  return out;
}
