/** A one-line progress bar with ETA per phase: redrawn in place on a terminal, a line per 10% in logs. */
export interface ProgressUpdate {
  label: string;
  done: number;
  total: number;
  etaSeconds: number;
  detail?: string;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine({ label, done, total, etaSeconds, detail }: ProgressUpdate, width = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  return `${label.padEnd(24)} [${bar}] ${String(Math.round(fraction * 100)).padStart(3)}% ${done}/${total} ETA ${formatDuration(etaSeconds)}${detail ? `  ${detail}` : ''}`;
}

export class ProgressPrinter {
  private lastKey = '';
  private lastDecile = -1;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(update: ProgressUpdate): void {
    const line = progressLine(update);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1).padEnd((this.stream.columns ?? 120) - 1)}`);
      if (update.done >= update.total) this.stream.write('\n');
      return;
    }
    const decile = Math.floor((10 * update.done) / Math.max(1, update.total));
    if (update.label !== this.lastKey) this.lastDecile = -1;
    if (decile !== this.lastDecile || update.done >= update.total) this.stream.write(`${line}\n`);
    this.lastKey = update.label;
    this.lastDecile = decile;
  }

  message(text: string): void {
    this.stream.write(`${this.stream.isTTY ? '\r' : ''}${text}\n`);
  }
}
