import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { FieldMaskSchema, durationFromMs } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { type CampaignInputSchema, CampaignStatus, eventTypes, Weekday } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/campaign-harness';

jest.setTimeout(60_000);

const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });
const minutes = (count: number) => durationFromMs(count * 60_000);

describe('CampaignService campaigns and steps (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api' });
  });
  afterAll(() => h?.stop());

  async function newCampaign(workspaceId: string, fields: MessageInitShape<typeof CampaignInputSchema> = {}) {
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Spring outreach', ...fields },
    });
    return campaign!;
  }

  it('creates a DRAFT campaign with defaults, and publishes CampaignCreated', async () => {
    const workspaceId = newWorkspace();
    const mailboxId = await h.createMailbox(workspaceId);
    const campaign = await newCampaign(workspaceId, {
      name: '  Spring outreach ',
      mailboxIds: [mailboxId],
      schedule: {
        days: [Weekday.MONDAY, Weekday.FRIDAY, Weekday.MONDAY],
        windowStart: { hour: 9, minute: 0 },
        windowEnd: { hour: 17, minute: 30 },
        timeZone: 'Europe/Paris',
      },
      dailyCap: 100,
    });
    expect(campaign).toMatchObject({
      workspaceId,
      name: 'Spring outreach',
      status: CampaignStatus.DRAFT,
      mailboxIds: [mailboxId],
      dailyCap: 100,
      stepCount: 0,
      leadCount: 0,
    });
    expect(campaign.schedule).toMatchObject({
      days: [Weekday.MONDAY, Weekday.FRIDAY],
      windowStart: { hour: 9, minute: 0 },
      windowEnd: { hour: 17, minute: 30 },
      timeZone: 'Europe/Paris',
    });
    expect(campaign.launchTime).toBeUndefined();
    // An empty zone means UTC.
    expect((await newCampaign(workspaceId)).schedule?.timeZone).toBe('UTC');
    const got = await h.rpc.getCampaign({ workspaceId, id: campaign.id });
    expect(got.campaign).toEqual(campaign);
    await waitFor(() => h.campaignEvents.some((event) => event.key === campaign.id), {
      what: 'CampaignCreated',
    });
    const created = h.campaignEvents.find((event) => event.key === campaign.id);
    expect(created).toMatchObject({
      type: eventTypes.campaignCreated,
      workspaceId,
      source: 'campaign-service',
    });
  });

  it('names every invalid field', async () => {
    const workspaceId = newWorkspace();
    const { fields } = await rejection(
      h.rpc.createCampaign({
        workspaceId,
        campaign: {
          name: ' ',
          mailboxIds: ['not-a-uuid'],
          schedule: {
            days: [Weekday.UNSPECIFIED],
            windowStart: { hour: 17, minute: 0 },
            windowEnd: { hour: 9, minute: 0 },
            timeZone: 'Mars/Olympus_Mons',
          },
          dailyCap: -1,
          targetCriteria: { verificationStatuses: [0] },
        },
      }),
      Code.InvalidArgument,
    );
    expect(fields.sort()).toEqual(
      [
        'campaign.name',
        'campaign.mailbox_ids[0]',
        'campaign.daily_cap',
        'campaign.schedule.days[0]',
        'campaign.schedule.window_end',
        'campaign.schedule.time_zone',
        'campaign.target_criteria.verification_statuses[0]',
      ].sort(),
    );
    const long = await rejection(newCampaign(workspaceId, { name: 'x'.repeat(201) }), Code.InvalidArgument);
    expect(long.fields).toEqual(['campaign.name']);
    expect(
      (await rejection(h.rpc.createCampaign({ workspaceId: 'nope' }), Code.InvalidArgument)).fields,
    ).toEqual(['workspace_id']);
  });

  it('checks mailboxes with the email service: one not in the workspace is NOT_FOUND, named', async () => {
    const workspaceId = newWorkspace();
    const mine = await h.createMailbox(workspaceId);
    const theirs = await h.createMailbox(newWorkspace());
    const refused = await rejection(newCampaign(workspaceId, { mailboxIds: [mine, theirs] }), Code.NotFound);
    expect(refused.violations).toEqual([
      { field: 'campaign.mailbox_ids[1]', message: `mailbox ${theirs} not found` },
    ]);
    const campaign = await newCampaign(workspaceId);
    const update = await rejection(
      h.rpc.updateCampaign({
        workspaceId,
        id: campaign.id,
        campaign: { mailboxIds: [theirs] },
        updateMask: mask('mailbox_ids'),
      }),
      Code.NotFound,
    );
    expect(update.fields).toEqual(['campaign.mailbox_ids[0]']);
    expect((await h.rpc.getCampaign({ workspaceId, id: campaign.id })).campaign?.mailboxIds).toEqual([]);
  });

  it('refuses text PostgreSQL cannot store (a NUL, a lone surrogate) as INVALID_ARGUMENT naming the field', async () => {
    const workspaceId = newWorkspace();
    const created = await rejection(
      newCampaign(workspaceId, { name: 'a\u0000b', schedule: { timeZone: '\ud800' } }),
      Code.InvalidArgument,
    );
    expect(created.fields).toEqual(expect.arrayContaining(['campaign.name', 'campaign.schedule.time_zone']));
    const listed = await rejection(
      h.rpc.listCampaigns({ workspaceId, filter: { query: '\u0000' } }),
      Code.InvalidArgument,
    );
    expect(listed.fields).toEqual(['filter.query']);
    const campaign = await newCampaign(workspaceId);
    const step = await rejection(
      h.rpc.createStep({
        workspaceId,
        campaignId: campaign.id,
        step: { subjectTemplate: 'Hi\u0000', textBodyTemplate: 'x' },
      }),
      Code.InvalidArgument,
    );
    expect(step.fields).toContain('step.subject_template');
  });

  it('updates only the masked fields, nested schedule paths included', async () => {
    const workspaceId = newWorkspace();
    const campaign = await newCampaign(workspaceId, {
      description: 'first',
      schedule: {
        timeZone: 'Europe/Paris',
        windowStart: { hour: 9, minute: 0 },
        windowEnd: { hour: 17, minute: 0 },
      },
    });
    const { campaign: updated } = await h.rpc.updateCampaign({
      workspaceId,
      id: campaign.id,
      campaign: { name: 'ignored', description: 'second', schedule: { timeZone: 'America/New_York' } },
      updateMask: mask('description', 'schedule.time_zone'),
    });
    expect(updated).toMatchObject({ name: 'Spring outreach', description: 'second' });
    expect(updated?.schedule).toMatchObject({
      timeZone: 'America/New_York',
      windowStart: { hour: 9, minute: 0 },
    });

    const empty = await rejection(
      h.rpc.updateCampaign({ workspaceId, id: campaign.id, campaign: {}, updateMask: mask() }),
      Code.InvalidArgument,
    );
    expect(empty.fields).toEqual(['update_mask']);
    const bad = await rejection(
      h.rpc.updateCampaign({
        workspaceId,
        id: campaign.id,
        campaign: {},
        updateMask: mask('status', 'name'),
      }),
      Code.InvalidArgument,
    );
    expect(bad.fields).toEqual(['update_mask.paths[0]']);
    // The merged campaign is checked as a whole: a new end before the kept start is refused.
    const window = await rejection(
      h.rpc.updateCampaign({
        workspaceId,
        id: campaign.id,
        campaign: { schedule: { windowEnd: { hour: 8, minute: 0 } } },
        updateMask: mask('schedule.window_end'),
      }),
      Code.InvalidArgument,
    );
    expect(window.fields).toEqual(['campaign.schedule.window_end']);
  });

  it('lists newest first with filters, and page tokens bound to their filter', async () => {
    const workspaceId = newWorkspace();
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push(
        (
          await newCampaign(workspaceId, {
            name: `Campaign ${index}`,
            description: index % 2 ? 'odd' : 'even',
          })
        ).id,
      );
    }
    await newCampaign(newWorkspace(), { name: 'Campaign of someone else' });
    const first = await h.rpc.listCampaigns({ workspaceId, pageSize: 2 });
    expect(first.campaigns.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    const second = await h.rpc.listCampaigns({ workspaceId, pageSize: 2, pageToken: first.nextPageToken });
    const third = await h.rpc.listCampaigns({ workspaceId, pageSize: 2, pageToken: second.nextPageToken });
    expect([...second.campaigns, ...third.campaigns].map((c) => c.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(third.nextPageToken).toBe('');

    const odd = await h.rpc.listCampaigns({ workspaceId, filter: { query: 'ODD' } });
    expect(odd.campaigns.map((c) => c.id)).toEqual([ids[3], ids[1]]);
    const drafts = await h.rpc.listCampaigns({ workspaceId, filter: { statuses: [CampaignStatus.ACTIVE] } });
    expect(drafts.campaigns).toEqual([]);
    const reused = await rejection(
      h.rpc.listCampaigns({
        workspaceId,
        pageSize: 2,
        pageToken: first.nextPageToken,
        filter: { query: 'odd' },
      }),
      Code.InvalidArgument,
    );
    expect(reused.fields).toEqual(['page_token']);
  });

  it('answers NOT_FOUND for a campaign of another workspace, for every call', async () => {
    const campaign = await newCampaign(newWorkspace());
    const stranger = newWorkspace();
    await rejection(h.rpc.getCampaign({ workspaceId: stranger, id: campaign.id }), Code.NotFound);
    await rejection(
      h.rpc.updateCampaign({
        workspaceId: stranger,
        id: campaign.id,
        campaign: { name: 'x' },
        updateMask: mask('name'),
      }),
      Code.NotFound,
    );
    await rejection(h.rpc.deleteCampaign({ workspaceId: stranger, id: campaign.id }), Code.NotFound);
    await rejection(h.rpc.launchCampaign({ workspaceId: stranger, id: campaign.id }), Code.NotFound);
    await rejection(h.rpc.listSteps({ workspaceId: stranger, campaignId: campaign.id }), Code.NotFound);
    await rejection(
      h.rpc.createStep({ workspaceId: stranger, campaignId: campaign.id, step: { textBodyTemplate: 'Hi' } }),
      Code.NotFound,
    );
    await rejection(
      h.rpc.listCampaignLeads({ workspaceId: stranger, campaignId: campaign.id }),
      Code.NotFound,
    );
    await rejection(h.rpc.listTasks({ workspaceId: stranger, campaignId: campaign.id }), Code.NotFound);
  });

  it('checks step templates when saved, naming the step, the field and the variable', async () => {
    const workspaceId = newWorkspace();
    const campaign = await newCampaign(workspaceId);
    await h.rpc.createStep({
      workspaceId,
      campaignId: campaign.id,
      step: { subjectTemplate: 'Hi', textBodyTemplate: 'Hello' },
    });
    const refused = await rejection(
      h.rpc.createStep({
        workspaceId,
        campaignId: campaign.id,
        step: { subjectTemplate: 'Hi {{frist_name}}', textBodyTemplate: 'Hello {{company | there}' },
      }),
      Code.InvalidArgument,
    );
    expect(refused.fields).toEqual(['steps[2].subject', 'steps[2].textBody']);
    expect(refused.violations[0]?.message).toContain('{{frist_name}}');
    expect(refused.violations[0]?.message).toContain('did you mean {{first_name}}');
    const noBody = await rejection(
      h.rpc.createStep({ workspaceId, campaignId: campaign.id, step: { subjectTemplate: 'Hi' } }),
      Code.InvalidArgument,
    );
    expect(noBody.fields).toEqual(['steps[2].textBody']);
    const delay = await rejection(
      h.rpc.createStep({
        workspaceId,
        campaignId: campaign.id,
        step: { textBodyTemplate: 'x', delay: durationFromMs(90_000), position: 7 },
      }),
      Code.InvalidArgument,
    );
    expect(delay.fields.sort()).toEqual(['step.delay', 'step.position']);
    const steps = await h.rpc.listSteps({ workspaceId, campaignId: campaign.id });
    expect(steps.steps).toHaveLength(1);
  });

  it('keeps step positions contiguous through inserts, moves and deletes', async () => {
    const workspaceId = newWorkspace();
    const campaign = await newCampaign(workspaceId);
    const add = async (name: string, position = 0) =>
      (
        await h.rpc.createStep({
          workspaceId,
          campaignId: campaign.id,
          step: { position, subjectTemplate: name, textBodyTemplate: `Body of ${name}`, delay: minutes(60) },
        })
      ).step!;
    const a = await add('A');
    await add('C');
    const b = await add('B', 2);
    expect(b.position).toBe(2);
    await add('D', 4);
    const order = async () =>
      (await h.rpc.listSteps({ workspaceId, campaignId: campaign.id })).steps.map((s) => [
        s.position,
        s.subjectTemplate,
      ]);
    expect(await order()).toEqual([
      [1, 'A'],
      [2, 'B'],
      [3, 'C'],
      [4, 'D'],
    ]);
    // Move A to the end (0 = last), then B back to the front.
    await h.rpc.updateStep({
      workspaceId,
      campaignId: campaign.id,
      id: a.id,
      step: { position: 0 },
      updateMask: mask('position'),
    });
    expect((await order()).map(([, name]) => name)).toEqual(['B', 'C', 'D', 'A']);
    const { step: moved } = await h.rpc.updateStep({
      workspaceId,
      campaignId: campaign.id,
      id: a.id,
      step: { position: 2, subjectTemplate: 'A2', delay: minutes(1440) },
      updateMask: mask('position', 'subject_template', 'delay'),
    });
    expect(moved).toMatchObject({ position: 2, subjectTemplate: 'A2', textBodyTemplate: 'Body of A' });
    expect(moved?.delay?.seconds).toBe(86_400n);
    expect((await order()).map(([, name]) => name)).toEqual(['B', 'A2', 'C', 'D']);
    await h.rpc.deleteStep({ workspaceId, campaignId: campaign.id, id: b.id });
    expect(await order()).toEqual([
      [1, 'A2'],
      [2, 'C'],
      [3, 'D'],
    ]);
    expect((await h.rpc.getCampaign({ workspaceId, id: campaign.id })).campaign?.stepCount).toBe(3);
    await rejection(h.rpc.deleteStep({ workspaceId, campaignId: campaign.id, id: b.id }), Code.NotFound);
  });

  it('refuses to launch without a step, a mailbox or a lead, naming what is missing', async () => {
    const workspaceId = newWorkspace();
    const campaign = await newCampaign(workspaceId);
    const refused = await rejection(
      h.rpc.launchCampaign({ workspaceId, id: campaign.id }),
      Code.FailedPrecondition,
    );
    expect(refused.fields).toEqual(['steps', 'mailbox_ids', 'leads']);
    expect(refused.message).toContain('no step');
    await rejection(h.rpc.pauseCampaign({ workspaceId, id: campaign.id }), Code.FailedPrecondition);
    await rejection(h.rpc.resumeCampaign({ workspaceId, id: campaign.id }), Code.FailedPrecondition);
    // A draft can be deleted; it is gone afterwards.
    await h.rpc.deleteCampaign({ workspaceId, id: campaign.id });
    await rejection(h.rpc.getCampaign({ workspaceId, id: campaign.id }), Code.NotFound);
    await waitFor(
      () => h.campaignEvents.some((e) => e.key === campaign.id && e.type === eventTypes.campaignDeleted),
      { what: 'CampaignDeleted' },
    );
  });
});
