import { ArmMetricChart } from './ArmMetricChart';

/** The per-arm curves: accuracy, code-call rate, the three selection-alignment rates and the forced-method skills. */
export function ArmCurves() {
  return (
    <>
      <ArmMetricChart metric="accuracy" title="Accuracy" explanation="Share of held-out problems answered correctly; dashed arms do not train." />
      <ArmMetricChart metric="codeRate" title="Code rate" explanation="Share of held-out problems where the model chose to write code (forced code: always)." />
      <ArmMetricChart metric="strictAlign" title="StrictAlign" explanation="Chose the oracle's method (CoT where both work, the one that works otherwise)." />
      <ArmMetricChart metric="allowCode" title="AllowCode" explanation="Also counts choosing code where both methods succeed." />
      <ArmMetricChart metric="misAlign" title="MisAlign" explanation="Chose a method that fails where the other succeeds (lower is better)." />
      <ArmMetricChart metric="forcedCot" title="Forced CoT skill" explanation="Accuracy when each arm's model is told to use CoT: what its M-steps keep or wear down." />
      <ArmMetricChart metric="forcedCode" title="Forced code skill" explanation="Accuracy when each arm's model is told to write code." />
    </>
  );
}
