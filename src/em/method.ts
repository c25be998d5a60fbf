/** The two ways of solving a problem; the first token of every response names one (src/world/tokenizer.ts). */
export { METHODS, type Method } from '../world/tokenizer';
