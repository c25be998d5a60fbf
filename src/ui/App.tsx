import { useEffect, useState } from 'react';
import { startPage } from '../store/page-start';
import { autorunRequested } from '../store/url-sync';
import { BeliefArmPicker } from './BeliefArmPicker';
import { ArmCurves } from './charts/ArmCurves';
import { BeliefHeatmap } from './charts/BeliefHeatmap';
import { BeliefTrajectories } from './charts/BeliefTrajectories';
import { QScatter } from './charts/QScatter';
import { ConfigForm } from './config/ConfigForm';
import { LinkMessages } from './config/LinkMessages';
import { ShareLinks } from './config/ShareLinks';
import { RolloutInspector } from './inspector/RolloutInspector';
import { DevicePanel } from './run/DevicePanel';
import { PhaseProgress } from './run/PhaseProgress';
import { RunControls } from './run/RunControls';
import { RunFiles } from './runs/RunFiles';
import { RunList } from './runs/RunList';

export function App() {
  // A demo link (autorun=1) gives the device to the run; the self-check is then one click away.
  const [autoSelfCheck] = useState(() => !autorunRequested());
  useEffect(() => {
    void startPage();
  }, []);
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>AutoCode Playground</h1>
          <p className="tagline">
            A small GPT learns, by Expectation-Maximization, when to answer a math problem by chain of thought and when to write Python. Watch every problem's belief b(x) = π(code|x) move.
          </p>
        </div>
        <ShareLinks />
      </header>
      <LinkMessages />
      <div className="layout">
        <aside className="sidebar">
          <ConfigForm />
        </aside>
        <main className="content">
          <div className="run-row">
            <RunControls />
            <PhaseProgress />
          </div>
          <DevicePanel autoSelfCheck={autoSelfCheck} />
          <section aria-label="Beliefs" className="charts">
            <h2>Beliefs</h2>
            <BeliefArmPicker />
            <BeliefHeatmap />
            <div className="chart-grid">
              <BeliefTrajectories />
              <QScatter />
            </div>
          </section>
          <section aria-label="Curves" className="charts">
            <h2>Per-arm curves</h2>
            <div className="chart-grid">
              <ArmCurves />
            </div>
          </section>
          <RolloutInspector />
          <div className="run-row">
            <RunFiles />
          </div>
          <RunList />
        </main>
      </div>
    </div>
  );
}
