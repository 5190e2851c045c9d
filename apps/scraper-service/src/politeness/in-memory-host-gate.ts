import { randomUUID } from 'node:crypto';
import {
  assertDelay,
  hostGateSettings,
  hostWaitMs,
  normaliseHost,
  type HostGate,
  type HostGateOptions,
} from './host-gate';

interface HostState {
  /** No new request before this time. */
  nextAt: number;
  /** The delay of the last release, the hint while every slot is held. */
  lastDelayMs: number;
  /** Live leases: token → expiry. */
  leases: Map<string, number>;
}

/** The in-memory gate also tells how many hosts it remembers (bounded by those recently active). */
export interface InMemoryHostGate extends HostGate {
  readonly trackedHosts: number;
}

/**
 * The host gate of the embedded mode: one process, so a Map is the shared state. A host is
 * forgotten once it is idle (no live lease, no wait ahead); idle hosts are swept after as many
 * acquisitions as there are hosts, so the cost stays constant per call.
 */
export function createInMemoryHostGate(options: HostGateOptions = {}): InMemoryHostGate {
  const settings = hostGateSettings(options);
  const now = options.now ?? Date.now;
  const hosts = new Map<string, HostState>();
  let acquisitionsSinceSweep = 0;

  function stateOf(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      state = { nextAt: 0, lastDelayMs: 0, leases: new Map() };
      hosts.set(host, state);
    }
    return state;
  }

  /** Drops expired leases; returns how many are live and when the soonest of them expires. */
  function liveLeases(state: HostState, at: number): { held: number; soonestExpiry: number } {
    let soonestExpiry = Infinity;
    for (const [token, expiresAt] of state.leases) {
      if (expiresAt <= at) state.leases.delete(token);
      else soonestExpiry = Math.min(soonestExpiry, expiresAt);
    }
    return { held: state.leases.size, soonestExpiry };
  }

  function sweepIdle(at: number): void {
    for (const [host, state] of hosts) {
      if (state.nextAt <= at && liveLeases(state, at).held === 0) hosts.delete(host);
    }
  }

  return {
    get trackedHosts() {
      return hosts.size;
    },
    async tryAcquire(host) {
      const key = normaliseHost(host);
      const at = now();
      if (++acquisitionsSinceSweep > Math.max(64, hosts.size)) {
        acquisitionsSinceSweep = 0;
        sweepIdle(at);
      }
      const state = stateOf(key);
      const waitMs = hostWaitMs({ ...state, ...liveLeases(state, at) }, at, settings);
      if (waitMs > 0) return { granted: false, waitMs };
      const lease = { host: key, token: randomUUID(), expiresAt: at + settings.leaseTtlMs };
      state.leases.set(lease.token, lease.expiresAt);
      return { granted: true, lease };
    },
    async release(lease, { delayMs }) {
      assertDelay('delayMs', delayMs);
      const at = now();
      const state = stateOf(normaliseHost(lease.host));
      const expiresAt = state.leases.get(lease.token);
      state.leases.delete(lease.token);
      // A late release still spaces the next request from the one it made: politeness costs
      // nothing here, and the holder that replaced it keeps its slot.
      state.nextAt = Math.max(state.nextAt, at + delayMs);
      state.lastDelayMs = delayMs;
      return expiresAt !== undefined && expiresAt > at;
    },
    async pushBack(host, delayMs) {
      assertDelay('a push-back', delayMs);
      const state = stateOf(normaliseHost(host));
      state.nextAt = Math.max(state.nextAt, now() + delayMs);
    },
  };
}
