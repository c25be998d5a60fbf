/** Compiles each (shader, entry point, override constants) once per device. */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly modules = new Map<string, GPUShaderModule>();

  constructor(private readonly device: GPUDevice) {}

  get(shaderName: string, source: string, entryPoint: string, constants: Record<string, number> = {}): GPUComputePipeline {
    const constantKey = Object.keys(constants)
      .sort()
      .map((key) => `${key}=${constants[key]}`)
      .join(',');
    const key = `${shaderName}:${entryPoint}:${constantKey}`;
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    let module = this.modules.get(shaderName);
    if (!module) {
      module = this.device.createShaderModule({ label: shaderName, code: source });
      this.modules.set(shaderName, module);
    }
    const pipeline = this.device.createComputePipeline({
      label: `${shaderName}.${entryPoint}`,
      layout: 'auto',
      compute: { module, entryPoint, constants },
    });
    this.pipelines.set(key, pipeline);
    return pipeline;
  }

  get size(): number {
    return this.pipelines.size;
  }
}
