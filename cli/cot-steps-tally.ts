/**
 * Step-level reading of chain-of-thought responses made of `a+b=c` / `a-b=c` steps (story, digsum): per
 * operator, how many steps are arithmetically right (split by whether the units carry or borrow), and how far
 * off the wrong ones are. Used by cli/cot-steps.ts to tell wrong facts from wrong reading of the question.
 */
const STEP = /^(\d+)([+-])(\d+)=(\d+)$/;

interface Counts {
  right: number;
  total: number;
}

type Operator = '+' | '-';

export interface StepTally {
  /** Steps per operator, and how many of them are right. */
  byOperator: Record<Operator, Counts>;
  /** The same for the steps whose units digits carry (a+b) or borrow (a-b): the harder facts of a digit model. */
  carrying: Record<Operator, Counts>;
  /** Wrong steps by signed error (what was written minus the true result). */
  errors: Map<number, number>;
  /** Steps that are not of the form a+b=c or a-b=c. */
  malformed: number;
}

export function emptyTally(): StepTally {
  const perOperator = (): Record<Operator, Counts> => ({ '+': { right: 0, total: 0 }, '-': { right: 0, total: 0 } });
  return { byOperator: perOperator(), carrying: perOperator(), errors: new Map(), malformed: 0 };
}

/** Adds the steps of one reasoning text (`;`-separated, as the world writes CoT) to the tally. */
export function tallySteps(tally: StepTally, reasoning: string): void {
  for (const step of reasoning.split(';')) {
    const match = STEP.exec(step);
    if (!match) {
      tally.malformed++;
      continue;
    }
    const [a, b, written] = [Number(match[1]), Number(match[3]), Number(match[4])];
    const operator: Operator = match[2] === '+' ? '+' : '-';
    const truth = operator === '+' ? a + b : a - b;
    const carries = operator === '+' ? (a % 10) + (b % 10) >= 10 : a % 10 < b % 10;
    for (const counts of carries ? [tally.byOperator[operator], tally.carrying[operator]] : [tally.byOperator[operator]]) {
      counts.total++;
      if (written === truth) counts.right++;
    }
    if (written !== truth) tally.errors.set(written - truth, (tally.errors.get(written - truth) ?? 0) + 1);
  }
}

export function formatTally(tally: StepTally): string {
  const share = ({ right, total }: Counts): string => `${right}/${total} (${total ? ((100 * right) / total).toFixed(0) : '-'}%)`;
  const operator = (op: Operator, carry: string): string => {
    const all = tally.byOperator[op];
    const carrying = tally.carrying[op];
    const others = { right: all.right - carrying.right, total: all.total - carrying.total };
    return `'${op}' ${share(all)} [${carry} ${share(carrying)}, other ${share(others)}]`;
  };
  const wrong = [...tally.errors.values()].reduce((sum, n) => sum + n, 0);
  const offByOne = (tally.errors.get(1) ?? 0) + (tally.errors.get(-1) ?? 0);
  return `steps right: ${operator('+', 'carry')}, ${operator('-', 'borrow')}; wrong by one: ${offByOne} of ${wrong}; malformed: ${tally.malformed}`;
}
