import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ARM_NAMES, TRAINED_ARMS, type ArmName, type ArmMetrics } from '../../em/types';
import { useRunStore } from '../../store/run-store';
import { ARM_COLOURS, ARM_LABELS } from './arm-colours';
import { ChartCard } from './ChartCard';

export type MetricKey = keyof Pick<ArmMetrics, 'accuracy' | 'codeRate' | 'strictAlign' | 'allowCode' | 'misAlign' | 'forcedCot' | 'forcedCode'>;

type Row = { iteration: number } & Partial<Record<ArmName, number>>;

/**
 * One metric per arm over iterations. Arms that do not train (forced methods, the warm-start model) have one
 * value, drawn dashed across every iteration as a reference line.
 */
export function ArmMetricChart({ metric, title, explanation }: { metric: MetricKey; title: string; explanation: string }) {
  const arms = useRunStore((s) => s.arms);
  const present = ARM_NAMES.filter((arm) => (arms[arm]?.iterations.length ?? 0) > 0);
  const last = Math.max(0, ...present.map((arm) => arms[arm]?.iterations.at(-1)?.iteration ?? 0));
  const rows: Row[] = Array.from({ length: last + 1 }, (_, iteration) => {
    const row: Row = { iteration };
    for (const arm of present) {
      const series = arms[arm]?.iterations ?? [];
      const point = TRAINED_ARMS.includes(arm) ? series.find((m) => m.iteration === iteration) : series[0];
      const value = point?.[metric];
      if (value !== undefined && value !== null) row[arm] = value; // null: an older run file did not record it
    }
    return row;
  });
  return (
    <ChartCard title={title} explanation={explanation} fileName={title.toLowerCase().replaceAll(' ', '-')} empty={present.length === 0 ? 'Curves appear after the first evaluation.' : null}>
      <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 360, height: 220 }}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: -12 }}>
          <CartesianGrid strokeOpacity={0.25} />
          <XAxis dataKey="iteration" allowDecimals={false} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" />
          <YAxis domain={[0, 1]} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} labelFormatter={(label) => `iteration ${String(label)}`} contentStyle={{ background: 'var(--panel)', color: 'var(--fg)' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {present.map((arm) => (
            <Line
              key={arm}
              type="monotone"
              dataKey={arm}
              name={ARM_LABELS[arm]}
              stroke={ARM_COLOURS[arm]}
              strokeDasharray={TRAINED_ARMS.includes(arm) ? undefined : '5 4'}
              dot={TRAINED_ARMS.includes(arm)}
              isAnimationActive={false}
              strokeWidth={2}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
