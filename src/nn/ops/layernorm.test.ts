import { beforeAll, describe } from 'vitest';
import { layernormCases } from '../selfcheck/cases/layernorm';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('layernorm', () => describeCases(layernormCases, kernelContext));
