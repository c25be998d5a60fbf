import { FAMILY_IDS, type FamilyId, type WarmStartConfig } from '../config/schema';
import { packRows, type Batch } from './batch';
import { abilityExample, habitExample, type TrainingExample } from './demonstrations';
import type { Problem } from './families';
import { DEFAULT_OUTPUT_CHARS } from './grammar';
import { createRng } from './rng';

export interface WarmStartSampler {
  next(): TrainingExample;
  /** [batchSize, sequenceLength] rows, each packing as many examples as fit (packRows). */
  nextBatch(batchSize: number, sequenceLength: number): Batch;
}

/**
 * Draws warm-start examples from the warm-start split, as the mixture says: a family by weight, then a habit
 * (share habitShare; <code> with probability codeHabit) or an ability demonstration (<code> with probability
 * codeCoverage), on a question drawn uniformly from that family. The same seed gives the same stream.
 */
export function createWarmStartSampler(
  problems: readonly Problem[],
  warmStart: Pick<WarmStartConfig, 'habitShare' | 'mixture'>,
  seed: number,
  outputChars = DEFAULT_OUTPUT_CHARS,
): WarmStartSampler {
  const byFamily = new Map<FamilyId, Problem[]>();
  for (const problem of problems) {
    const list = byFamily.get(problem.family) ?? [];
    list.push(problem);
    byFamily.set(problem.family, list);
  }
  const families = FAMILY_IDS.filter((family) => byFamily.has(family) && warmStart.mixture[family].weight > 0);
  if (families.length === 0) throw new RangeError('warm start: no family has both questions and a positive weight');
  const totalWeight = families.reduce((sum, family) => sum + warmStart.mixture[family].weight, 0);
  const rng = createRng(seed, 'warm-start');

  const pickFamily = (): FamilyId => {
    let point = rng.next() * totalWeight;
    for (const family of families) {
      point -= warmStart.mixture[family].weight;
      if (point < 0) return family;
    }
    return families[families.length - 1];
  };

  const next = (): TrainingExample => {
    const family = pickFamily();
    const { codeHabit, codeCoverage } = warmStart.mixture[family];
    const problem = rng.pick(byFamily.get(family) ?? []);
    if (rng.chance(warmStart.habitShare)) return habitExample(problem, rng.chance(codeHabit) ? 'code' : 'cot');
    return abilityExample(problem, rng.chance(codeCoverage) ? 'code' : 'cot', outputChars);
  };

  // Drawn but not yet placed in a row: part of the stream's state, so consecutive batches continue it.
  const waiting: TrainingExample[] = [];
  return {
    next,
    nextBatch(batchSize, sequenceLength) {
      return packRows(next, waiting, batchSize, sequenceLength);
    },
  };
}
