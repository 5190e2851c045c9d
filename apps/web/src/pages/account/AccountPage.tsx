import { useState } from 'react';
import { useSession, useSignedIn } from '../../session/session';
import { Badge, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { ChangePasswordForm } from './ChangePasswordForm';
import { durationWords } from './duration-words';

/** Who is signed in, the workspaces they belong to (switchable) and their password. */
export default function AccountPage() {
  const session = useSignedIn();
  const { switchWorkspace } = useSession();
  const [switching, setSwitching] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const switchTo = (workspaceId: string) => {
    setSwitching(workspaceId);
    setError(null);
    switchWorkspace(workspaceId).then(
      () => setSwitching(null),
      (failure: unknown) => {
        setSwitching(null);
        setError(failure);
      },
    );
  };

  return (
    <>
      <PageHeader title="Account">
        <p>
          Signed in as <strong>{session.user.email}</strong>. This session ends at{' '}
          <Time iso={session.expiresAt} />, or after {durationWords(session.idleTimeoutSeconds)} without use.
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="workspaces-heading">
        <h2 id="workspaces-heading">Workspaces</h2>
        <p className="hint">
          Each workspace has its own leads, campaigns, mailboxes and keys. Owners manage API keys; members use
          everything else.
        </p>
        <ul className="workspace-list">
          {session.workspaces.map((workspace) => {
            const current = workspace.id === session.workspace.id;
            return (
              <li key={workspace.id} aria-current={current ? 'true' : undefined}>
                <span>
                  <strong>{workspace.name}</strong> <Badge tone="info">{workspace.role}</Badge>
                  {current && ' (the one you are in)'}
                </span>
                {!current && (
                  <button type="button" onClick={() => switchTo(workspace.id)} disabled={switching !== null}>
                    {switching === workspace.id ? 'Switching…' : `Switch to ${workspace.name}`}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        <ProblemMessage error={error} />
      </section>
      <ChangePasswordForm />
    </>
  );
}
