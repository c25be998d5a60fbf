/**
 * The one object every layer above gpu/ receives: a device plus what we learnt about its adapter.
 * Hosts (browser page, browser worker, Node through Dawn) build it with `createGpuContext`.
 */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for software adapters (SwiftShader) where the ranking of kernel variants differs. */
  isFallback: boolean;
}

export interface DeviceLostEvent {
  reason: string;
  message: string;
}

export interface GpuContext {
  device: GPUDevice;
  adapter: AdapterDescription;
  limits: GPUSupportedLimits;
  hasTimestampQuery: boolean;
  /** Registers a listener for device loss; returns an unsubscribe function. */
  onDeviceLost(listener: (event: DeviceLostEvent) => void): () => void;
}

/** One line naming an adapter, as reports and the shipped warm start's metadata record it. */
export function adapterLabel(adapter: AdapterDescription): string {
  return `${adapter.vendor} ${adapter.description}${adapter.isFallback ? ' (software)' : ''}`.trim();
}

/** Raised when WebGPU cannot be used at all; `message` tells a person what to enable. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

function describeAdapter(adapter: GPUAdapter): AdapterDescription {
  const info = adapter.info;
  const isFallback =
    Boolean((info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter) ||
    Boolean((adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter) ||
    /swiftshader|llvmpipe|lavapipe|software/i.test(`${info.vendor} ${info.architecture} ${info.description} ${info.device}`);
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallback,
  };
}

/** Requests an adapter and a device with the adapter's full limits; works with `navigator.gpu` and Dawn's `GPU` alike. */
export async function createGpuContext(gpu: GPU | undefined, hostHint: string): Promise<GpuContext> {
  if (!gpu) throw new WebGpuUnavailableError(`WebGPU is not available in this ${hostHint}. ${enableHint(hostHint)}`);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError(`No WebGPU adapter was found in this ${hostHint}. ${enableHint(hostHint)}`);
  const hasTimestampQuery = adapter.features.has('timestamp-query');
  const requiredLimits: Record<string, number> = {};
  for (const key of [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupStorageSize',
    'maxComputeInvocationsPerWorkgroup',
    'maxComputeWorkgroupSizeX',
    'maxComputeWorkgroupSizeY',
    'maxStorageBuffersPerShaderStage',
    'maxComputeWorkgroupsPerDimension',
  ] as const) {
    requiredLimits[key] = adapter.limits[key];
  }
  const device = await adapter.requestDevice({
    requiredFeatures: hasTimestampQuery ? ['timestamp-query'] : [],
    requiredLimits,
  });
  const listeners = new Set<(event: DeviceLostEvent) => void>();
  void device.lost.then((info) => {
    const event = { reason: String(info.reason), message: info.message };
    for (const listener of listeners) listener(event);
  });
  return {
    device,
    adapter: describeAdapter(adapter),
    limits: device.limits,
    hasTimestampQuery,
    onDeviceLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function enableHint(hostHint: string): string {
  if (hostHint === 'node') return 'Install libvulkan1 and point VK_ICD_FILENAMES at a Vulkan driver (Debian chromium ships /usr/lib/chromium/vk_swiftshader_icd.json).';
  return 'Use a recent Chrome or Edge (113+) over https or localhost; on Linux start it with --enable-unsafe-webgpu (and --enable-features=Vulkan), or enable chrome://flags/#enable-unsafe-webgpu.';
}
