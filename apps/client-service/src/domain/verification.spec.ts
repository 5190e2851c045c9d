import type { Client } from './client';
import { hardBounceVerification } from './hard-bounce';
import { applyVerifications, verificationOutcome, type VerificationDraft } from './verification';

const workspaceId = '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01';
const clientId = '5f0c5a4e-8d2b-8c3e-9a41-2b7f0e6d1c22';
const day = (n: number) => new Date(Date.UTC(2026, 11, n));

function client(checkedOn?: number): Client {
  return {
    id: clientId,
    workspaceId,
    email: 'jane@acme.example',
    firstName: '',
    lastName: '',
    company: '',
    title: '',
    phone: '',
    website: '',
    sourceUrl: '',
    collectedAt: null,
    verificationStatus: checkedOn ? 'risky' : 'unverified',
    verification: checkedOn
      ? {
          status: 'risky',
          verdict: 'risky',
          reasons: [],
          mxHost: '',
          checkedAt: day(checkedOn),
          fromCache: false,
        }
      : null,
    tags: [],
    customFields: {},
    createTime: day(1),
    updateTime: day(1),
  };
}

function draft(checkedOn: number, fields: Partial<VerificationDraft> = {}): VerificationDraft {
  return {
    workspaceId,
    clientId,
    email: 'jane@acme.example',
    verification: {
      status: 'valid',
      verdict: 'safe',
      reasons: [],
      mxHost: '',
      checkedAt: day(checkedOn),
      fromCache: false,
    },
    ...fields,
  };
}

/** A client whose recorded result is a hard bounce. */
function bounced(bouncedOn: number): Client {
  const verification = hardBounceVerification(550, '5.1.1 user unknown', day(bouncedOn));
  return { ...client(), verificationStatus: 'invalid', verification };
}

/** A hard bounce to record (as from email.events: the lead's own address). */
function bounce(bouncedOn: number): VerificationDraft {
  return draft(bouncedOn, { email: null, verification: hardBounceVerification(551, '', day(bouncedOn)) });
}

describe('verificationOutcome', () => {
  it.each([
    ['never checked', client(), draft(2), 'recorded'],
    ['checked before', client(2), draft(3), 'recorded'],
    ['checked at the same time (a redelivery)', client(3), draft(3), 'stale'],
    ['checked later', client(4), draft(3), 'stale'],
    ['another address', client(), draft(2, { email: 'other@acme.example' }), 'stale'],
    ["the lead's own address (a bounce naming none)", client(), draft(2, { email: null }), 'recorded'],
    ['a bounce recorded, a later check', bounced(2), draft(3), 'stale'],
    [
      'a bounce recorded, a later check also invalid',
      bounced(2),
      draft(3, { verification: { ...draft(3).verification, status: 'invalid', verdict: 'invalid' } }),
      'stale',
    ],
    ['a bounce recorded, a later bounce', bounced(2), bounce(3), 'recorded'],
    ['a bounce recorded, the same bounce again', bounced(3), bounce(3), 'stale'],
    ['a bounce recorded, an older bounce', bounced(3), bounce(2), 'stale'],
    ['a check recorded, an older bounce', client(3), bounce(2), 'recorded'],
    ['never checked, a bounce', client(), bounce(2), 'recorded'],
    ['no such client', undefined, draft(2), 'not_found'],
    [
      'another workspace',
      client(),
      draft(2, { workspaceId: '7e1d2c3b-0000-4000-8000-000000000000' }),
      'not_found',
    ],
  ] as const)('%s → %s', (_name, current, given, outcome) => {
    expect(verificationOutcome(current, given)).toBe(outcome);
  });
});

describe('applyVerifications', () => {
  it('applies results in order, each seeing the one before, with the status each replaced', () => {
    const now = day(10);
    const { outcomes, changed, recorded } = applyVerifications(
      new Map([[clientId, client()]]),
      [draft(3), draft(2), draft(4, { verification: { ...draft(4).verification, status: 'invalid' } })],
      now,
    );
    expect(outcomes).toEqual(['recorded', 'stale', 'recorded']);
    expect(changed.get(clientId)).toMatchObject({ verificationStatus: 'invalid', updateTime: now });
    expect(recorded.map((each) => each.previousStatus)).toEqual(['unverified', 'valid']);
  });
});
