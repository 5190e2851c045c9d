import { ApiError } from '../../api/problem';
import { Badge } from '../../ui/Page';
import type { Campaign } from './campaign-form';

const tones = { draft: 'neutral', active: 'good', paused: 'warn', completed: 'info' } as const;

export function CampaignStatusBadge({ status }: { status: Campaign['status'] }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}

/** Analytics answers 404 for a campaign nothing happened in yet and 503 where it is not deployed: neither is worth a retry. */
export const retryUnlessSettled = (failures: number, error: unknown) =>
  !(error instanceof ApiError && [404, 503].includes(error.status)) && failures < 2;
