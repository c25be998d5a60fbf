import { useState } from 'react';
import { configLink, useConfigStore } from '../../store/config-store';

/** Copy link (the config as a URL) and Copy demo link (the same, starting the run on load). */
export function ShareLinks() {
  const config = useConfigStore((s) => s.config);
  const preset = useConfigStore((s) => s.preset);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (autorun: boolean) => {
    const link = configLink({ config, preset }, autorun);
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(autorun ? 'Demo link copied' : 'Link copied');
    } catch {
      setCopied(`Copy this link: ${link}`);
    }
  };
  return (
    <div className="share" aria-label="Share">
      <button type="button" disabled={!config} onClick={() => void copy(false)} title="A link that opens this page with this config">
        Copy link
      </button>
      <button type="button" disabled={!config} onClick={() => void copy(true)} title="The same link with autorun=1: the run starts when the page opens">
        Copy demo link
      </button>
      {copied && (
        <span role="status" className="copied">
          {copied}
        </span>
      )}
    </div>
  );
}
