import { DomainError } from '@coldreach/errors';
import { defaultPageSize, encodePageToken, maxPageSize } from '@coldreach/paging';
import { validateListRequest, type ListRequestInput } from './list-request';

const workspace = '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01';
const position = {
  time: new Date('2024-05-01T10:00:00.123Z'),
  key: '8e6f4b8a-1c2d-8e3f-9a4b-5c6d7e8f9a0b',
};

function request(
  fields: Partial<ListRequestInput> = {},
  filter: Partial<ListRequestInput['filter']> = {},
): ListRequestInput {
  return {
    pageSize: 0,
    pageToken: '',
    ...fields,
    filter: { verificationStatuses: [], tag: '', company: '', query: '', ...filter },
  };
}

function fieldsRejected(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_argument');
    return (error as DomainError).violations.map((v) => v.field);
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('page tokens', () => {
  it('are refused when their key is not a client id', () => {
    const { fingerprint } = validateListRequest(workspace, request());
    const token = encodePageToken({ ...position, key: 'not-a-uuid' }, fingerprint);
    expect(fieldsRejected(() => validateListRequest(workspace, request({ pageToken: token })))).toEqual([
      'page_token',
    ]);
  });

  it('are refused with another filter or workspace', () => {
    const first = validateListRequest(workspace, request({}, { tag: 'vip' }));
    const token = encodePageToken(position, first.fingerprint);
    expect(validateListRequest(workspace, request({ pageToken: token }, { tag: 'vip' })).after).toEqual(
      position,
    );
    expect(
      fieldsRejected(() => validateListRequest(workspace, request({ pageToken: token }, { tag: 'other' }))),
    ).toEqual(['page_token']);
    const otherWorkspace = '5f0e3d6c-2b1a-4e9f-8c7d-6b5a4f3e2d10';
    expect(
      fieldsRejected(() =>
        validateListRequest(otherWorkspace, request({ pageToken: token }, { tag: 'vip' })),
      ),
    ).toEqual(['page_token']);
  });

  it('do not depend on status order or surrounding spaces in the filter', () => {
    const a = validateListRequest(
      workspace,
      request({}, { verificationStatuses: ['valid', 'risky'], company: ' Acme ' }),
    );
    const b = validateListRequest(
      workspace,
      request({}, { verificationStatuses: ['risky', 'valid', 'valid'], company: 'acme' }),
    );
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});

describe('validateListRequest', () => {
  it('defaults the page size and caps it', () => {
    expect(validateListRequest(workspace, request()).pageSize).toBe(defaultPageSize);
    expect(validateListRequest(workspace, request({ pageSize: 7 })).pageSize).toBe(7);
    expect(validateListRequest(workspace, request({ pageSize: 10_000 })).pageSize).toBe(maxPageSize);
  });

  it('names every bad part of the request', () => {
    expect(
      fieldsRejected(() =>
        validateListRequest(
          workspace,
          request(
            { pageSize: -1 },
            { verificationStatuses: ['valid', 'unspecified'], query: 'q'.repeat(201) },
          ),
        ),
      ),
    ).toEqual(['page_size', 'filter.verification_statuses[1]', 'filter.query']);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('refuses a NUL or a lone surrogate in a filter, naming it', () => {
    expect(
      fieldsRejected(() =>
        validateListRequest(workspace, request({}, { query: '\u0000', tag: 'a\ud800', company: '\u0000' })),
      ),
    ).toEqual(['filter.tag', 'filter.company', 'filter.query']);
  });
});
