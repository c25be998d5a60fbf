/**
 * Method selection judged against an oracle built by running both methods on each problem (shared/PAPER.md):
 * the oracle prefers CoT where both succeed. Per problem:
 *  - strictAlign: the chosen method is the oracle's;
 *  - allowCode: strictAlign, or code chosen where both methods succeed (a wasted but harmless tool call);
 *  - misAlign: the chosen method fails where the other succeeds.
 * Problems where neither method succeeds have no oracle method and count in no rate's numerator nor denominator.
 */
import type { Method } from './method';

export interface OracleOutcome {
  cotCorrect: boolean;
  codeCorrect: boolean;
}

export interface AlignmentVerdict {
  judged: boolean;
  strictAlign: boolean;
  allowCode: boolean;
  misAlign: boolean;
}

export function oracleMethod({ cotCorrect, codeCorrect }: OracleOutcome): Method | null {
  if (cotCorrect) return 'cot';
  if (codeCorrect) return 'code';
  return null;
}

export function judgeSelection(chosen: Method, oracle: OracleOutcome): AlignmentVerdict {
  const preferred = oracleMethod(oracle);
  if (preferred === null) return { judged: false, strictAlign: false, allowCode: false, misAlign: false };
  const strictAlign = chosen === preferred;
  const bothSucceed = oracle.cotCorrect && oracle.codeCorrect;
  const chosenCorrect = chosen === 'cot' ? oracle.cotCorrect : oracle.codeCorrect;
  return {
    judged: true,
    strictAlign,
    allowCode: strictAlign || (chosen === 'code' && bothSucceed),
    misAlign: !chosenCorrect,
  };
}

export interface AlignmentRates {
  strictAlign: number;
  allowCode: number;
  misAlign: number;
  judged: number;
}

export function alignmentRates(verdicts: readonly AlignmentVerdict[]): AlignmentRates {
  const judged = verdicts.filter((v) => v.judged);
  const rate = (pick: (v: AlignmentVerdict) => boolean) => (judged.length === 0 ? 0 : judged.filter(pick).length / judged.length);
  return {
    strictAlign: rate((v) => v.strictAlign),
    allowCode: rate((v) => v.allowCode),
    misAlign: rate((v) => v.misAlign),
    judged: judged.length,
  };
}
