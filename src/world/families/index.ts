import { FAMILY_IDS, type FamilyId } from '../../config/schema';
import { addFamily } from './add';
import { countFamily } from './count';
import { digsumFamily } from './digsum';
import { fracFamily } from './frac';
import { mulFamily } from './mul';
import { powmodFamily } from './powmod';
import { storyFamily } from './story';
import type { Family } from './types';

export type { Family, Problem } from './types';

/** Every family of the world, by id (the config's FAMILY_IDS; the type makes the registry complete). */
export const FAMILIES: Readonly<Record<FamilyId, Family>> = {
  add: addFamily,
  mul: mulFamily,
  digsum: digsumFamily,
  story: storyFamily,
  powmod: powmodFamily,
  count: countFamily,
  frac: fracFamily,
};

export { FAMILY_IDS };
