import { beforeAll, describe } from 'vitest';
import { encoderCases } from '../selfcheck/cases/encoder';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('encoder', () => describeCases(encoderCases, kernelContext));
