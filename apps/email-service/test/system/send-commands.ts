// Test support: email.send.requested commands as the Campaign service hands them over, published
// straight to the bus, so a test can load the Email service's workers with any number of emails.
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ClientSchema, EmailSendRequestedSchema, eventTypes, topics } from '@coldreach/contracts';
import type { EventBus } from '@coldreach/events';
import { createEnvelope } from '@coldreach/outbox';

export interface CommandBatchInput {
  workspaceId: string;
  campaignId: string;
  mailboxId: string;
  count: number;
  /** Recipient domains, spread round-robin. */
  domains?: string[];
  /** The first recipient's number (`lead<first>@…`). Default 0. */
  first?: number;
}

/** Publishes `count` commands, one per recipient `lead<i>@<domain>`; resolves with the task ids. */
export async function publishSendCommands(bus: EventBus, input: CommandBatchInput): Promise<string[]> {
  const domains = input.domains ?? ['example.test'];
  const stepId = randomUUID();
  const ids: string[] = [];
  const chunk = 1000;
  const first = input.first ?? 0;
  for (let start = first; start < first + input.count; start += chunk) {
    const events = [];
    for (let i = start; i < Math.min(first + input.count, start + chunk); i++) {
      const taskId = randomUUID();
      const clientId = randomUUID();
      ids.push(taskId);
      const email = `lead${i}@${domains[i % domains.length]}`;
      events.push(
        createEnvelope({
          type: eventTypes.emailSendRequested,
          workspaceId: input.workspaceId,
          key: taskId,
          source: 'test',
          payload: {
            schema: EmailSendRequestedSchema,
            message: create(EmailSendRequestedSchema, {
              taskId,
              campaignId: input.campaignId,
              clientId,
              stepId,
              stepPosition: 1,
              mailboxId: input.mailboxId,
              recipient: create(ClientSchema, {
                id: clientId,
                workspaceId: input.workspaceId,
                email,
                firstName: `Lead${i}`,
                company: 'Acme',
              }),
              subjectTemplate: 'Hello {{first_name}}',
              textBodyTemplate: 'Hi {{first_name | "there"}}, a note about {{company}}.',
              scheduledAt: timestampFromDate(new Date()),
              timeZone: 'UTC',
            }),
          },
        }),
      );
    }
    await bus.publish(topics.emailCommands, events);
  }
  return ids;
}

/**
 * Publishes `count` commands split evenly over `workspaces` (each with its mailbox; one per shard),
 * recipients numbered on across them; resolves with all the task ids.
 */
export async function publishToWorkspaces(
  bus: EventBus,
  workspaces: ReadonlyArray<{ workspaceId: string; mailboxId: string }>,
  input: { count: number; campaignId?: string; domains?: string[] },
): Promise<string[]> {
  const ids: string[] = [];
  let first = 0;
  for (const [index, { workspaceId, mailboxId }] of workspaces.entries()) {
    const count =
      Math.floor(input.count / workspaces.length) + (index < input.count % workspaces.length ? 1 : 0);
    const campaignId = input.campaignId ?? randomUUID();
    ids.push(
      ...(await publishSendCommands(bus, { ...input, workspaceId, mailboxId, campaignId, count, first })),
    );
    first += count;
  }
  return ids;
}
