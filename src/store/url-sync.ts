/** Keeps the address bar equal to the config: only differences from the preset, plus seed and schema version. */
import { encodeConfig } from '../config';
import { useConfigStore } from './config-store';

export function startUrlSync(): () => void {
  return useConfigStore.subscribe((state, previous) => {
    if (!state.config || (state.config === previous.config && state.preset === previous.preset)) return;
    const autorun = new URLSearchParams(location.search).get('autorun');
    const query = encodeConfig(state.config, state.preset) + (autorun ? `&autorun=${autorun}` : '');
    if (`?${query}` !== location.search) history.replaceState(null, '', `${location.pathname}?${query}`);
  });
}

export function autorunRequested(): boolean {
  return new URLSearchParams(location.search).get('autorun') === '1';
}
