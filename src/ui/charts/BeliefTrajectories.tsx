import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useRunStore } from '../../store/run-store';
import { useViewStore } from '../../store/view-store';
import { ChartCard } from './ChartCard';
import { orderedTraces } from './problem-order';

const SERIES_COLOURS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777'];

type Row = { iteration: number } & Record<string, number | null>;

/** b(x) over iterations for the problems a person picked, with Q^(code) (filled) and Q^(cot) (hollow) marks. */
export function BeliefTrajectories() {
  const arm = useViewStore((s) => s.beliefArm);
  const traces = useRunStore((s) => s.arms[arm]?.traces);
  const selected = useViewStore((s) => s.selectedProblems);
  const toggleProblem = useViewStore((s) => s.toggleProblem);
  const ordered = useMemo(() => orderedTraces(traces ?? []), [traces]);
  const fallback = useMemo(() => ordered.filter((t, i) => t.split === 'query' && (i === 0 || ordered[i - 1].family !== t.family)).slice(0, 4), [ordered]);
  const shown = selected.length > 0 ? ordered.filter((t) => selected.includes(t.id)) : fallback;
  const iterations = Math.max(0, ...shown.map((t) => t.belief.length));
  const rows: Row[] = Array.from({ length: iterations }, (_, iteration) => {
    const row: Row = { iteration };
    shown.forEach((trace, i) => {
      row[`b${i}`] = trace.belief[iteration] ?? null;
      row[`code${i}`] = trace.qCode[iteration] ?? null;
      row[`cot${i}`] = trace.qCot[iteration] ?? null;
    });
    return row;
  });
  return (
    <ChartCard
      title="Belief trajectories"
      fileName="belief-trajectories"
      explanation="b(x) per iteration for chosen problems (click heatmap cells, or pick below). Filled dots: Q^(x, code); hollow dots: Q^(x, cot), where the problem was explored."
      empty={ordered.length === 0 ? 'Trajectories appear after the warm start is evaluated.' : null}
    >
      <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 360, height: 240 }}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: -12 }}>
          <CartesianGrid strokeOpacity={0.25} />
          <XAxis dataKey="iteration" allowDecimals={false} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" />
          <YAxis domain={[0, 1]} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(2) : String(value))} labelFormatter={(label) => `iteration ${String(label)}`} contentStyle={{ background: 'var(--panel)', color: 'var(--fg)' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {shown.map((trace, i) => {
            const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
            return [
              <Line key={`b${i}`} dataKey={`b${i}`} name={`${trace.id} (${trace.family})`} stroke={colour} strokeWidth={2} isAnimationActive={false} dot={false} />,
              <Line key={`code${i}`} dataKey={`code${i}`} name={`Q^ code ${trace.id}`} legendType="none" stroke="none" isAnimationActive={false} dot={{ r: 4, fill: colour, stroke: colour }} />,
              <Line key={`cot${i}`} dataKey={`cot${i}`} name={`Q^ cot ${trace.id}`} legendType="none" stroke="none" isAnimationActive={false} dot={{ r: 4, fill: 'none', stroke: colour, strokeWidth: 2 }} />,
            ];
          })}
        </LineChart>
      </ResponsiveContainer>
      <label className="inline-picker">
        Trace a problem{' '}
        <select value="" onChange={(e) => e.target.value && toggleProblem(e.target.value)} aria-label="Trace a problem">
          <option value="">choose…</option>
          {ordered.map((trace) => (
            <option key={trace.id} value={trace.id}>
              {selected.includes(trace.id) ? '✓ ' : ''}
              {trace.family} {trace.id}: {trace.question}
            </option>
          ))}
        </select>
      </label>
    </ChartCard>
  );
}
