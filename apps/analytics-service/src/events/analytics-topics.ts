import { topics } from '@coldreach/contracts';

/**
 * The topics analytics reads, with the partition counts their producers create them with (created
 * here only when missing, e.g. before the scraper ever ran). `email.commands` carries
 * `email.send.requested`, a campaign's "scheduled" stage.
 */
export const analyticsTopics = [
  { name: topics.clientsEvents, partitions: 6 },
  { name: topics.campaignsEvents, partitions: 6 },
  { name: topics.emailCommands, partitions: 12 },
  { name: topics.emailEvents, partitions: 6 },
  { name: topics.scrapeEvents, partitions: 6 },
];
