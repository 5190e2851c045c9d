import { createImportReport, maxReasonKeys, reasonKey } from './csv-import-report';

describe('reasonKey', () => {
  it.each([
    ['email: is required', 'email: is required'],
    ['tags[3]: must not be empty', 'tags[]: must not be empty'],
    [
      'custom_fields.lead_score: must be at most 2000 characters',
      'custom_fields.<key>: must be at most 2000 characters',
    ],
    [
      'phone: must be a phone number; website: must be an http(s) URL or a domain name',
      'phone: must be a phone number',
    ],
    [
      'the Client service returned no outcome for this row',
      'the Client service returned no outcome for this row',
    ],
  ])('groups %j under %j', (reason, key) => {
    expect(reasonKey(reason)).toBe(key);
  });

  it('keeps keys short', () => {
    expect(reasonKey(`x: ${'y'.repeat(10_000)}`).length).toBeLessThanOrEqual(120);
  });
});

describe('createImportReport', () => {
  it('lists the first errors by row number, even when they arrive out of order, and counts every one', () => {
    const builder = createImportReport(3);
    for (let row = 1; row <= 10; row++) builder.nextRow();
    for (const row of [4, 9, 2, 10, 7, 1, 8]) builder.reject(row, 'email: is required');
    builder.reject(3, 'expected 2 columns as in the header, found 3', 'not as many columns as in the header');
    builder.created();
    builder.merged();
    expect(builder.finish()).toEqual({
      submitted: 10,
      accepted: 2,
      rejected: 8,
      created: 1,
      merged: 1,
      rejectedByReason: { 'email: is required': 7, 'not as many columns as in the header': 1 },
      errors: [
        { row: 1, reason: 'email: is required' },
        { row: 2, reason: 'email: is required' },
        { row: 3, reason: 'expected 2 columns as in the header, found 3' },
      ],
      errorsTruncated: true,
    });
  });

  it('says nothing was left out when every error is listed, and lists none with a cap of 0', () => {
    const all = createImportReport(2);
    all.reject(1, 'a');
    all.reject(2, 'b');
    expect(all.finish()).toMatchObject({ errors: [{ row: 1 }, { row: 2 }], errorsTruncated: false });
    const none = createImportReport(0);
    none.reject(1, 'a');
    expect(none.finish()).toMatchObject({ rejected: 1, errors: [], errorsTruncated: true });
  });

  it('holds at most twice the cap and a bounded set of reasons, however many rows are rejected', () => {
    const builder = createImportReport(100);
    for (let row = 1; row <= 200_000; row++) builder.reject(builder.nextRow(), `reason ${row}`);
    const report = builder.finish();
    expect(report.errors).toHaveLength(100);
    expect(report.errors.at(-1)).toEqual({ row: 100, reason: 'reason 100' });
    expect(Object.keys(report.rejectedByReason)).toHaveLength(maxReasonKeys + 1);
    expect(report.rejectedByReason['other reasons']).toBe(200_000 - maxReasonKeys);
    expect(Object.values(report.rejectedByReason).reduce((a, b) => a + b)).toBe(report.rejected);
  });
});
