import { CartesianGrid, Cell, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { useRunStore } from '../../store/run-store';
import { useViewStore } from '../../store/view-store';
import { beliefColour } from './belief-colour';
import { ChartCard } from './ChartCard';

interface Point {
  id: string;
  question: string;
  qCot: number;
  qCode: number;
  x: number;
  y: number;
  belief: number | null;
}

/** A small deterministic offset so that problems with equal Q^ (multiples of 1/K) do not hide each other. */
function jitter(id: string, salt: number): number {
  let hash = salt;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return ((hash & 0xffff) / 0xffff - 0.5) * 0.06;
}

/** Q^(x, cot) against Q^(x, code) for the problems explored in one iteration, coloured by b(x). */
export function QScatter() {
  const arm = useViewStore((s) => s.beliefArm);
  const traces = useRunStore((s) => s.arms[arm]?.traces) ?? [];
  const chosen = useViewStore((s) => s.scatterIteration);
  const setIteration = useViewStore((s) => s.setScatterIteration);
  const explored = Array.from({ length: Math.max(0, ...traces.map((t) => t.qCot.length)) }, (_, i) => i).filter((i) => traces.some((t) => t.qCot[i] !== null && t.qCot[i] !== undefined));
  const iteration = chosen !== null && explored.includes(chosen) ? chosen : (explored.at(-1) ?? null);
  const points: Point[] =
    iteration === null
      ? []
      : traces.flatMap((t) => {
          const qCot = t.qCot[iteration];
          const qCode = t.qCode[iteration];
          if (qCot === null || qCot === undefined || qCode === null || qCode === undefined) return [];
          return [{ id: t.id, question: t.question, qCot, qCode, x: qCot + jitter(t.id, 1), y: qCode + jitter(t.id, 2), belief: t.belief[iteration] ?? null }];
        });
  return (
    <ChartCard
      title="Q^ scatter"
      fileName="q-scatter"
      explanation="Each point is a problem explored in the chosen iteration: its CoT success (x) against its code success (y), coloured by b(x). Above the diagonal code is better; EM should turn those points orange."
      empty={points.length === 0 ? 'Points appear after the first EM exploration.' : null}
    >
      <label className="inline-picker">
        Iteration{' '}
        <select aria-label="Scatter iteration" value={iteration ?? ''} onChange={(e) => setIteration(Number(e.target.value))}>
          {explored.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
      </label>
      <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 360, height: 240 }}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 16, left: -4 }}>
          <CartesianGrid strokeOpacity={0.25} />
          <XAxis type="number" dataKey="x" name="Q^(cot)" domain={[-0.05, 1.05]} ticks={[0, 0.25, 0.5, 0.75, 1]} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" label={{ value: 'Q^(x, cot)', position: 'insideBottom', offset: -10, fill: 'currentColor', fontSize: 11 }} />
          <YAxis type="number" dataKey="y" name="Q^(code)" domain={[-0.05, 1.05]} ticks={[0, 0.25, 0.5, 0.75, 1]} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" label={{ value: 'Q^(x, code)', angle: -90, position: 'insideLeft', offset: 16, fill: 'currentColor', fontSize: 11 }} />
          <ZAxis range={[40, 40]} />
          <Tooltip
            content={({ payload }) => {
              const point = payload?.[0]?.payload as Point | undefined;
              if (!point) return null;
              return (
                <div className="chart-tooltip static">
                  <strong>{point.question}</strong>
                  <div>Q^(cot) {point.qCot.toFixed(2)} · Q^(code) {point.qCode.toFixed(2)} · b(x) {point.belief?.toFixed(2) ?? '–'}</div>
                </div>
              );
            }}
          />
          <Scatter data={points} isAnimationActive={false}>
            {points.map((point) => (
              <Cell key={point.id} fill={beliefColour(point.belief)} stroke="currentColor" strokeOpacity={0.4} />
            ))}
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
