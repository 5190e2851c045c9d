// Test support for the dashboard's browser journeys: the built dashboard served by the embedded
// platform (`npm start` in this process, random ports, a temporary data dir), one owner user in each
// of its two workspaces, and Chromium held to loopback. One harness per spec file; a fresh browser
// context (cookies, storage) per journey.
import type { Browser, BrowserContext, Page } from 'playwright-core';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
import { createUserStore } from '@coldreach/tenancy';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../../test/start-test-platform';
import { launchChromium, snapshotDashboard } from '@coldreach/testing';
import { callApi } from '../../api-call';

export interface DashboardUser {
  email: string;
  password: string;
}

export interface Journey {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions, CSP violations and 5xx answers seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export interface DashboardHarness {
  test: TestPlatform;
  baseUrl: string;
  browser: Browser;
  /** Owners of workspace A and of workspace B. */
  ownerA: DashboardUser;
  ownerB: DashboardUser;
  /** Another owner of A, for journeys that change its password (the others keep theirs). */
  secondA: DashboardUser;
  /** A fresh context and page; the viewport defaults to a laptop's 1366×768. */
  journey(options?: JourneyOptions): Promise<Journey>;
  /** A REST call with the workspace's API key (test data made the way a program would). */
  api<T = unknown>(tenant: TestTenant, method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface JourneyOptions {
  width?: number;
  height?: number;
  bypassCSP?: boolean;
  /**
   * Starts with this user's cookie, from one sign-in through the form per user and harness: sign-in
   * attempts are rate-limited per account and address, and every journey comes from 127.0.0.1.
   */
  signedInAs?: DashboardUser;
}

const usersPassword = 'correct horse battery staple';

export async function startDashboardHarness(): Promise<DashboardHarness> {
  const web = snapshotDashboard();
  const ownerA = { email: 'owner-a@example.test', password: usersPassword };
  const ownerB = { email: 'owner-b@example.test', password: usersPassword };
  const secondA = { email: 'second-a@example.test', password: usersPassword };
  let test: TestPlatform | undefined;
  let browser: Browser;
  try {
    test = await startTestPlatform({
      env: { WEB_ROOT: web.root },
      prepare: async (gatewayDb, tenants) => {
        const users = createUserStore(gatewayDb);
        for (const [user, tenant] of [
          [ownerA, tenants.a],
          [ownerB, tenants.b],
          [secondA, tenants.a],
        ] as const) {
          const created = await users.createUser(user.email, user.password);
          await users.addMembership(created.id, tenant.workspaceId, 'owner');
        }
      },
    });
    browser = await launchChromium();
  } catch (error) {
    await test?.stop();
    web.remove();
    throw error;
  }
  const platform = test;
  const baseUrl = platform.gatewayUrl;
  const states = new Map<DashboardUser, Promise<StorageState>>();
  const signedInState = (user: DashboardUser) => {
    let state = states.get(user);
    if (!state) {
      state = (async () => {
        const context = await browser.newContext({ baseURL: baseUrl });
        try {
          const page = await context.newPage();
          await signIn(page, user);
          return await context.storageState();
        } finally {
          await context.close();
        }
      })();
      states.set(user, state);
    }
    return state;
  };
  return {
    test: platform,
    baseUrl,
    browser,
    ownerA,
    ownerB,
    secondA,
    async journey({ width = 1366, height = 768, bypassCSP = false, signedInAs } = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width, height },
        bypassCSP,
        storageState: signedInAs && (await signedInState(signedInAs)),
      });
      // A step that cannot happen fails within this, with what it waited for, not at jest's timeout.
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      return { context, page, problems: watchProblems(page), close: () => context.close() };
    },
    api: <T>(tenant: TestTenant, method: string, path: string, body?: unknown) =>
      callApi<T>(baseUrl, tenant.key, method, path, body),
    async stop() {
      await browser.close();
      await platform.stop();
      web.remove();
    },
  };
}

/**
 * What must never happen while a person uses the dashboard. A 4xx answer is part of a journey (the
 * signed-out session check, a rejected form) and Chromium logs each as "Failed to load resource":
 * those lines are left out; a 5xx answer is not.
 */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
  });
  return problems;
}

/** Signs in through the form and waits for the signed-in frame (its navigation). */
export async function signIn(page: Page, user: DashboardUser): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

/**
 * One harness for the spec file (started before its tests, stopped after) and journeys that end
 * after each test: closed, and failed if they saw a console error, a CSP refusal or a 5xx.
 */
export function useDashboardJourneys(): {
  harness: () => DashboardHarness;
  journey: (options?: JourneyOptions) => Promise<Journey>;
} {
  let harness: DashboardHarness | undefined;
  const journeys: Journey[] = [];
  beforeAll(async () => {
    harness = await startDashboardHarness();
  });
  afterEach(async () => {
    for (const { problems, close } of journeys.splice(0)) {
      await close();
      expect(problems).toEqual([]);
    }
  });
  afterAll(async () => {
    await harness?.stop();
  });
  const started = () => {
    if (!harness) throw new Error('the dashboard harness has not started');
    return harness;
  };
  return {
    harness: started,
    async journey(options) {
      const journey = await started().journey(options);
      journeys.push(journey);
      return journey;
    },
  };
}
