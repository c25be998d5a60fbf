import type { ArmName } from '../../em/types';

export const ARM_COLOURS: Record<ArmName, string> = {
  em: '#16a34a',
  'standard-rl': '#9333ea',
  sft: '#0891b2',
  'forced-cot': '#2563eb',
  'forced-code': '#ea580c',
};

export const ARM_LABELS: Record<ArmName, string> = {
  em: 'EM (AutoCode)',
  'standard-rl': 'standard RL',
  sft: 'SFT',
  'forced-cot': 'forced CoT',
  'forced-code': 'forced code',
};
