import { notFound } from '@coldreach/errors';
import { verifyClickToken, verifyOpenToken, type TokenSecret } from '@coldreach/outreach';
import { classifyTrackingHit } from './automated-hit';
import { emailClickedEvent, emailOpenedEvent } from './tracking-events';
import type { TrackedDeliveryRecord, TrackingStore } from './tracking-store';

export type TrackingUseCases = ReturnType<typeof createTrackingUseCases>;

/** What the gateway saw of a tracking request: read for the verdict, then dropped. */
export interface TrackingRequest {
  userAgent: string;
  remoteAddress: string;
}

export interface TrackingUseCaseDependencies {
  store: TrackingStore;
  /** The unsubscribe links' secrets: the first signs tracking tokens too, all verify (rotation). */
  secrets: readonly TokenSecret[];
  clock?: () => Date;
}

// Real user agents are a few hundred characters; what is past this decides nothing.
const maxUserAgentLength = 512;

/**
 * Opens and clicks of tracked emails. A token that is forged, altered or names no delivery of its
 * workspace is NOT_FOUND and records nothing. A valid token used again is recorded again: every load
 * of a pixel and every followed link is a hit, and counting unique ones is the analytics service's.
 */
export function createTrackingUseCases(deps: TrackingUseCaseDependencies) {
  const clock = deps.clock ?? (() => new Date());
  const verdictOf = (request: TrackingRequest, found: TrackedDeliveryRecord) =>
    classifyTrackingHit({
      userAgent: request.userAgent.slice(0, maxUserAgentLength),
      remoteAddress: request.remoteAddress.slice(0, 64),
      sentAt: found.sentAt,
      now: clock(),
    });

  return {
    /** Records a load of the open pixel `token` names. */
    async recordOpen(token: string, request: TrackingRequest): Promise<void> {
      const payload = verifyOpenToken(token, deps.secrets);
      const recorded =
        payload !== undefined &&
        (await deps.store.recordHit(payload.workspaceId, payload.deliveryId, (found) =>
          emailOpenedEvent(found.delivery, verdictOf(request, found)),
        ));
      if (!recorded) throw notFound('the email of this tracking link');
    },

    /** Records a followed link and answers where it goes: the URL the token carries, nothing else. */
    async recordClick(token: string, request: TrackingRequest): Promise<{ url: string }> {
      const payload = verifyClickToken(token, deps.secrets);
      const recorded =
        payload !== undefined &&
        (await deps.store.recordHit(payload.workspaceId, payload.deliveryId, (found) =>
          emailClickedEvent(found.delivery, payload, verdictOf(request, found)),
        ));
      if (!payload || !recorded) throw notFound('the email of this tracking link');
      return { url: payload.url };
    },
  };
}
