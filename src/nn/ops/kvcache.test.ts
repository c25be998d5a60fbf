import { beforeAll, describe } from 'vitest';
import { kvcacheCases } from '../selfcheck/cases/kvcache';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('kvcache', () => describeCases(kvcacheCases, kernelContext));
