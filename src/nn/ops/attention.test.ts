import { beforeAll, describe } from 'vitest';
import { attentionCases } from '../selfcheck/cases/attention';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('attention', () => describeCases(attentionCases, kernelContext));
