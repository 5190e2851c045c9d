import { VerificationStatus } from './gen/coldreach/clients/v1/clients_pb';

/**
 * How far an email address is known to be deliverable, by name: the proto enum's names in lower
 * case, as the Client service stores them and the REST API writes them. The enum is the one list.
 */
export type VerificationStatusName = Lowercase<Exclude<keyof typeof VerificationStatus, 'UNSPECIFIED'>>;

/** Every status name, in the proto enum's order. */
export const verificationStatusNames: readonly VerificationStatusName[] = Object.keys(VerificationStatus)
  .filter((key) => Number.isNaN(Number(key)) && key !== 'UNSPECIFIED')
  .map((key) => key.toLowerCase() as VerificationStatusName);

const toProto = new Map(
  verificationStatusNames.map((name) => [
    name,
    VerificationStatus[name.toUpperCase() as Uppercase<VerificationStatusName>],
  ]),
);
const fromProto = new Map([...toProto].map(([name, status]) => [status, name]));

/** The proto value of a status name. */
export function verificationStatusToProto(name: VerificationStatusName): VerificationStatus {
  return toProto.get(name) as VerificationStatus;
}

/** The name of a proto status; undefined for UNSPECIFIED and for a number outside the enum (a newer peer). */
export function verificationStatusName(status: VerificationStatus): VerificationStatusName | undefined {
  return fromProto.get(status);
}
