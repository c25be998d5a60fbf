import { useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { ProblemTrace } from '../../em/types';
import { useRunStore } from '../../store/run-store';
import { useViewStore } from '../../store/view-store';
import { beliefColour, formatShare } from './belief-colour';
import { ChartCard } from './ChartCard';
import { iterationCount, orderedTraces } from './problem-order';

const LABEL_WIDTH = 64;
const TOP = 18;

interface Hover {
  trace: ProblemTrace;
  iteration: number;
  x: number;
  y: number;
}

/** One row per problem (grouped by family), one column per iteration, colour = b(x) = pi(code|x). */
export function BeliefHeatmap() {
  const arm = useViewStore((s) => s.beliefArm);
  const traces = useRunStore((s) => s.arms[arm]?.traces);
  const selected = useViewStore((s) => s.selectedProblems);
  const toggleProblem = useViewStore((s) => s.toggleProblem);
  const inspect = useViewStore((s) => s.inspect);
  const [hover, setHover] = useState<Hover | null>(null);
  /** The keyboard's cell: arrow keys move it, Enter traces its problem; it shows the same card as a hover. */
  const [cursor, setCursor] = useState<{ row: number; iteration: number } | null>(null);
  const rows = useMemo(() => orderedTraces(traces ?? []), [traces]);
  const columns = iterationCount(rows);
  const cellWidth = Math.max(10, Math.min(48, Math.floor(560 / Math.max(1, columns))));
  const cellHeight = rows.length > 400 ? 2 : rows.length > 150 ? 3 : rows.length > 60 ? 5 : 8;
  const width = LABEL_WIDTH + columns * cellWidth + 4;
  const height = TOP + rows.length * cellHeight + 4;
  const familyStarts = rows.flatMap((trace, row) => (row === 0 || rows[row - 1].family !== trace.family ? [{ family: trace.family, row }] : []));

  const cellAt = (event: MouseEvent<SVGSVGElement>): { trace: ProblemTrace; iteration: number } | null => {
    const target = event.target as Element;
    const row = Number(target.getAttribute('data-row'));
    const iteration = Number(target.getAttribute('data-iteration'));
    if (!target.hasAttribute('data-row') || !rows[row]) return null;
    return { trace: rows[row], iteration };
  };

  const choose = (trace: ProblemTrace) => {
    toggleProblem(trace.id);
    if (trace.split === 'test') inspect(trace.id);
  };
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    if (!cursor || rows.length === 0) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setCursor({ row: Math.min(rows.length - 1, Math.max(0, cursor.row + move[0])), iteration: Math.min(columns - 1, Math.max(0, cursor.iteration + move[1])) });
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(rows[cursor.row]);
    }
  };
  const shown: Hover | null =
    hover ?? (cursor && rows[cursor.row] ? { trace: rows[cursor.row], iteration: cursor.iteration, x: LABEL_WIDTH + (cursor.iteration + 1) * cellWidth, y: TOP + cursor.row * cellHeight } : null);

  return (
    <ChartCard
      title="Belief heatmap"
      fileName="belief-heatmap"
      wide
      explanation="Each row is a problem (grouped by family; query problems, then test problems), each column an iteration. Blue: the model would answer by chain of thought; orange: by code. Hover a cell for Q^ and s; click it to trace the problem."
      empty={rows.length === 0 ? 'Beliefs appear after the warm start is evaluated.' : null}
    >
      <div className="heatmap-wrap" onMouseLeave={() => setHover(null)}>
        <svg
          data-chart="heatmap"
          role="img"
          aria-label={`Belief b(x) of ${rows.length} problems over ${columns} iterations. Arrow keys move between cells, Enter traces the problem.`}
          tabIndex={0}
          onFocus={() => setCursor((current) => current ?? { row: 0, iteration: Math.max(0, columns - 1) })}
          onBlur={() => setCursor(null)}
          onKeyDown={onKeyDown}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          onMouseMove={(event) => {
            const cell = cellAt(event);
            const box = event.currentTarget.getBoundingClientRect();
            setHover(cell ? { ...cell, x: event.clientX - box.left, y: event.clientY - box.top } : null);
          }}
          onClick={(event) => {
            const cell = cellAt(event);
            if (cell) choose(cell.trace);
          }}
        >
          <text x={LABEL_WIDTH - 4} y={12} textAnchor="end" fontSize={10} fill="currentColor">
            iteration
          </text>
          {Array.from({ length: columns }, (_, iteration) => (
            <text key={iteration} x={LABEL_WIDTH + iteration * cellWidth + cellWidth / 2} y={12} textAnchor="middle" fontSize={10} fill="currentColor">
              {iteration}
            </text>
          ))}
          {familyStarts.map(({ family, row }) => (
            <g key={family}>
              <text x={LABEL_WIDTH - 4} y={TOP + row * cellHeight + 9} textAnchor="end" fontSize={10} fill="currentColor">
                {family}
              </text>
              <line x1={2} x2={width} y1={TOP + row * cellHeight - 0.5} y2={TOP + row * cellHeight - 0.5} stroke="currentColor" strokeOpacity={0.4} />
            </g>
          ))}
          {rows.map((trace, row) =>
            Array.from({ length: columns }, (_, iteration) => (
              <rect
                key={`${trace.id}:${iteration}`}
                data-testid="heatmap-cell"
                data-row={row}
                data-iteration={iteration}
                x={LABEL_WIDTH + iteration * cellWidth}
                y={TOP + row * cellHeight}
                width={cellWidth - 1}
                height={Math.max(1, cellHeight - (cellHeight > 3 ? 1 : 0))}
                fill={beliefColour(trace.belief[iteration])}
                stroke={selected.includes(trace.id) ? 'currentColor' : 'none'}
              />
            )),
          )}
          {cursor && (
            <rect x={LABEL_WIDTH + cursor.iteration * cellWidth - 1} y={TOP + cursor.row * cellHeight - 1} width={cellWidth + 1} height={cellHeight + 1} fill="none" stroke="currentColor" strokeWidth={2} pointerEvents="none" />
          )}
        </svg>
        {shown && <HeatmapTooltip hover={shown} />}
      </div>
      <BeliefLegend />
    </ChartCard>
  );
}

function HeatmapTooltip({ hover }: { hover: Hover }) {
  const { trace, iteration } = hover;
  return (
    <div className="chart-tooltip" role="tooltip" data-testid="heatmap-tooltip" style={{ left: hover.x + 14, top: hover.y + 8 }}>
      <div>
        <strong>{trace.question}</strong>
      </div>
      <div>
        {trace.family} · {trace.split} · iteration {iteration}
      </div>
      <div>b(x) = π(code|x): {formatShare(trace.belief[iteration])}</div>
      <div>Q^(x, cot): {formatShare(trace.qCot[iteration])}</div>
      <div>Q^(x, code): {formatShare(trace.qCode[iteration])}</div>
      <div>s(code|x): {formatShare(trace.sCode[iteration])}</div>
      {(trace.qCot[iteration] ?? null) === null && <div className="muted">not explored in this iteration</div>}
      {trace.qCot[iteration] === 0 && trace.qCode[iteration] === 0 && <div className="muted">every rollout failed: no signal about the method</div>}
    </div>
  );
}

export function BeliefLegend() {
  return (
    <div className="belief-legend" aria-label="Colour scale of b(x)">
      <span>CoT (b = 0)</span>
      <span className="legend-bar" />
      <span>code (b = 1)</span>
    </div>
  );
}
