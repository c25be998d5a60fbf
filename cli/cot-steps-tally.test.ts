import { describe, expect, it } from 'vitest';
import { emptyTally, formatTally, tallySteps } from './cot-steps-tally';

describe('CoT step tally', () => {
  it('counts right and wrong steps per operator, the signed errors, and malformed steps', () => {
    const tally = emptyTally();
    tallySteps(tally, '24+8=33;33-4=29;29+8=37'); // 24+8 is 32: wrong by +1
    tallySteps(tally, '9-2=6;6+1=7;oops'); // 9-2 is 7: wrong by -1; one malformed step
    tallySteps(tally, '4-4=2'); // wrong by +2
    expect(tally.byOperator['+']).toEqual({ right: 2, total: 3 });
    expect(tally.byOperator['-']).toEqual({ right: 1, total: 3 });
    // Carrying: 24+8 (4+8) and 29+8 (9+8); borrowing: 33-4 (3 < 4) only, not 9-2 or 4-4.
    expect(tally.carrying['+']).toEqual({ right: 1, total: 2 });
    expect(tally.carrying['-']).toEqual({ right: 1, total: 1 });
    expect([...tally.errors].sort(([a], [b]) => a - b)).toEqual([[-1, 1], [1, 1], [2, 1]]);
    expect(tally.malformed).toBe(1);
    expect(formatTally(tally)).toBe("steps right: '+' 2/3 (67%) [carry 1/2 (50%), other 1/1 (100%)], '-' 1/3 (33%) [borrow 1/1 (100%), other 0/2 (0%)]; wrong by one: 2 of 3; malformed: 1");
  });

  it('reads a world-written story CoT as all right', () => {
    const tally = emptyTally();
    tallySteps(tally, '21-7=14;14-8=6;6+9=15');
    expect(formatTally(tally)).toBe("steps right: '+' 1/1 (100%) [carry 1/1 (100%), other 0/0 (-%)], '-' 2/2 (100%) [borrow 2/2 (100%), other 0/0 (-%)]; wrong by one: 0 of 0; malformed: 0");
  });
});
