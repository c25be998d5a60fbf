/** The browser host: navigator.gpu, in a page or a worker. */
import { createGpuContext, type GpuContext } from './context';

export function createBrowserGpuContext(): Promise<GpuContext> {
  const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
  return createGpuContext(gpu, 'browser');
}
