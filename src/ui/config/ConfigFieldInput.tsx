import type { ConfigField } from '../../config';
import { useConfigStore } from '../../store/config-store';
import { fieldLabel } from './field-groups';

/** One knob: its control, its one-line explanation (hover or focus) and its message when invalid. */
export function ConfigFieldInput({ field, disabled, label }: { field: ConfigField; disabled: boolean; label?: string }) {
  const text = useConfigStore((s) => s.drafts[field.path] ?? '');
  const issue = useConfigStore((s) => s.issues[field.path]);
  const setField = useConfigStore((s) => s.setField);
  const id = `field-${field.path.replaceAll('.', '-')}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = issue ? `${hintId} ${errorId}` : hintId;
  const shown = label ?? fieldLabel(field.path);
  return (
    <div className={`field${issue ? ' field-invalid' : ''}`} title={field.description}>
      <label htmlFor={id}>{shown}</label>
      {field.kind === 'boolean' ? (
        <input id={id} data-path={field.path} type="checkbox" checked={text === 'true'} disabled={disabled} aria-describedby={describedBy} onChange={(e) => setField(field.path, String(e.target.checked))} />
      ) : field.kind === 'enum' ? (
        <select id={id} data-path={field.path} value={text} disabled={disabled} aria-describedby={describedBy} onChange={(e) => setField(field.path, e.target.value)}>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          data-path={field.path}
          type="text"
          inputMode="decimal"
          value={text}
          disabled={disabled}
          aria-invalid={issue ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setField(field.path, e.target.value)}
        />
      )}
      <span id={hintId} className="field-hint">
        {field.description}
        {field.kind === 'integer' || field.kind === 'number' ? ` (${field.min} to ${field.max})` : ''}
      </span>
      {issue && (
        <span id={errorId} className="field-error" role="alert" data-testid={`issue-${field.path}`}>
          {issue}
        </span>
      )}
    </div>
  );
}
