import { beforeAll, describe } from 'vitest';
import { geluCases } from '../selfcheck/cases/elementwise';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('gelu', () => describeCases(geluCases, kernelContext));
