import { FAMILY_IDS, type FamilyId, type WorldConfig } from '../config/schema';
import { FAMILIES, type Problem } from './families';
import { createRng } from './rng';

export type SplitName = 'test' | 'query' | 'warmStart';

export interface WorldSplits {
  /** Questions with demonstrations, for the warm start. */
  warmStart: Problem[];
  /** The public query set: questions and gold answers that EM learns from. */
  query: Problem[];
  /** Held out for evaluation. */
  test: Problem[];
  /** Splits that came out smaller than asked because a family ran out of distinct questions at its levels. */
  shortfalls: { family: FamilyId; split: SplitName; wanted: number; got: number }[];
}

/** Draws per wanted question before a family counts as exhausted (small levels have a few hundred questions). */
const ATTEMPTS_PER_QUESTION = 50;

/**
 * Splits the world, deterministically from world.seed: per enabled family one stream of distinct questions,
 * dealt first to the test set, then the query set, then the warm-start set. So no question is in two splits,
 * and the test set does not change when the other sizes do.
 */
export function buildSplits(world: WorldConfig): WorldSplits {
  const splits: WorldSplits = { warmStart: [], query: [], test: [], shortfalls: [] };
  const wanted: Record<SplitName, number> = {
    test: world.testPerFamily,
    query: world.queryPerFamily,
    warmStart: world.warmStartPerFamily,
  };
  for (const family of FAMILY_IDS) {
    const { enabled, minLevel, maxLevel } = world.families[family];
    if (!enabled) continue;
    const rng = createRng(world.seed, 'splits', family);
    const seen = new Set<string>();
    for (const split of ['test', 'query', 'warmStart'] as const) {
      let got = 0;
      for (let attempt = 0; got < wanted[split] && attempt < wanted[split] * ATTEMPTS_PER_QUESTION; attempt++) {
        const problem = FAMILIES[family].sample(rng, rng.int(minLevel, maxLevel));
        if (seen.has(problem.question)) continue;
        seen.add(problem.question);
        splits[split].push(problem);
        got++;
      }
      if (got < wanted[split]) splits.shortfalls.push({ family, split, wanted: wanted[split], got });
    }
  }
  return splits;
}
