import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { SequenceState, TaskStatus, VerificationStatus } from '@coldreach/contracts';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/campaign-harness';
import { deriveTaskId } from './domain/task-id';

jest.setTimeout(60_000);

describe('CampaignService leads and tasks (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api', workers: 0 });
  });
  afterAll(() => h?.stop());

  /** A draft campaign with one step (and a mailbox unless told otherwise). */
  async function draft(workspaceId: string, options: { mailbox?: boolean; tags?: string[] } = {}) {
    const mailboxIds = options.mailbox === false ? [] : [await h.createMailbox(workspaceId)];
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Leads', mailboxIds, targetCriteria: { tags: options.tags ?? [] } },
    });
    const { step } = await h.rpc.createStep({
      workspaceId,
      campaignId: campaign!.id,
      step: { subjectTemplate: 'Hi {{first_name}}', textBodyTemplate: 'Hello' },
    });
    return { campaign: campaign!, step: step! };
  }

  const rowCounts = async (workspaceId: string, campaignId: string) => {
    const [row] = await h.sqlIn<{ leads: number; tasks: number }>(
      workspaceId,
      `SELECT (SELECT count(*)::int FROM campaign_leads WHERE campaign_id = $1) AS leads,
              (SELECT count(*)::int FROM campaign_tasks WHERE campaign_id = $1) AS tasks`,
      [campaignId],
    );
    return row;
  };

  it('adds listed clients only when every one exists in the workspace, naming those that do not', async () => {
    const workspaceId = newWorkspace();
    const { campaign } = await draft(workspaceId);
    const ann = await h.createClient(workspaceId, 'ann@example.com');
    const bob = await h.createClient(workspaceId, 'bob@example.com');
    const foreign = await h.createClient(newWorkspace(), 'eve@example.com');
    const ghost = randomUUID();

    const refused = await rejection(
      h.rpc.addLeads({ workspaceId, campaignId: campaign.id, clientIds: [ann, bob, foreign, ghost] }),
      Code.NotFound,
    );
    expect(refused.message).toContain(foreign);
    expect(refused.message).toContain(ghost);
    expect(refused.fields).toEqual(['client_ids[2]', 'client_ids[3]']);
    expect(await rowCounts(workspaceId, campaign.id)).toEqual({ leads: 0, tasks: 0 });
    expect((await h.rpc.getCampaign({ workspaceId, id: campaign.id })).campaign?.leadCount).toBe(0);

    const added = await h.rpc.addLeads({ workspaceId, campaignId: campaign.id, clientIds: [ann, bob, ann] });
    expect(added).toMatchObject({ addedCount: 2, alreadyPresentCount: 0 });
    const again = await h.rpc.addLeads({ workspaceId, campaignId: campaign.id, clientIds: [bob] });
    expect(again).toMatchObject({ addedCount: 0, alreadyPresentCount: 1 });
    expect((await h.rpc.getCampaign({ workspaceId, id: campaign.id })).campaign?.leadCount).toBe(2);
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId: campaign.id });
    expect(leads.map((lead) => lead.email).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    expect(leads[0]).toMatchObject({
      state: SequenceState.ACTIVE,
      lastSentPosition: 0,
      nextPosition: 0,
      mailboxId: '',
    });
  });

  it('refuses malformed AddLeads requests', async () => {
    const workspaceId = newWorkspace();
    const { campaign } = await draft(workspaceId);
    const both = await rejection(
      h.rpc.addLeads({
        workspaceId,
        campaignId: campaign.id,
        clientIds: [randomUUID()],
        useTargetCriteria: true,
      }),
      Code.InvalidArgument,
    );
    expect(both.fields).toEqual(['client_ids']);
    await rejection(h.rpc.addLeads({ workspaceId, campaignId: campaign.id }), Code.InvalidArgument);
    const shape = await rejection(
      h.rpc.addLeads({ workspaceId, campaignId: campaign.id, clientIds: [randomUUID(), 'x'] }),
      Code.InvalidArgument,
    );
    expect(shape.fields).toEqual(['client_ids[1]']);
    const many = await rejection(
      h.rpc.addLeads({
        workspaceId,
        campaignId: campaign.id,
        clientIds: Array.from({ length: 1001 }, () => randomUUID()),
      }),
      Code.InvalidArgument,
    );
    expect(many.fields).toEqual(['client_ids']);
  });

  it('adds every client of the workspace matching the target criteria (any of the tags)', async () => {
    const workspaceId = newWorkspace();
    const { campaign } = await draft(workspaceId, { tags: ['vip', 'berlin'] });
    await h.createClient(workspaceId, 'vip@example.com', { tags: ['vip'] });
    await h.createClient(workspaceId, 'both@example.com', { tags: ['vip', 'berlin'] });
    await h.createClient(workspaceId, 'berlin@example.com', { tags: ['berlin'] });
    await h.createClient(workspaceId, 'other@example.com', { tags: ['paris'] });
    await h.createClient(newWorkspace(), 'foreign@example.com', { tags: ['vip'] });
    const added = await h.rpc.addLeads({ workspaceId, campaignId: campaign.id, useTargetCriteria: true });
    expect(added).toMatchObject({ addedCount: 3, alreadyPresentCount: 0 });
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId: campaign.id });
    expect(leads.map((lead) => lead.email).sort()).toEqual([
      'berlin@example.com',
      'both@example.com',
      'vip@example.com',
    ]);
    expect(
      await h.rpc.addLeads({ workspaceId, campaignId: campaign.id, useTargetCriteria: true }),
    ).toMatchObject({
      addedCount: 0,
      alreadyPresentCount: 3,
    });

    // Statuses narrow it further.
    const { campaign: valid } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Valid only', targetCriteria: { verificationStatuses: [VerificationStatus.VALID] } },
    });
    await h.clients.createClient({
      workspaceId,
      client: { email: 'checked@example.com', verificationStatus: VerificationStatus.VALID },
    });
    expect(
      await h.rpc.addLeads({ workspaceId, campaignId: valid!.id, useTargetCriteria: true }),
    ).toMatchObject({
      addedCount: 1,
    });
  });

  it('pages leads most recently added first, filtered by state', async () => {
    const workspaceId = newWorkspace();
    const { campaign } = await draft(workspaceId);
    for (let index = 0; index < 5; index++) {
      const id = await h.createClient(workspaceId, `lead${index}@example.com`);
      await h.rpc.addLeads({ workspaceId, campaignId: campaign.id, clientIds: [id] });
    }
    const first = await h.rpc.listCampaignLeads({ workspaceId, campaignId: campaign.id, pageSize: 3 });
    const second = await h.rpc.listCampaignLeads({
      workspaceId,
      campaignId: campaign.id,
      pageSize: 3,
      pageToken: first.nextPageToken,
    });
    expect([...first.leads, ...second.leads].map((lead) => lead.email)).toEqual([
      'lead4@example.com',
      'lead3@example.com',
      'lead2@example.com',
      'lead1@example.com',
      'lead0@example.com',
    ]);
    expect(second.nextPageToken).toBe('');
    const completed = await h.rpc.listCampaignLeads({
      workspaceId,
      campaignId: campaign.id,
      filter: { states: [SequenceState.COMPLETED] },
    });
    expect(completed.leads).toEqual([]);
    await rejection(
      h.rpc.listCampaignLeads({
        workspaceId,
        campaignId: campaign.id,
        pageToken: first.nextPageToken,
        filter: { states: [SequenceState.ACTIVE] },
      }),
      Code.InvalidArgument,
    );
  });

  it('CreateTask asks the client service first: a missing or foreign client is NOT_FOUND and nothing is written', async () => {
    const workspaceId = newWorkspace();
    const { campaign, step } = await draft(workspaceId);
    const ghost = randomUUID();
    const foreign = await h.createClient(newWorkspace(), 'eve@example.com');
    for (const clientId of [ghost, foreign]) {
      const refused = await rejection(
        h.rpc.createTask({ workspaceId, campaignId: campaign.id, clientId, stepId: step.id }),
        Code.NotFound,
      );
      expect(refused.message).toContain(clientId);
      expect(refused.fields).toEqual(['client_id']);
    }
    expect(await rowCounts(workspaceId, campaign.id)).toEqual({ leads: 0, tasks: 0 });
  });

  it('CreateTask creates the task once, the client joining as a lead, and returns it as is after', async () => {
    const workspaceId = newWorkspace();
    const { campaign, step } = await draft(workspaceId);
    const ann = await h.createClient(workspaceId, 'ann@example.com');
    const later = new Date(Date.now() + 3_600_000);
    const request = {
      workspaceId,
      campaignId: campaign.id,
      clientId: ann,
      stepId: step.id,
      scheduledTime: timestampFromDate(later),
    };
    const first = await h.rpc.createTask(request);
    expect(first.created).toBe(true);
    expect(first.task).toMatchObject({
      id: deriveTaskId(workspaceId, campaign.id, ann, step.id),
      workspaceId,
      campaignId: campaign.id,
      clientId: ann,
      stepId: step.id,
      stepPosition: 1,
      status: TaskStatus.PENDING,
      mailboxId: campaign.mailboxIds[0],
      attempts: 0,
    });
    expect(first.task?.scheduledTime?.seconds).toBe(BigInt(Math.floor(later.getTime() / 1000)));
    const retry = await h.rpc.createTask(request);
    expect(retry).toMatchObject({ created: false, task: first.task });
    expect(await rowCounts(workspaceId, campaign.id)).toEqual({ leads: 1, tasks: 1 });
    expect((await h.rpc.getCampaign({ workspaceId, id: campaign.id })).campaign?.leadCount).toBe(1);

    expect((await h.rpc.getTask({ workspaceId, id: first.task!.id })).task).toEqual(first.task);
    await rejection(h.rpc.getTask({ workspaceId: newWorkspace(), id: first.task!.id }), Code.NotFound);
    const listed = await h.rpc.listTasks({ workspaceId, campaignId: campaign.id, filter: { clientId: ann } });
    expect(listed.tasks.map((task) => task.id)).toEqual([first.task!.id]);
    const none = await h.rpc.listTasks({
      workspaceId,
      campaignId: campaign.id,
      filter: { statuses: [TaskStatus.SENT] },
    });
    expect(none.tasks).toEqual([]);
    await rejection(
      h.rpc.createTask({ ...request, stepId: randomUUID(), scheduledTime: undefined }),
      Code.NotFound,
    );
  });

  it('CreateTask needs a mailbox to send from', async () => {
    const workspaceId = newWorkspace();
    const { campaign, step } = await draft(workspaceId, { mailbox: false });
    const ann = await h.createClient(workspaceId, 'ann@example.com');
    await rejection(
      h.rpc.createTask({ workspaceId, campaignId: campaign.id, clientId: ann, stepId: step.id }),
      Code.FailedPrecondition,
    );
    expect(await rowCounts(workspaceId, campaign.id)).toEqual({ leads: 0, tasks: 0 });
  });

  it('RemoveLead removes the lead and cancels what was not handed over', async () => {
    const workspaceId = newWorkspace();
    const { campaign, step } = await draft(workspaceId);
    const ann = await h.createClient(workspaceId, 'ann@example.com');
    const { task } = await h.rpc.createTask({
      workspaceId,
      campaignId: campaign.id,
      clientId: ann,
      stepId: step.id,
    });
    await h.rpc.removeLead({ workspaceId, campaignId: campaign.id, clientId: ann });
    expect((await h.rpc.getTask({ workspaceId, id: task!.id })).task).toMatchObject({
      status: TaskStatus.CANCELLED,
      lastError: 'lead removed',
    });
    expect((await h.rpc.listCampaignLeads({ workspaceId, campaignId: campaign.id })).leads).toEqual([]);
    expect((await h.rpc.getCampaign({ workspaceId, id: campaign.id })).campaign?.leadCount).toBe(0);
    await rejection(h.rpc.removeLead({ workspaceId, campaignId: campaign.id, clientId: ann }), Code.NotFound);
  });
});
