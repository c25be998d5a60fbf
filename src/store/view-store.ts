/** What a person picked to look at: the arm of the belief views, the problems traced, the inspected problem. */
import { create } from 'zustand';
import type { ArmName } from '../em/types';

interface ViewState {
  beliefArm: ArmName;
  selectedProblems: string[];
  inspectedProblem: string | null;
  /** Iteration of the Q^ scatter; null follows the latest. */
  scatterIteration: number | null;
  setBeliefArm(arm: ArmName): void;
  toggleProblem(id: string): void;
  inspect(id: string | null): void;
  setScatterIteration(iteration: number | null): void;
}

const MAX_TRACED = 8;

export const useViewStore = create<ViewState>((set, get) => ({
  beliefArm: 'em',
  selectedProblems: [],
  inspectedProblem: null,
  scatterIteration: null,
  setBeliefArm: (beliefArm) => set({ beliefArm }),
  toggleProblem(id) {
    const selected = get().selectedProblems;
    set({ selectedProblems: selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id].slice(-MAX_TRACED) });
  },
  inspect: (inspectedProblem) => set({ inspectedProblem }),
  setScatterIteration: (scatterIteration) => set({ scatterIteration }),
}));
