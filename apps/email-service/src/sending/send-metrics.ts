import { defineCounter } from '@coldreach/observability';
import type { LedgerOutcome } from '../ledger/delivery-transitions';

const smtpOutcomes = defineCounter({
  name: 'coldreach_email_send_outcomes_total',
  help:
    'Send attempts by mailbox id and outcome: sent, bounced (a hard failure that suppresses the address), ' +
    'failed, deferred (retried later), unknown (no verdict after DATA: never re-sent), suppressed',
  labelNames: ['mailbox', 'outcome'],
});

/** Counts one attempt's outcome under its mailbox (the send rate is `rate()` of outcome="sent"). */
export function countSendOutcome(outcome: LedgerOutcome): void {
  smtpOutcomes.inc({ mailbox: outcome.delivery.mailboxId, outcome: outcomeName(outcome) });
}

function outcomeName(outcome: LedgerOutcome): string {
  switch (outcome.status) {
    case 'failed':
      return outcome.bounce ? 'bounced' : 'failed';
    case 'scheduled':
      return 'deferred';
    default:
      return outcome.status;
  }
}
