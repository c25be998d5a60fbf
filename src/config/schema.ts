import { z } from 'zod';

/**
 * ONE schema for every knob of an experiment. Every field carries a one-line description (the UI shows it
 * on hover). Values come from a preset (presets.ts); the URL carries only the differences (url.ts).
 */

/** The problem families of the math world (src/world/families implements one generator per id). */
export const FAMILY_IDS = ['add', 'mul', 'digsum', 'story', 'powmod', 'count', 'frac'] as const;
export type FamilyId = (typeof FAMILY_IDS)[number];

/** Every family has difficulty levels 1..DIFFICULTY_LEVELS. */
export const DIFFICULTY_LEVELS = 3;

/** The longest sequence the world writes (question + method + response + sandbox output), in tokens. */
export const WORLD_MAX_SEQUENCE_LENGTH = 96;

export const REFERENCE_MODES = ['posterior', 'softmax', 'hardmax'] as const;
export type ReferenceMode = (typeof REFERENCE_MODES)[number];

const int = (min: number, max: number, description: string) => z.int().min(min).max(max).describe(description);
const share = (description: string) => z.number().min(0).max(1).describe(description);
const positive = (max: number, description: string) => z.number().gt(0).max(max).describe(description);

function perFamily<T extends z.ZodType>(entry: (family: FamilyId) => T) {
  const shape = {} as Record<FamilyId, T>;
  for (const family of FAMILY_IDS) shape[family] = entry(family);
  return z.strictObject(shape);
}

const familyWorldSchema = (family: FamilyId) =>
  z
    .strictObject({
      enabled: z.boolean().describe(`Include the ${family} family in every split`),
      minLevel: int(1, DIFFICULTY_LEVELS, `Easiest difficulty level of ${family} problems`),
      maxLevel: int(1, DIFFICULTY_LEVELS, `Hardest difficulty level of ${family} problems (levels are drawn uniformly)`),
    })
    .describe(`The ${family} family`);

const worldSchema = z
  .strictObject({
    seed: int(0, 2 ** 31 - 1, 'Seed of the problems and of the split into warm-start, query and test sets'),
    families: perFamily(familyWorldSchema).describe('Which problem families are in play, and how hard'),
    warmStartPerFamily: int(1, 100_000, 'Questions per family with demonstrations, for the warm start'),
    queryPerFamily: int(1, 10_000, 'Questions per family in the public query set (gold answers only) that EM learns from'),
    testPerFamily: int(1, 10_000, 'Held-out questions per family for evaluation'),
  })
  .describe('The synthetic math world');

const modelSchema = z
  .strictObject({
    contextLength: int(WORLD_MAX_SEQUENCE_LENGTH, 1024, `Longest sequence in tokens (at least ${WORLD_MAX_SEQUENCE_LENGTH}, the world's longest)`),
    layers: int(1, 24, 'Transformer blocks'),
    heads: int(1, 32, 'Attention heads per block (must divide the width)'),
    width: int(8, 2048, 'Channels per token (embedding width)'),
  })
  .describe('The character-level GPT');

const familyMixtureSchema = (family: FamilyId) =>
  z
    .strictObject({
      weight: z.number().min(0).max(100).describe(`Relative share of ${family} among warm-start examples`),
      codeHabit: share(`Share of ${family} habit examples that pick <code> (sets the initial prior)`),
      codeCoverage: share(`Share of ${family} ability demonstrations written as code (the rest are CoT)`),
    })
    .describe(`Warm-start mixture for ${family}`);

export const WARM_START_SOURCES = ['shipped', 'scratch'] as const;

const warmStartSchema = z
  .strictObject({
    source: z
      .enum(WARM_START_SOURCES)
      .describe("shipped: start from the checkpoint shipped with the app (needs this preset's world and model); scratch: train it now with the knobs below"),
    steps: int(0, 1_000_000, 'Optimiser steps of the warm start'),
    batchSize: int(1, 4096, 'Sequences per warm-start step'),
    lr: positive(1, 'Peak learning rate of AdamW in the warm start'),
    weightDecay: z.number().min(0).max(1).describe('AdamW weight decay on matrices'),
    warmupSteps: int(0, 100_000, 'Steps of linear learning-rate warm-up'),
    habitShare: share('Share of examples that are habits (question + method token, loss on that token only)'),
    mixture: perFamily(familyMixtureSchema).describe('Per family: weight, habit towards code, code coverage of abilities'),
  })
  .describe('Warm start: fine-tuning on demonstrations before EM');

const eStepSchema = z
  .strictObject({
    rollouts: int(1, 64, 'K: rollouts sampled per query and method'),
    queriesPerIteration: int(1, 100_000, 'Queries drawn from the query set per EM iteration'),
    temperature: z.number().min(0).max(5).describe('Sampling temperature of rollouts (0 = greedy)'),
    topK: int(0, 1024, 'Sample among the K most likely tokens (0 = all)'),
    reference: z.enum(REFERENCE_MODES).describe('Reference strategy: posterior, softmax (sharpened by alpha) or hardmax'),
    alpha: z.number().min(0).max(1000).describe('Sharpness of the softmax reference: s ∝ exp(alpha · π(c|x) · Q(x,c))'),
    codeCost: z.number().min(0).max(1).describe("Subtracted from code's estimated success before the reference (prefers CoT)"),
  })
  .describe('E-step: self-exploration and the reference strategy');

const mStepSchema = z
  .strictObject({
    epochs: int(1, 100, 'Passes over the synthesised data per iteration'),
    lr: positive(1, 'Learning rate of the M-step'),
    clipEpsilon: z.number().min(0).max(1).describe('PPO clip range ε of the importance ratio'),
    methodLossWeight: z.number().min(0).max(100).describe('Weight of the method cross-entropy L_method'),
    solutionLossWeight: z.number().min(0).max(100).describe('Weight of the clipped solution loss L_solution'),
    batchSize: int(1, 4096, 'Sequences per M-step batch'),
  })
  .describe('M-step: off-policy RL on the synthesised data');

const armsSchema = z
  .strictObject({
    em: z.boolean().describe('AutoCode: EM with the reference strategy (explore both methods, then off-policy RL)'),
    standardRl: z.boolean().describe('Baseline: plain RL on the method and solution, no EM structure'),
    sft: z.boolean().describe('Baseline: the warm-start model as it is (instruction-driven SFT), choosing its own method'),
    forcedCot: z.boolean().describe('Evaluate the warm-start model with <cot> forced'),
    forcedCode: z.boolean().describe('Evaluate the warm-start model with <code> forced'),
  })
  .describe('Which arms of the experiment to run');

const sandboxSchema = z
  .strictObject({
    timeoutMs: int(10, 60_000, 'Wall-time limit of one program run, in ms'),
    maxOutputBytes: int(16, 1_000_000, 'Cap on stdout and stderr of one run, in bytes'),
    recursionLimit: int(20, 10_000, 'Python recursion limit'),
    outputChars: int(4, 32, 'Characters of output placed between <out> and </out> (longer output is cut)'),
  })
  .describe('The Python sandbox');

export const configSchema = z
  .strictObject({
    seed: int(0, 2 ** 31 - 1, 'Seed of initialisation, sampling and batching'),
    iterations: int(0, 1000, 'EM (and baseline) iterations after the warm start'),
    world: worldSchema,
    model: modelSchema,
    warmStart: warmStartSchema,
    eStep: eStepSchema,
    mStep: mStepSchema,
    arms: armsSchema,
    sandbox: sandboxSchema,
  })
  .superRefine((config, ctx) => {
    // Relations between fields, reported on the field a person would change.
    if (config.model.width % config.model.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['model', 'heads'], message: `must divide model.width (${config.model.width})` });
    }
    const enabled = FAMILY_IDS.filter((family) => config.world.families[family].enabled);
    if (enabled.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['world', 'families'], message: 'enable at least one family' });
    }
    for (const family of FAMILY_IDS) {
      const { minLevel, maxLevel } = config.world.families[family];
      if (minLevel > maxLevel) {
        ctx.addIssue({ code: 'custom', path: ['world', 'families', family, 'maxLevel'], message: `must be at least minLevel (${minLevel})` });
      }
    }
    if (enabled.length > 0 && enabled.every((family) => config.warmStart.mixture[family].weight === 0)) {
      ctx.addIssue({ code: 'custom', path: ['warmStart', 'mixture'], message: 'an enabled family needs a positive weight' });
    }
  })
  .describe('An AutoCode playground experiment');

export type ExperimentConfig = z.infer<typeof configSchema>;
export type WorldConfig = ExperimentConfig['world'];
export type ModelKnobs = ExperimentConfig['model'];
export type WarmStartConfig = ExperimentConfig['warmStart'];
export type EStepConfig = ExperimentConfig['eStep'];
export type MStepConfig = ExperimentConfig['mStep'];
export type ArmsConfig = ExperimentConfig['arms'];
export type SandboxConfig = ExperimentConfig['sandbox'];
export type FamilyMixture = WarmStartConfig['mixture'][FamilyId];
