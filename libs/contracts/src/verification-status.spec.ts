import { VerificationStatus } from './index';
import {
  verificationStatusName,
  verificationStatusNames,
  verificationStatusToProto,
} from './verification-status';

describe('verification status names', () => {
  it('are the proto enum names in lower case, in its order, without UNSPECIFIED', () => {
    expect(verificationStatusNames).toEqual(['unverified', 'valid', 'risky', 'invalid', 'unknown']);
  });

  it.each([
    ['unverified', VerificationStatus.UNVERIFIED],
    ['valid', VerificationStatus.VALID],
    ['risky', VerificationStatus.RISKY],
    ['invalid', VerificationStatus.INVALID],
    ['unknown', VerificationStatus.UNKNOWN],
  ] as const)('map %s to and from its proto value', (name, status) => {
    expect(verificationStatusToProto(name)).toBe(status);
    expect(verificationStatusName(status)).toBe(name);
  });

  it('name no status for UNSPECIFIED or a value this build does not know', () => {
    expect(verificationStatusName(VerificationStatus.UNSPECIFIED)).toBeUndefined();
    expect(verificationStatusName(99 as VerificationStatus)).toBeUndefined();
  });
});
