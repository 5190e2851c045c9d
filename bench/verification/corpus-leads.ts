// The corpus's addresses as leads of the Client service (through its gRPC API, not timed), and
// the check afterwards: every lead's recorded verdict against the answer key.
import { ClientService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';
import { expectedVerdict, plannedAddress, type VerdictName } from './corpus-plan';

// UpsertClients takes at most 1000 clients a call.
const batchSize = 1000;

/** Upserts the first `count` corpus addresses as leads tagged `tag`, two calls at a time. */
export async function addCorpusLeads(options: {
  clientUrl: string;
  workspaceId: string;
  count: number;
  domains: number;
  tag: string;
}): Promise<void> {
  const rpc = createGrpcClient(ClientService, { baseUrl: options.clientUrl, timeoutMs: 120_000 });
  const starts = Array.from({ length: Math.ceil(options.count / batchSize) }, (_, k) => k * batchSize);
  const caller = async () => {
    for (let start = starts.shift(); start !== undefined; start = starts.shift()) {
      const end = Math.min(options.count, start + batchSize);
      const clients = [];
      for (let j = start; j < end; j++) {
        clients.push({ email: plannedAddress(j, options.domains).email, tags: [options.tag] });
      }
      const { results } = await rpc.upsertClients({ workspaceId: options.workspaceId, clients });
      if (results.length !== clients.length)
        throw new Error(`upserted ${results.length} of ${clients.length}`);
    }
  };
  await Promise.all([caller(), caller()]);
}

export interface LeadCheck {
  leads: number;
  /** Recorded verdicts, by name ('none': no result on the lead). */
  recorded: Record<string, number>;
  /** Leads whose verdict is not the answer key's, with a few examples. */
  mismatches: number;
  examples: string[];
}

/** Reads every lead tagged `tag` back and compares its recorded verdict with the answer key. */
export async function checkCorpusLeads(options: {
  clientUrl: string;
  workspaceId: string;
  count: number;
  domains: number;
  tag: string;
  probe: boolean;
}): Promise<LeadCheck> {
  const rpc = createGrpcClient(ClientService, { baseUrl: options.clientUrl, timeoutMs: 120_000 });
  const expected = new Map<string, VerdictName>();
  for (let j = 0; j < options.count; j++) {
    const address = plannedAddress(j, options.domains);
    expected.set(address.email, expectedVerdict(address, options.probe));
  }
  const check: LeadCheck = { leads: 0, recorded: {}, mismatches: 0, examples: [] };
  let pageToken = '';
  do {
    const page = await rpc.listClients({
      workspaceId: options.workspaceId,
      pageSize: 500,
      pageToken,
      filter: { tag: options.tag },
    });
    for (const client of page.clients) {
      check.leads += 1;
      const verdict = client.verification?.verdict || 'none';
      check.recorded[verdict] = (check.recorded[verdict] ?? 0) + 1;
      if (expected.get(client.email) !== verdict) {
        check.mismatches += 1;
        if (check.examples.length < 5) {
          const reasons = client.verification?.reasons.join(', ') ?? '';
          check.examples.push(
            `${client.email}: ${verdict} (${reasons}), expected ${expected.get(client.email)}`,
          );
        }
      }
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return check;
}
