import { randomUUID } from 'node:crypto';
import { anyUnpack, timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { create } from '@bufbuild/protobuf';
import {
  ClientCreatedSchema,
  ClientUpdatedSchema,
  ScrapeJobFinishedSchema,
  consumerGroups,
  eventTypes,
} from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { createEnvelope } from '@coldreach/outbox';
import { waitFor } from '@coldreach/testing';
import { rowsPerShard } from '../../test/client-service-harness';
import { contactFound, rigCases, startRig, type Rig } from '../../test/client-consumers-rig';

// Issue 13 §5: contacts the scraper found (scrape.events) become leads, once per event, without
// overwriting what a user set, each with the client.created / client.updated any upsert publishes.
jest.setTimeout(240_000);

const foundAt = new Date('2025-03-01T12:00:00.000Z');
const foundTime = timestampFromDate(foundAt);

describe.each(rigCases)('scraped contacts become leads, on $name', (rigCase) => {
  let rig: Rig;
  beforeAll(async () => (rig = await startRig(rigCase)));
  afterAll(() => rig?.stop());

  it('creates a new lead with the job tags, its source page and when it was found', async () => {
    const workspaceId = randomUUID();
    const result = {
      email: ' Jane.Doe@Acme.example ',
      name: 'Dr. Jane Doe',
      title: 'CTO',
      phone: '+4930123456',
      company: 'Acme',
      sourceUrl: 'https://acme.example/about/team',
      foundTime,
      socialProfiles: ['https://www.linkedin.com/in/jane-doe', 'https://github.com/janedoe'],
    };
    await rig.publish([contactFound(workspaceId, randomUUID(), result, ['crawl-acme', 'berlin'])]);

    const lead = await rig.waitForLead(workspaceId, 'jane.doe@acme.example');
    expect(lead).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      title: 'CTO',
      phone: '+4930123456',
      company: 'Acme',
      website: 'https://acme.example',
      sourceUrl: 'https://acme.example/about/team',
      tags: ['crawl-acme', 'berlin'],
      customFields: {
        linkedin_url: 'https://www.linkedin.com/in/jane-doe',
        github_url: 'https://github.com/janedoe',
      },
    });
    expect(timestampDate(lead.collectedAt!)).toEqual(foundAt);
    const listed = await rig.rpc.listClients({ workspaceId, filter: { tag: 'crawl-acme' } });
    expect(listed.clients.map((client) => client.id)).toEqual([lead.id]);
    const [event] = await rig.clientEventsOf(workspaceId, 1);
    expect(event).toMatchObject({ type: eventTypes.clientCreated, key: lead.id });
    expect(anyUnpack(event!.payload!, ClientCreatedSchema)?.client?.tags).toEqual(['crawl-acme', 'berlin']);
  });

  it('keeps what a user set on an existing lead, fills what is empty and adds the tags', async () => {
    const workspaceId = randomUUID();
    const { client: existing } = await rig.rpc.createClient({
      workspaceId,
      client: {
        email: 'sam@acme.example',
        firstName: 'Sam',
        title: 'VP Sales',
        company: 'Acme Corp',
        tags: ['vip'],
      },
    });
    const result = {
      email: 'SAM@acme.example',
      name: 'Samuel Smith',
      title: 'Engineer',
      company: 'Acme',
      phone: '+4930999000',
      sourceUrl: 'https://acme.example/team',
      foundTime,
    };
    await rig.publish([contactFound(workspaceId, randomUUID(), result, ['crawl', 'vip'])]);

    const lead = await rig.waitForLead(workspaceId, 'sam@acme.example', (c) => c.tags.includes('crawl'));
    expect(lead).toMatchObject({
      id: existing!.id,
      firstName: 'Sam',
      lastName: 'Smith',
      title: 'VP Sales',
      company: 'Acme Corp',
      phone: '+4930999000',
      website: 'https://acme.example',
      sourceUrl: 'https://acme.example/team',
      tags: ['vip', 'crawl'],
    });
    expect(timestampDate(lead.collectedAt!)).toEqual(foundAt);
    const events = await rig.clientEventsOf(workspaceId, 2);
    expect(events.map((event) => event.type)).toEqual([eventTypes.clientCreated, eventTypes.clientUpdated]);
    const updated = anyUnpack(events[1]!.payload!, ClientUpdatedSchema)!;
    expect([...updated.changedFields].sort()).toEqual([
      'collected_at',
      'last_name',
      'phone',
      'source_url',
      'tags',
      'website',
    ]);
  });

  it('applies a redelivered event once: one lead, its tags once, a field the user cleared stays clear', async () => {
    const workspaceId = randomUUID();
    const jobId = randomUUID();
    const event = contactFound(workspaceId, jobId, { email: 'kim@acme.example', title: 'Founder' }, [
      'crawl',
    ]);
    await rig.publish([event]);
    const first = await rig.waitForLead(workspaceId, 'kim@acme.example');
    expect(first).toMatchObject({ title: 'Founder', tags: ['crawl'] });
    // Filling empty fields alone would be idempotent; with the title cleared, only the record of
    // the processed event keeps a redelivery from filling it again.
    await rig.rpc.updateClient({
      workspaceId,
      id: first.id,
      client: { title: '' },
      updateMask: { paths: ['title'] },
    });
    const cleared = await rig.lead(workspaceId, 'kim@acme.example');

    // Twice more, then a contact of the same job (same key, so the same partition, after them).
    const sentinel = contactFound(workspaceId, jobId, { email: 'next@acme.example' }, ['crawl']);
    await rig.publish([event, event, sentinel]);
    await rig.waitForLead(workspaceId, 'next@acme.example');

    expect(await rig.lead(workspaceId, 'kim@acme.example')).toEqual(cleared);
    expect(await rowsPerShard(rig.shards, workspaceId, 'kim@acme.example')).toContain(1);
    const events = await rig.clientEventsOf(workspaceId, 3);
    expect(events.filter((e) => e.key === first.id).map((e) => e.type)).toEqual([
      eventTypes.clientCreated,
      eventTypes.clientUpdated,
    ]);
  });

  it('keeps workspaces apart: the same address is a lead in each, with its own job tags', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await rig.publish([
      contactFound(a, randomUUID(), { email: 'lee@acme.example', title: 'CEO' }, ['job-a']),
      contactFound(b, randomUUID(), { email: 'lee@acme.example', title: 'Advisor' }, ['job-b']),
    ]);
    const leadA = await rig.waitForLead(a, 'lee@acme.example');
    const leadB = await rig.waitForLead(b, 'lee@acme.example');
    expect(leadA).toMatchObject({ title: 'CEO', tags: ['job-a'] });
    expect(leadB).toMatchObject({ title: 'Advisor', tags: ['job-b'] });
    expect(leadA.id).not.toBe(leadB.id);
    expect((await rig.rpc.listClients({ workspaceId: a, filter: { tag: 'job-b' } })).clients).toEqual([]);
  });

  it('dead-letters each invalid event at once, skips other types, and applies the events after them', async () => {
    const workspaceId = randomUUID();
    const jobId = randomUUID();
    const contact = (email: string) => contactFound(workspaceId, jobId, { email }, ['crawl']);
    const jobFinished = createEnvelope({
      type: eventTypes.scrapeJobFinished,
      workspaceId,
      key: jobId,
      source: 'scraper-service',
      payload: { schema: ScrapeJobFinishedSchema, message: create(ScrapeJobFinishedSchema, { jobId }) },
    });
    // All on one key, so on one partition, in this order.
    await rig.publish([
      contactFound('not-a-workspace', jobId, { email: 'ann@acme.example' }, [], jobId),
      contact('before@acme.example'),
      contact('jane@@acme.example'),
      { key: jobId, value: new TextEncoder().encode('{"not":"an envelope"}'), headers: {} },
      contactFound(workspaceId, 'job-42', { email: 'bob@acme.example' }, [], jobId),
      jobFinished,
      contact('after@acme.example'),
    ]);
    await rig.waitForLead(workspaceId, 'after@acme.example');
    expect(await rig.lead(workspaceId, 'before@acme.example')).toBeDefined();

    const deadLetters = await queryRows<{ reason: string; attempts: number }>(
      rig.shards.shards[0]!.manager,
      `SELECT reason, attempts FROM dead_letters WHERE consumer_group = $1 AND key = $2 ORDER BY "offset"::bigint`,
      [consumerGroups.clientScrapeEvents, jobId],
    );
    expect(deadLetters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/workspace_id must be a UUID$/),
      expect.stringMatching(/result\.email must be a valid email address$/),
      expect.stringMatching(/^not an event envelope/),
      expect.stringMatching(/job_id must be a UUID$/),
    ]);
    expect(deadLetters.map((letter) => Number(letter.attempts))).toEqual([1, 1, 1, 1]);
    expect(rig.logs.join('\n')).not.toContain('jane@@acme.example');
  });

  it('leaves invalid fields out of the lead, logging which without the address', async () => {
    const workspaceId = randomUUID();
    const result = { email: 'pat@acme.example', name: 'Pat Lee', title: 'T'.repeat(300), phone: 'call us' };
    await rig.publish([contactFound(workspaceId, randomUUID(), result, ['crawl'])]);
    const lead = await rig.waitForLead(workspaceId, 'pat@acme.example');
    expect(lead).toMatchObject({ firstName: 'Pat', lastName: 'Lee', title: '', phone: '', tags: ['crawl'] });
    const line = await waitFor(() => rig.logs.find((log) => log.includes(lead.id)), {
      timeoutMs: 30_000,
      what: 'the log line of the left-out fields',
    });
    expect(JSON.parse(line)).toMatchObject({ emailDomain: 'acme.example', fields: ['title', 'phone'] });
    expect(line).not.toContain('pat@acme.example');
  });

  it('applies a burst of contacts over every shard, a repeated address keeping what was found first', async () => {
    const workspaceId = randomUUID();
    const jobId = randomUUID();
    const emails = Array.from({ length: 300 }, (_, i) => `person${i}@burst.example`);
    await rig.publish([
      ...emails.map((email, i) =>
        contactFound(workspaceId, jobId, { email, title: `First ${i}` }, ['burst']),
      ),
      ...emails
        .slice(0, 60)
        .map((email, i) =>
          contactFound(workspaceId, jobId, { email, title: 'Later', phone: `+4930555${i}` }, ['again']),
        ),
    ]);
    const counts = await waitFor(
      async () => {
        const perShard = await rowsPerShard(rig.shards, workspaceId);
        const total = perShard.reduce((sum, n) => sum + n, 0);
        const again = await rig.rpc.listClients({ workspaceId, pageSize: 500, filter: { tag: 'again' } });
        return total === emails.length && again.clients.length === 60 && perShard;
      },
      { timeoutMs: 120_000, what: 'every lead of the burst' },
    );
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(await rig.lead(workspaceId, 'person7@burst.example')).toMatchObject({
      title: 'First 7',
      phone: '+49305557',
      tags: ['burst', 'again'],
    });
  });
});
