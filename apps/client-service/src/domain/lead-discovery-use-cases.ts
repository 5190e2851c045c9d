import { deriveClientId } from './client-id';
import type { ClientStore, EventUpsertDraft, EventUpsertOutcome } from './client-store';
import { leadInputOf, validLeadInput, type DiscoveredContact } from './discovered-lead';

/** What became of one discovered contact. */
export interface DiscoveryResult {
  contact: DiscoveredContact;
  outcome: EventUpsertOutcome;
  clientId: string;
  /** Fields left out because they were invalid (snake_case, e.g. `title`). */
  dropped: string[];
}

export type LeadDiscoveryUseCases = ReturnType<typeof createLeadDiscoveryUseCases>;

/** Contacts the scraper found becoming leads: never overwriting what a user set, once per event. */
export function createLeadDiscoveryUseCases(store: ClientStore, clock: () => Date = () => new Date()) {
  return {
    /**
     * Creates each contact's lead in its workspace, or fills the empty fields of the lead its email
     * already is and adds the job's tags. Contacts whose event `consumerGroup` applied before change
     * nothing. Throws INVALID_ARGUMENT (before writing anything) for a contact without a valid email.
     */
    async addDiscoveredLeads(
      consumerGroup: string,
      contacts: readonly DiscoveredContact[],
    ): Promise<DiscoveryResult[]> {
      const drafts: (EventUpsertDraft & { dropped: string[] })[] = contacts.map((contact) => {
        const { value, dropped } = validLeadInput(leadInputOf(contact));
        const workspaceId = contact.workspaceId.toLowerCase();
        return {
          eventId: contact.eventId.toLowerCase(),
          workspaceId,
          id: deriveClientId(workspaceId, value.email),
          input: value,
          dropped,
        };
      });
      const outcomes = await store.upsertOnce(consumerGroup, drafts, 'fillEmpty', clock());
      return drafts.map((draft, index) => ({
        contact: contacts[index] as DiscoveredContact,
        outcome: outcomes.get(draft.eventId) ?? 'duplicate',
        clientId: draft.id,
        dropped: draft.dropped,
      }));
    },
  };
}
