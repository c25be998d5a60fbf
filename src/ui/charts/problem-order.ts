/** Problems in the order the belief views list them: by family (schema order), query set before test set. */
import { FAMILY_IDS } from '../../config';
import type { ProblemTrace } from '../../em/types';

const indexOf = (id: string): number => Number(id.split('-').at(-1) ?? 0);

export function orderedTraces(traces: readonly ProblemTrace[]): ProblemTrace[] {
  return [...traces].sort(
    (a, b) =>
      FAMILY_IDS.indexOf(a.family) - FAMILY_IDS.indexOf(b.family) ||
      (a.split === b.split ? 0 : a.split === 'query' ? -1 : 1) ||
      indexOf(a.id) - indexOf(b.id),
  );
}

export function iterationCount(traces: readonly ProblemTrace[]): number {
  return traces.reduce((most, trace) => Math.max(most, trace.belief.length), 0);
}
