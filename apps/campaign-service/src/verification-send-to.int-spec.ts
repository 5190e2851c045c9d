// A campaign's target verification statuses (the REST API's sendTo) decide who is sent to: checked
// when leads are added by id or given a task by hand, and again each time a step falls due, with
// the recipient read fresh from the real Client service (PostgreSQL, real services, no mocks).
import { Code } from '@connectrpc/connect';
import {
  CampaignStatus,
  SequenceState,
  TaskStatus,
  VerificationStatus,
  type CampaignLead,
} from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/campaign-harness';
import { feedSent, sendRequests } from '../test/email-events';

jest.setTimeout(90_000);

describe("a campaign's verification statuses (sendTo)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api', schedulerIntervalMs: 50 });
  });
  afterAll(() => h?.stop());

  /** A draft sending to valid leads only, with `steps` steps (no delay) and one mailbox. */
  async function safeOnlyDraft(workspaceId: string, steps: number) {
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: {
        name: 'Safe only',
        mailboxIds: [await h.createMailbox(workspaceId)],
        targetCriteria: { verificationStatuses: [VerificationStatus.VALID] },
      },
    });
    for (let position = 1; position <= steps; position++) {
      await h.rpc.createStep({
        workspaceId,
        campaignId: campaign!.id,
        step: { subjectTemplate: `Step ${position}`, textBodyTemplate: 'Hello' },
      });
    }
    return campaign!.id;
  }

  const setStatus = (workspaceId: string, id: string, verificationStatus: VerificationStatus) =>
    h.clients.updateClient({
      workspaceId,
      id,
      client: { verificationStatus },
      updateMask: { paths: ['verification_status'] },
    });

  const requestsOf = (campaignId: string) =>
    sendRequests(h.commands, campaignId).map(({ command }) => command);

  async function leadOf(workspaceId: string, campaignId: string, clientId: string) {
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId, pageSize: 100 });
    return leads.find((lead) => lead.clientId === clientId) as CampaignLead;
  }

  const waitForStopped = (workspaceId: string, campaignId: string, clientIds: string[]) =>
    waitFor(
      async () => {
        for (const id of clientIds) {
          if ((await leadOf(workspaceId, campaignId, id)).state !== SequenceState.STOPPED_FAILED)
            return false;
        }
        return true;
      },
      { timeoutMs: 30_000, what: 'leads stopped' },
    );

  it('refuses to add by id, or give a task to, a client whose status the campaign does not send to', async () => {
    const workspaceId = newWorkspace();
    const campaignId = await safeOnlyDraft(workspaceId, 1);
    const valid = await h.createClient(workspaceId, 'valid@example.com', {
      verificationStatus: VerificationStatus.VALID,
    });
    const unverified = await h.createClient(workspaceId, 'new@example.com');
    const invalid = await h.createClient(workspaceId, 'gone@example.com', {
      verificationStatus: VerificationStatus.INVALID,
    });

    const refused = await rejection(
      h.rpc.addLeads({ workspaceId, campaignId, clientIds: [valid, unverified, invalid] }),
      Code.InvalidArgument,
    );
    expect(refused.fields).toEqual(['client_ids[1]', 'client_ids[2]']);
    expect(refused.violations[1]?.message).toContain('is invalid; the campaign sends to valid only');
    expect((await h.rpc.getCampaign({ workspaceId, id: campaignId })).campaign?.leadCount).toBe(0);

    const { steps } = await h.rpc.listSteps({ workspaceId, campaignId });
    const noTask = await rejection(
      h.rpc.createTask({ workspaceId, campaignId, clientId: unverified, stepId: steps[0]!.id }),
      Code.InvalidArgument,
    );
    expect(noTask.fields).toEqual(['client_id']);
    expect(await h.rpc.addLeads({ workspaceId, campaignId, clientIds: [valid] })).toMatchObject({
      addedCount: 1,
    });
    // By target criteria, only the clients that fit join, as the Client service lists them.
    expect(await h.rpc.addLeads({ workspaceId, campaignId, useTargetCriteria: true })).toMatchObject({
      addedCount: 0,
      alreadyPresentCount: 1,
    });
  });

  it('a safe-only campaign hands over the valid lead only; the risky, unverified and invalid ones stop', async () => {
    const workspaceId = newWorkspace();
    const campaignId = await safeOnlyDraft(workspaceId, 1);
    const names = ['valid', 'risky', 'unverified', 'invalid'] as const;
    const ids: Record<(typeof names)[number], string> = { valid: '', risky: '', unverified: '', invalid: '' };
    for (const name of names) {
      ids[name] = await h.createClient(workspaceId, `${name}@example.com`, {
        verificationStatus: VerificationStatus.VALID,
      });
    }
    await h.rpc.addLeads({ workspaceId, campaignId, clientIds: Object.values(ids) });
    // A verification run between adding and launching: three of them are no longer valid.
    await setStatus(workspaceId, ids.risky, VerificationStatus.RISKY);
    await setStatus(workspaceId, ids.unverified, VerificationStatus.UNVERIFIED);
    await setStatus(workspaceId, ids.invalid, VerificationStatus.INVALID);
    const { campaign } = await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    expect(campaign?.status).toBe(CampaignStatus.ACTIVE);

    await waitForStopped(workspaceId, campaignId, [ids.risky, ids.unverified, ids.invalid]);
    await waitFor(() => requestsOf(campaignId).length > 0, { what: 'the valid lead handed over' });
    expect(requestsOf(campaignId).map((request) => request.clientId)).toEqual([ids.valid]);
    const { tasks } = await h.rpc.listTasks({ workspaceId, campaignId });
    const byClient = new Map(tasks.map((task) => [task.clientId, task]));
    expect(byClient.get(ids.valid)).toMatchObject({ status: TaskStatus.SCHEDULED, lastError: '' });
    for (const name of ['risky', 'unverified', 'invalid'] as const) {
      // Cancelled before the Email service ever saw it, so it can never be handed over later.
      expect(byClient.get(ids[name])).toMatchObject({
        status: TaskStatus.CANCELLED,
        lastError: `verification: ${name} not in the campaign's send-to`,
      });
    }
    expect((await leadOf(workspaceId, campaignId, ids.valid)).state).toBe(SequenceState.ACTIVE);
  });

  it('a lead that turns invalid between step 1 and step 2 is not sent step 2, and its sequence says why', async () => {
    const workspaceId = newWorkspace();
    const campaignId = await safeOnlyDraft(workspaceId, 2);
    const ann = await h.createClient(workspaceId, 'ann@example.com', {
      verificationStatus: VerificationStatus.VALID,
    });
    const bob = await h.createClient(workspaceId, 'bob@example.com', {
      verificationStatus: VerificationStatus.VALID,
    });
    await h.rpc.addLeads({ workspaceId, campaignId, clientIds: [ann, bob] });
    await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    await waitFor(() => requestsOf(campaignId).length >= 2, { what: 'step 1 handed over' });
    const first = requestsOf(campaignId);

    // A verification (or a hard bounce elsewhere) finds Bob's address gone before his step 2.
    await setStatus(workspaceId, bob, VerificationStatus.INVALID);
    for (const request of first) await feedSent(h, workspaceId, request);

    await waitForStopped(workspaceId, campaignId, [bob]);
    await waitFor(() => requestsOf(campaignId).some((r) => r.stepPosition === 2), { what: "ann's step 2" });
    expect(
      requestsOf(campaignId)
        .filter((request) => request.stepPosition === 2)
        .map((request) => request.clientId),
    ).toEqual([ann]);
    const bobLead = await leadOf(workspaceId, campaignId, bob);
    expect(bobLead).toMatchObject({ lastSentPosition: 1, nextPosition: 0 });
    expect(bobLead.endTime).toBeDefined();
    const { tasks } = await h.rpc.listTasks({ workspaceId, campaignId, filter: { clientId: bob } });
    expect(tasks.map((task) => [task.stepPosition, task.status, task.lastError])).toEqual(
      expect.arrayContaining([
        [1, TaskStatus.SENT, ''],
        [2, TaskStatus.CANCELLED, "verification: invalid not in the campaign's send-to"],
      ]),
    );
  });
});
