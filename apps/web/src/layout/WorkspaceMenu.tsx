import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession, useSignedIn } from '../session/session';
import { ProblemMessage } from '../ui/ProblemMessage';

/** Who is signed in, which workspace the pages show (switchable), the account page and sign-out. */
export function WorkspaceMenu() {
  const session = useSignedIn();
  const { switchWorkspace, signOut } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const run = (action: () => Promise<void>, then?: string) => {
    setError(null);
    action().then(
      () => then && navigate(then),
      (failure: unknown) => setError(failure),
    );
  };
  return (
    <div className="workspace-menu">
      {session.workspaces.length > 1 ? (
        <label>
          <span className="visually-hidden">Workspace</span>
          <select
            value={session.workspace.id}
            onChange={(event) => run(() => switchWorkspace(event.target.value), '/')}
          >
            {session.workspaces.map((workspace) => (
              <option key={workspace.id} value={workspace.id}>
                {workspace.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="workspace-name">{session.workspace.name}</span>
      )}
      <Link to="/account">{session.user.email}</Link>
      <button type="button" onClick={() => run(signOut, '/sign-in')}>
        Sign out
      </button>
      <ProblemMessage error={error} />
    </div>
  );
}
