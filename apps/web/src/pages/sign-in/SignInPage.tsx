import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../session/session';
import { TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';

/** Email and password; back to the page that asked (?next=, same-origin paths only). */
export function SignInPage() {
  const { session, signIn, endedReason } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = 'Sign in · Cold Reach';
  }, []);

  if (session) {
    const next = params.get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(email, password).then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <main className="sign-in" id="main">
      <h1>Sign in to Cold Reach</h1>
      {endedReason && !error && (
        <p className="notice" role="status">
          {endedReason}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ProblemMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">
        First run? <code>npm start</code> printed the first user&apos;s email and password beside the API key.
      </p>
    </main>
  );
}
