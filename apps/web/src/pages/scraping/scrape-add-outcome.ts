import type { components } from '../../gen/api-schema';
import type { AddOutcome } from '../../ui/add-in-batches';

type ScrapeContactsAdded = components['schemas']['ScrapeContactsAdded'];

/** What POST /api/scrape/:id/add-to-campaign did, in words: the contacts skipped (no lead), by email. */
export function outcomeOf(answer: ScrapeContactsAdded): AddOutcome {
  const { added, alreadyPresent, withoutLeadCount, withoutLead } = answer;
  if (withoutLeadCount === 0) return { added, alreadyPresent };
  const more = withoutLeadCount - withoutLead.length;
  const named = withoutLead.join(', ') + (more > 0 ? ` and ${more} more` : '');
  const subject =
    withoutLeadCount === 1 ? '1 contact is not a lead' : `${withoutLeadCount} contacts are not leads`;
  return {
    added,
    alreadyPresent,
    skipped:
      `${subject} (a lead is made moments after its page is read, unless it is refused or was deleted), ` +
      `so not added: ${named}.`,
  };
}
