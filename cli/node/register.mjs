// `tsx --import ./cli/node/register.mjs cli/x.ts`: Vite's ?raw imports in Node, and Dawn's SwiftShader driver path.
import { register } from 'node:module';

register('./raw-hooks.mjs', import.meta.url);
process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
