import type { components } from '../../gen/api-schema';

export type Suppression = components['schemas']['Suppression'];
export type SuppressionReason = Suppression['reason'];

/** Every reason the API answers, in words; a Record so a new reason does not compile unexplained. */
const reasons: Record<SuppressionReason, { label: string; why: string; asked: boolean }> = {
  unsubscribe: { label: 'Unsubscribed', why: 'the recipient unsubscribed', asked: true },
  complaint: { label: 'Complaint', why: 'the recipient reported an email as spam', asked: true },
  hard_bounce: {
    label: 'Hard bounce',
    why: 'the address does not exist or refuses mail for good',
    asked: false,
  },
  manual: { label: 'Added by hand', why: 'someone in this workspace added it', asked: false },
};

export const suppressionReasons = Object.keys(reasons) as SuppressionReason[];

export function reasonLabel(reason: SuppressionReason): string {
  return reasons[reason].label;
}

/** Why an address is suppressed, as a sentence's end ("… because the recipient unsubscribed"). */
export function reasonWhy(reason: SuppressionReason): string {
  return reasons[reason].why;
}

/**
 * The recipient asked not to be contacted: the API removes such an entry only with force=true,
 * and the dashboard asks for it only after saying so.
 */
export function removalNeedsForce(reason: SuppressionReason): boolean {
  return reasons[reason].asked;
}

/** The reason of a ?reason= value, or undefined (every reason) for anything else. */
export function reasonFilterOf(value: string | null): SuppressionReason | undefined {
  return suppressionReasons.find((reason) => reason === value);
}
