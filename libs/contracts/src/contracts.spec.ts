import {
  AnalyticsService,
  CampaignService,
  ClientService,
  EmailService,
  file_coldreach_events_v1_events,
  ScraperService,
} from './index';

const services = [ClientService, CampaignService, EmailService, ScraperService, AnalyticsService];

describe('contracts', () => {
  it('scopes every RPC to a workspace (tenancy is part of the contract)', () => {
    // Unsubscribe and the open and click tracking are answered from signed links in an email, which
    // carry no workspace (the verified token names it).
    const unscoped = services.flatMap((service) =>
      service.methods
        .filter((method) => !method.input.fields.some((field) => field.name === 'workspace_id'))
        .map((method) => `${service.typeName}.${method.name}`),
    );
    expect(unscoped).toEqual([
      'coldreach.email.v1.EmailService.Unsubscribe',
      'coldreach.email.v1.EmailService.RecordOpen',
      'coldreach.email.v1.EmailService.RecordClick',
    ]);
  });

  it('names the calls the guide and the issues rely on', () => {
    const names = (service: (typeof services)[number]) => service.methods.map((method) => method.name);
    expect(names(ClientService)).toEqual(
      expect.arrayContaining([
        'CreateClient',
        'GetClient',
        'BatchGetClients',
        'ListClients',
        'UpdateClient',
        'DeleteClient',
        'UpsertClients',
      ]),
    );
    expect(names(CampaignService)).toEqual(
      expect.arrayContaining(['CreateTask', 'GetTask', 'LaunchCampaign']),
    );
  });

  it('has one event envelope carrying id, type, workspace, time and payload', () => {
    const envelope = file_coldreach_events_v1_events.messages.find((m) => m.name === 'EventEnvelope');
    expect(envelope?.fields.map((field) => field.name)).toEqual(
      expect.arrayContaining(['event_id', 'type', 'workspace_id', 'occurred_at', 'payload']),
    );
  });
});
