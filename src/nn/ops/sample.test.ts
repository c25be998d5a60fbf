import { beforeAll, describe } from 'vitest';
import { sampleCases } from '../selfcheck/cases/sample';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('sample', () => describeCases(sampleCases, kernelContext));
