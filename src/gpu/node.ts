/** The Node host: Dawn through the `webgpu` package. Never imported by browser code. */
import { create, globals } from 'webgpu';
import { createGpuContext, type GpuContext } from './context';

let installed = false;

export async function createNodeGpuContext(): Promise<GpuContext> {
  if (!installed) {
    Object.assign(globalThis, globals);
    installed = true;
  }
  return createGpuContext(create([]) as GPU, 'node');
}
