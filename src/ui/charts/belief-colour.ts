/** b(x) = pi(code|x) as a colour: blue for CoT (0), through pale, to orange for code (1); grey where unknown. */
const COT: [number, number, number] = [37, 99, 235];
const MID: [number, number, number] = [229, 231, 235];
const CODE: [number, number, number] = [234, 88, 12];

function mix(a: [number, number, number], b: [number, number, number], t: number): string {
  const channel = (i: number) => Math.round(a[i] + (b[i] - a[i]) * t);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

export function beliefColour(belief: number | null | undefined): string {
  if (belief === null || belief === undefined || !Number.isFinite(belief)) return 'rgb(150, 150, 150)';
  const b = Math.min(1, Math.max(0, belief));
  return b < 0.5 ? mix(COT, MID, b * 2) : mix(MID, CODE, (b - 0.5) * 2);
}

export const formatShare = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : value.toFixed(2));
