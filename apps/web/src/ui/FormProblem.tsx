import { ApiError } from '../api/problem';
import { ProblemMessage } from './ProblemMessage';

/**
 * A form's general message: when every field the API named is shown beside its input, a short line
 * pointing there (the API's detail would only repeat them, with their wire names); otherwise the
 * whole problem, as ProblemMessage shows it.
 */
export function FormProblem({
  error,
  claimed,
  what,
}: {
  error: unknown;
  claimed: readonly string[];
  /** What did not happen, e.g. "The scrape was not started". */
  what: string;
}) {
  const fieldsOnly =
    error instanceof ApiError &&
    (error.problem.errors?.length ?? 0) > 0 &&
    error.otherFieldErrors(claimed).length === 0;
  if (!fieldsOnly) return <ProblemMessage error={error} claimed={claimed} />;
  return (
    <div className="problem" role="alert">
      <p>{what}: correct the fields marked below.</p>
    </div>
  );
}
