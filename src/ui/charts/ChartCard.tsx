import { useRef, type ReactNode } from 'react';
import { exportChart } from './chart-export';

/** A labelled chart region with its explanation and SVG / PNG export buttons. */
export function ChartCard({ title, explanation, fileName, children, empty, wide }: { title: string; explanation: string; fileName: string; children: ReactNode; empty?: string | null; wide?: boolean }) {
  const region = useRef<HTMLElement>(null);
  const exportAs = (format: 'svg' | 'png') => region.current && exportChart(region.current, fileName, format);
  return (
    <section ref={region} className={`chart-card${wide ? ' wide' : ''}`} role="region" aria-label={title}>
      <header>
        <h3>{title}</h3>
        {!empty && (
          <span className="chart-export">
            <button type="button" aria-label={`${title} as SVG`} onClick={() => exportAs('svg')}>
              SVG
            </button>
            <button type="button" aria-label={`${title} as PNG`} onClick={() => exportAs('png')}>
              PNG
            </button>
          </span>
        )}
      </header>
      <p className="chart-explanation">{explanation}</p>
      {empty ? <p className="chart-empty">{empty}</p> : children}
    </section>
  );
}
