import type { Phase } from '../../em/types';
import { useRunStore, type PhaseProgress as Progress } from '../../store/run-store';

const PHASES: Array<{ phase: Phase; label: string; explanation: string }> = [
  { phase: 'warm-start', label: 'Warm start', explanation: 'Fine-tuning on demonstrations of both methods' },
  { phase: 'explore', label: 'Exploration rollouts', explanation: 'Each query answered K times with each method forced; programs run in the Python sandbox' },
  { phase: 'm-step', label: 'M-step epochs', explanation: 'Off-policy RL steps on the synthesised data' },
  { phase: 'evaluate', label: 'Evaluation', explanation: 'Held-out problems: autonomous choice and both forced methods (programs run in the sandbox)' },
];

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One bar per phase with done/total and ETA; the current phase is highlighted. */
export function PhaseProgress() {
  const progress = useRunStore((s) => s.progress);
  const current = useRunStore((s) => s.current);
  const config = useRunStore((s) => s.config);
  return (
    <section aria-label="Progress" className="progress">
      <h2>
        Progress
        {current && (
          <span className="current-phase" data-testid="current-phase">
            {' '}
            — {current.arm ?? 'all arms'}, iteration {current.iteration}
            {config ? ` of ${config.iterations}` : ''}
          </span>
        )}
      </h2>
      {PHASES.map(({ phase, label, explanation }) => (
        <PhaseBar key={phase} label={label} explanation={explanation} progress={progress[phase]} active={current?.phase === phase} />
      ))}
    </section>
  );
}

function PhaseBar({ label, explanation, progress, active }: { label: string; explanation: string; progress?: Progress; active: boolean }) {
  const share = progress && progress.total > 0 ? progress.done / progress.total : 0;
  return (
    <div className={`phase${active ? ' phase-active' : ''}`} title={explanation}>
      <span className="phase-label">{label}</span>
      <progress aria-label={label} max={1} value={share} />
      <span className="phase-numbers">
        {progress && progress.total > 0 ? `${progress.done}/${progress.total}` : active ? 'starting…' : '–'}
        {active && progress && progress.done < progress.total ? ` · ETA ${formatSeconds(progress.etaSeconds)}` : ''}
        {progress?.loss !== undefined ? ` · loss ${progress.loss.toFixed(3)}` : ''}
      </span>
    </div>
  );
}
