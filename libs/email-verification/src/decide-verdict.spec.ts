import { decideVerdict } from './decide-verdict';
import { leadStatusOfVerdict } from './verification-result';

describe('decideVerdict', () => {
  it.each([
    [['mx_found', 'smtp_probe_off'], 'safe', false],
    [['mx_found', 'free_provider', 'smtp_accepted'], 'safe', false],
    [['mx_found', 'smtp_accepted', 'catch_all_not_probed: large provider'], 'safe', false],
    [['syntax: must be a valid email address'], 'invalid', false],
    [['domain_not_found'], 'invalid', false],
    [['null_mx'], 'invalid', false],
    [['mx_refused_address: mx.example.test resolves to a loopback address'], 'invalid', false],
    [['mx_found', 'role_account', 'smtp_rejected: 550 5.1.1 no such user'], 'invalid', false],
    [['dns_failure: ESERVFAIL'], 'unknown', true],
    [['mx_found', 'smtp_temporary: 451 4.7.1 greylisted'], 'unknown', true],
    [['mx_found', 'smtp_timeout'], 'unknown', true],
    [['mx_found', 'disposable_domain', 'smtp_connection_refused'], 'unknown', true],
    [['mx_found', 'smtp_connection_dropped'], 'unknown', true],
    [['mx_found', 'smtp_session_refused: 554 5.7.1 blocked'], 'unknown', false],
    [['mx_found', 'disposable_domain', 'smtp_probe_off'], 'risky', false],
    [['mx_found', 'role_account', 'smtp_probe_off'], 'risky', false],
    [['quoted_local_part', 'mx_found', 'smtp_probe_off'], 'risky', false],
    [['mx_found', 'smtp_accepted', 'catch_all'], 'risky', false],
    [['mx_found', 'domain_facts_cached', 'smtp_accepted', 'catch_all_unknown: smtp_timeout'], 'risky', false],
  ])('%j → %s (retryable %s)', (reasons, verdict, retryable) => {
    expect(decideVerdict(reasons)).toEqual({ verdict, retryable });
  });
});

describe('leadStatusOfVerdict', () => {
  it.each([
    ['safe', 'valid'],
    ['risky', 'risky'],
    ['invalid', 'invalid'],
    ['unknown', 'unknown'],
  ] as const)('%s → %s', (verdict, status) => {
    expect(leadStatusOfVerdict(verdict)).toBe(status);
  });
});
