import type { components } from '../../gen/api-schema';
import { Badge } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';

type Result = components['schemas']['MailboxTestResult'];

/** The answer of an SMTP or IMAP connection test: worked or not, what the server said, how long. */
export function TestResult({
  test,
  what,
}: {
  test: { isPending: boolean; data?: Result | undefined; error: unknown };
  what: 'SMTP' | 'IMAP';
}) {
  return (
    <div role="status" className="test-result">
      {test.isPending && <p className="hint">Connecting to the {what} server…</p>}
      {test.data && (
        <p>
          <Badge tone={test.data.ok ? 'good' : 'bad'}>
            {test.data.ok ? `${what} test passed` : `${what} test failed`}
          </Badge>{' '}
          {test.data.detail}
          {test.data.latencyMs > 0 && <span className="hint"> ({test.data.latencyMs} ms)</span>}
        </p>
      )}
      <ProblemMessage error={test.error} />
    </div>
  );
}
