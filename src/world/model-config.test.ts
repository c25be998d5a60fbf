import { describe, expect, it } from 'vitest';
import { getPreset, PRESET_NAMES } from '../config/presets';
import { validateModelConfig } from '../nn/config';
import { modelConfigFor } from './model-config';
import { VOCAB_SIZE } from './tokenizer';

describe('model config for the world', () => {
  it('adds the tokenizer vocabulary to each preset and passes the GPT validation', () => {
    for (const name of PRESET_NAMES) {
      const config = modelConfigFor(getPreset(name).model);
      expect(config).toEqual({ vocabSize: VOCAB_SIZE, ...getPreset(name).model });
      expect(() => validateModelConfig(config)).not.toThrow();
    }
  });
});
