/** A1: one internal enum for the five 好差评 levels, converted explicitly to each external code table. */
import type { RatingLevel } from './types';

export const RATING_LEVELS: readonly RatingLevel[] = ['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED', 'VERY_DISSATISFIED'];

export const RATING_LABELS: Record<RatingLevel, { zh: string; en: string }> = {
  VERY_SATISFIED: { zh: '非常满意', en: 'Very satisfied' },
  SATISFIED: { zh: '满意', en: 'Satisfied' },
  BASIC: { zh: '基本满意', en: 'Basically satisfied' },
  DISSATISFIED: { zh: '不满意', en: 'Dissatisfied' },
  VERY_DISSATISFIED: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** GB/T 39046-2020 Table A.8 满意度代码: 1 = 非常满意 … 5 = 非常不满意. */
export function toGbt39046Code(level: RatingLevel): number {
  return RATING_LEVELS.indexOf(level) + 1;
}
export function fromGbt39046Code(code: number): RatingLevel | undefined {
  return RATING_LEVELS[code - 1];
}

/** Provincial platform `satisfaction` (e.g. Zhejiang): 1 = 非常不满意 … 5 = 非常满意 (the reverse of A.8). */
export function toProvincialSatisfaction(level: RatingLevel): number {
  return 5 - RATING_LEVELS.indexOf(level);
}
export function fromProvincialSatisfaction(code: number): RatingLevel | undefined {
  return Number.isInteger(code) && code >= 1 && code <= 5 ? RATING_LEVELS[5 - code] : undefined;
}

export function isBadLevel(level: RatingLevel): boolean {
  return level === 'DISSATISFIED' || level === 'VERY_DISSATISFIED';
}
