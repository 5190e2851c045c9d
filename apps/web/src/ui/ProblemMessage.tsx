import { ApiError } from '../api/problem';

/**
 * What went wrong, for a person: the API's problem detail and any field errors no form field shows
 * (`claimed` lists the fields the form shows beside their inputs). Announced to screen readers.
 */
export function ProblemMessage({ error, claimed = [] }: { error: unknown; claimed?: readonly string[] }) {
  if (!error) return null;
  const detail = error instanceof ApiError ? error.problem.detail : 'Something went wrong. Try again.';
  const others = error instanceof ApiError ? error.otherFieldErrors(claimed) : [];
  return (
    <div className="problem" role="alert">
      <p>{detail}</p>
      {others.length > 0 && (
        <ul>
          {others.map((entry) => (
            <li key={entry.field}>
              <code>{entry.field}</code>: {entry.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
