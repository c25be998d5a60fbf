import { beforeAll, describe } from 'vitest';
import { adamwCases } from '../selfcheck/cases/optimizer';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('adamw', () => describeCases(adamwCases, kernelContext));
