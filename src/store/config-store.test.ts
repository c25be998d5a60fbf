import { describe, expect, it } from 'vitest';
import { configQuery, INITIAL_PRESET, useConfigStore } from './config-store';

describe('the config store', () => {
  it('puts each problem beside its field and holds no config while any stands', () => {
    const store = useConfigStore.getState();
    store.setPreset('tiny');
    store.setField('iterations', '-4');
    expect(useConfigStore.getState().issues.iterations).toBe('must be between 0 and 1000');
    expect(useConfigStore.getState().config).toBeNull();
    store.setField('iterations', '2.5');
    expect(useConfigStore.getState().issues.iterations).toBe('must be a whole number');
    store.setField('iterations', '2');
    store.setField('model.heads', '3');
    expect(useConfigStore.getState().issues['model.heads']).toMatch(/must divide model.width/);
    store.setField('model.heads', '2');
    expect(useConfigStore.getState().issues).toEqual({});
    expect(useConfigStore.getState().config?.iterations).toBe(2);
  });

  it('starts from the initial preset without a link, and reads config keys only (not autorun)', () => {
    expect(INITIAL_PRESET).toBe('small');
    expect(configQuery('?preset=tiny&autorun=1&seed=4').toString()).toBe('preset=tiny&seed=4');
  });
});
