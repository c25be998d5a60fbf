import { beforeAll, describe } from 'vitest';
import { crossentropyCases } from '../selfcheck/cases/crossentropy';
import { describeCases, setupKernelContext } from '../selfcheck/vitest-cases';

const kernelContext = setupKernelContext(beforeAll);
describe('crossentropy', () => describeCases(crossentropyCases, kernelContext));
