/** The two ways of solving a problem; the first token of every response names one. */
export type Method = 'cot' | 'code';
export const METHODS: readonly Method[] = ['cot', 'code'];
