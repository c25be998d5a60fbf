import { useConfigStore } from '../../store/config-store';

/** What the opening link got wrong: each bad key with its message; the rest of the link applies. */
export function LinkMessages() {
  const messages = useConfigStore((s) => s.linkMessages);
  const dismiss = useConfigStore((s) => s.dismissLinkMessages);
  if (messages.length === 0) return null;
  return (
    <section role="alert" aria-label="Link problems" className="link-messages" data-testid="link-messages">
      <strong>Some values in this link were not used</strong> (the rest of the link applies):
      <ul>
        {messages.map((m) => (
          <li key={`${m.path}:${m.message}`}>
            <code>{m.path}</code>: {m.message}
          </li>
        ))}
      </ul>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </section>
  );
}
