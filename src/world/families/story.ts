import { rational } from '../rational';
import type { Rng } from '../rng';
import { checkLevel, type Family, type Problem } from './types';

const NAMES = ['Ann', 'Bob', 'Cal', 'Dee', 'Eve', 'Max', 'Sam', 'Zoe'] as const;
const TAKING_VERBS = ['gives', 'loses', 'eats'] as const;
const GIVING_VERBS = ['gets', 'finds', 'buys'] as const;

export interface StoryAction {
  verb: (typeof TAKING_VERBS)[number] | (typeof GIVING_VERBS)[number];
  amount: number;
}

/** Per level: how many actions and the starting count's range. */
const SHAPES: Record<number, { actions: number; start: [number, number] }> = {
  1: { actions: 1, start: [2, 9] },
  2: { actions: 2, start: [5, 19] },
  3: { actions: 3, start: [10, 29] },
};

/**
 * The largest amount one action moves, at every level: single-digit, so each CoT step is one fact of the size
 * digsum's running sums teach (two digits and one): with amounts up to 19 a level-3 step was a whole two-digit addition or subtraction in one go, a table of
 * ~3,000 facts that 2,000 warm-start questions barely cover (forced CoT 38% after 2,200 steps). Single-digit, and
 * with story weighted for its subtractions, the shipped warm start's story CoT is 100% (docs/warmstart.md).
 */
const MAX_AMOUNT = 9;

const isTaking = (verb: StoryAction['verb']): boolean => (TAKING_VERBS as readonly string[]).includes(verb);

export function writeStoryProblem(name: string, start: number, actions: readonly StoryAction[], level: number): Problem {
  const gold = actions.reduce((count, action) => count + (isTaking(action.verb) ? -action.amount : action.amount), start);
  // CoT: one small subtraction or addition per action; code: the verbs turned into assignments.
  const steps: string[] = [];
  let count = start;
  for (const { verb, amount } of actions) {
    const next = isTaking(verb) ? count - amount : count + amount;
    steps.push(`${count}${isTaking(verb) ? '-' : '+'}${amount}=${next}`);
    count = next;
  }
  const assignments = actions.map(({ verb, amount }) => `n${isTaking(verb) ? '-' : '+'}=${amount}`);
  const told = actions.map(({ verb, amount }) => `${verb} ${amount}`).join(', ');
  return {
    family: 'story',
    level,
    question: `${name} has ${start}, ${told}. Now?`,
    gold: rational(gold),
    cot: { reasoning: steps.join(';'), answer: String(count) },
    code: { program: `n=${start};${assignments.join(';')};print(n)` },
  };
}

export const storyFamily: Family = {
  id: 'story',
  description: 'A name has some, gives / gets some (1-3 actions): CoT is a few small steps; code must map verbs to signs.',
  sample(rng: Rng, level: number): Problem {
    checkLevel('story', level);
    const shape = SHAPES[level];
    const start = rng.int(...shape.start);
    const actions: StoryAction[] = [];
    let count = start;
    for (let i = 0; i < shape.actions; i++) {
      // Taking never goes below zero: a story never owes.
      const taking = count > 1 && rng.chance(0.5);
      const amount = rng.int(1, taking ? Math.min(count, MAX_AMOUNT) : MAX_AMOUNT);
      actions.push({ verb: rng.pick(taking ? TAKING_VERBS : GIVING_VERBS), amount });
      count += taking ? -amount : amount;
    }
    return writeStoryProblem(rng.pick(NAMES), start, actions, level);
  },
};
