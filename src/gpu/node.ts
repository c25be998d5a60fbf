/** The Node host: Dawn through the `webgpu` package. Never imported by browser code. */
import { create, globals } from 'webgpu';
import { createGpuContext, type GpuContext } from './context';

let installed = false;
// Dawn's instance must outlive every device made from it: if it is garbage-collected the process crashes
// (segfaults, futex errors) at the next GC after the context was created. Module scope keeps it alive.
const instances: GPU[] = [];

export async function createNodeGpuContext(): Promise<GpuContext> {
  if (!installed) {
    Object.assign(globalThis, globals);
    installed = true;
  }
  const instance = create([]) as GPU;
  instances.push(instance);
  return createGpuContext(instance, 'node');
}
