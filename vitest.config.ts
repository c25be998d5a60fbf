import { defineConfig } from 'vitest/config';

// Dawn (the `webgpu` package) finds SwiftShader through the ICD file that Debian's chromium ships.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts'],
    environment: 'node',
    // Dawn's adapter must be requested from a process, not a worker thread (shared/DESIGN.md).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD },
  },
});
