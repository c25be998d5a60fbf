import { TRAINED_ARMS, type ArmName } from '../em/types';
import { useRunStore } from '../store/run-store';
import { useViewStore } from '../store/view-store';
import { ARM_LABELS } from './charts/arm-colours';

/** Which trained arm the belief views (heatmap, trajectories, scatter, rollouts) show. */
export function BeliefArmPicker() {
  const arms = useRunStore((s) => s.arms);
  const arm = useViewStore((s) => s.beliefArm);
  const setArm = useViewStore((s) => s.setBeliefArm);
  const choices = TRAINED_ARMS.filter((name) => arms[name]);
  if (choices.length < 2) return null;
  return (
    <label className="inline-picker">
      Arm shown in the belief views{' '}
      <select value={arm} onChange={(e) => setArm(e.target.value as ArmName)}>
        {choices.map((name) => (
          <option key={name} value={name}>
            {ARM_LABELS[name]}
          </option>
        ))}
      </select>
    </label>
  );
}
