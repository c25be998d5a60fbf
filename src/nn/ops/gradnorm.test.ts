import { beforeAll, describe } from 'vitest';
import { gradNormCases } from '../selfcheck/cases/optimizer';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('gradnorm', () => describeCases(gradNormCases, kernelContext));
