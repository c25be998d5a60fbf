import { beforeAll, describe } from 'vitest';
import { residualCases } from '../selfcheck/cases/elementwise';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('residual', () => describeCases(residualCases, kernelContext));
