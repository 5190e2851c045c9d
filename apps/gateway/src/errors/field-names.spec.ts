import { restFieldName, validationViolations } from './field-names';

describe('REST field names', () => {
  it.each([
    ['client.email', 'body.email'],
    ['client.first_name', 'body.firstName'],
    ['client.source_url', 'body.sourceUrl'],
    ['client.tags[3]', 'body.tags[3]'],
    ['client.custom_fields.plan_name', 'body.customFields.plan_name'],
    ['update_mask.paths[0]', 'body'],
    ['page_size', 'query.limit'],
    ['page_token', 'query.cursor'],
    ['filter.verification_statuses[1]', 'query.status'],
    ['filter.query', 'query.q'],
    ['filter.tag', 'query.tag'],
    ['something_else', 'something_else'],
    ['campaign.name', 'body.name'],
    ['campaign.mailbox_ids[2]', 'body.mailboxIds[2]'],
    ['campaign.schedule.time_zone', 'body.schedule.timeZone'],
    ['campaign.schedule.window_start.hour', 'body.schedule.windowStart'],
    ['campaign.target_criteria.verification_statuses[0]', 'body.targetCriteria.verificationStatuses[0]'],
    ['step.subject_template', 'body.subject'],
    ['step.text_body_template', 'body.textBody'],
    ['step.delay', 'body.delayMinutes'],
    ['steps[3].htmlBody', 'body.htmlBody'],
    ['mailbox.from_address', 'body.fromAddress'],
    ['mailbox.smtp_url', 'body.smtpUrl'],
    ['filter.statuses[1]', 'query.status'],
    ['filter.to_address', 'query.to'],
    ['filter.campaign_id', 'query.campaignId'],
    ['campaign_id', 'params.id'],
  ])('names the service field %s as %s', (field, name) => {
    expect(restFieldName(field)).toBe(name);
  });

  it('turns Ajv errors into one violation per field', () => {
    const violations = validationViolations(
      [
        {
          instancePath: '',
          keyword: 'required',
          params: { missingProperty: 'email' },
          message: "must have required property 'email'",
        },
        {
          instancePath: '',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'colour' },
          message: 'must NOT have additional properties',
        },
        {
          instancePath: '/tags/2',
          keyword: 'maxLength',
          params: {},
          message: 'must NOT have more than 64 characters',
        },
        {
          instancePath: '/customFields',
          keyword: 'pattern',
          params: {},
          message: 'must match pattern',
          propertyName: 'a b',
        },
        {
          instancePath: '/customFields',
          keyword: 'propertyNames',
          params: { propertyName: 'a b' },
          message: 'property name must be valid',
        },
        { instancePath: '/a~1b', keyword: 'type', params: {}, message: 'must be string' },
      ],
      'body',
    );
    expect(violations).toEqual([
      { field: 'body.email', message: 'is required' },
      { field: 'body.colour', message: 'is not a known field' },
      { field: 'body.tags[2]', message: 'must NOT have more than 64 characters' },
      {
        field: 'body.customFields.a b',
        message: expect.stringContaining('must start with a letter or underscore'),
      },
      { field: 'body.a/b', message: 'must be string' },
    ]);
    expect(
      validationViolations(
        [{ instancePath: '/limit', keyword: 'maximum', params: {}, message: 'must be <= 500' }],
        'querystring',
      ),
    ).toEqual([{ field: 'query.limit', message: 'must be <= 500' }]);
  });
});
