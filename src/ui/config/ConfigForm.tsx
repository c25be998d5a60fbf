import { useMemo } from 'react';
import { PRESET_NAMES, isPresetName } from '../../config';
import { useConfigStore } from '../../store/config-store';
import { isActive, useRunStore } from '../../store/run-store';
import { ConfigFieldInput } from './ConfigFieldInput';
import { fieldGroups, fieldLabel } from './field-groups';
import { WarmStartPanel } from '../warmstart/WarmStartPanel';

/** The preset picker and every knob of the schema, grouped; locked while a run is going. */
export function ConfigForm() {
  const groups = useMemo(fieldGroups, []);
  const preset = useConfigStore((s) => s.preset);
  const setPreset = useConfigStore((s) => s.setPreset);
  const issues = useConfigStore((s) => s.issues);
  const locked = useRunStore((s) => isActive(s.status));
  return (
    <section aria-label="Configuration" className="config-form">
      <h2>Experiment</h2>
      <div className="field" title="A preset sets every knob; the fields below change it">
        <label htmlFor="preset">Preset</label>
        <select id="preset" data-path="preset" value={preset} disabled={locked} onChange={(e) => isPresetName(e.target.value) && setPreset(e.target.value)}>
          {PRESET_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <span className="field-hint">tiny: trains its own warm start, about 2 min on a software adapter; small: EM from the shipped warm start, about 25 min; default: the same with a larger EM budget, for a GPU</span>
      </div>
      <WarmStartPanel />
      {groups.map((group) => (
        <details key={group.key} className="config-group" open={group.key === 'run'}>
          <summary title={group.description}>
            {group.title}
            {Object.keys(issues).some((path) => path === group.key || path.startsWith(`${group.key}.`) || (group.key === 'run' && !path.includes('.'))) && <span className="group-issue"> ⚠ check values</span>}
          </summary>
          <p className="group-description">{group.description}</p>
          {group.fields.map((field) => (
            <ConfigFieldInput key={field.path} field={field} disabled={locked} />
          ))}
          {group.familiesPath && issues[group.familiesPath] && (
            <p className="field-error" role="alert">
              {group.familiesPath}: {issues[group.familiesPath]}
            </p>
          )}
          {group.families.length > 0 && (
            <details className="family-group">
              <summary>Per family</summary>
              {group.families.map(({ family, fields }) => (
                <fieldset key={family} className="family-fields">
                  <legend>{family}</legend>
                  {fields.map((field) => (
                    <ConfigFieldInput key={field.path} field={field} disabled={locked} label={`${family} ${fieldLabel(field.path)}`} />
                  ))}
                </fieldset>
              ))}
            </details>
          )}
        </details>
      ))}
    </section>
  );
}
