import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import { unstorableTextProblem, type FieldViolation } from '@coldreach/errors';
import { isUuid } from './client-id';
import type { VerificationStatusName } from './client';
import type { Verification } from './verification';

/** A RecordVerifications item as the caller gave it, before validation. */
export interface VerificationRecordInput {
  clientId: string;
  email: string;
  verification:
    | {
        /** undefined: unspecified. */
        status: string | undefined;
        verdict: string;
        reasons: string[];
        mxHost: string;
        checkedAt: Date | null;
        fromCache: boolean;
      }
    | undefined;
}

export const verificationLimits = { records: 1000, verdict: 32, reasons: 50, reason: 500, mxHost: 255 };

// A result states what the check found; "unverified" is what a lead is before any.
const resultStatuses: readonly VerificationStatusName[] = ['valid', 'risky', 'invalid', 'unknown'];

/**
 * Normalises each record and lists every problem as `records[i].<field>`, so one call names all of
 * them; the caller writes nothing when there is any.
 */
export function validateVerificationRecords(records: readonly VerificationRecordInput[]): {
  values: { clientId: string; email: string; verification: Verification }[];
  violations: FieldViolation[];
} {
  const violations: FieldViolation[] = [];
  const values = records.map((record, index) => {
    const report = (field: string, message: string) =>
      violations.push({ field: `records[${index}].${field}`, message });
    if (!isUuid(record.clientId)) report('client_id', 'must be a UUID');
    const email = normaliseEmail(record.email);
    const problem = emailProblem(email);
    if (problem) report('email', problem);
    const verification = validVerification(record.verification, (field, message) =>
      report(`verification${field}`, message),
    );
    return { clientId: record.clientId.toLowerCase(), email, verification };
  });
  return { values, violations };
}

function validVerification(
  given: VerificationRecordInput['verification'],
  report: (field: string, message: string) => void,
): Verification {
  if (!given) {
    report('', 'is required');
    return {
      status: 'unknown',
      verdict: '',
      reasons: [],
      mxHost: '',
      checkedAt: new Date(0),
      fromCache: false,
    };
  }
  const status = resultStatuses.find((name) => name === given.status);
  if (given.status === undefined) report('.status', 'is required');
  else if (!status) report('.status', `must be one of ${resultStatuses.join(', ')}`);
  const checkedAt = given.checkedAt ?? new Date(Number.NaN);
  if (Number.isNaN(checkedAt.getTime()) || checkedAt.getTime() < 0)
    report('.checked_at', 'is required: a valid time after 1970');
  const verdict = given.verdict.trim();
  const mxHost = given.mxHost.trim();
  textProblems(verdict, verificationLimits.verdict, '.verdict', report);
  textProblems(mxHost, verificationLimits.mxHost, '.mx_host', report);
  if (given.reasons.length > verificationLimits.reasons)
    report('.reasons', `must hold at most ${verificationLimits.reasons} reasons`);
  given.reasons.forEach((reason, index) =>
    textProblems(reason, verificationLimits.reason, `.reasons[${index}]`, report),
  );
  return {
    status: status ?? 'unknown',
    verdict,
    reasons: [...given.reasons],
    mxHost,
    checkedAt,
    fromCache: given.fromCache,
  };
}

function textProblems(
  text: string,
  max: number,
  field: string,
  report: (field: string, message: string) => void,
): void {
  const problem = text.length > max ? `must be at most ${max} characters` : unstorableTextProblem(text);
  if (problem) report(field, problem);
}
