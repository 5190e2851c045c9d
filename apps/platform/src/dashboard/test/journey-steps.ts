// Steps the dashboard's journeys share, by accessible role and name as a person (or a screen reader)
// finds them. No fixed waits: locators wait for what they name.
import type { Locator, Page } from 'playwright-core';

/** Waits for the page's one h1. */
export function heading(page: Page, name: string | RegExp): Promise<void> {
  return page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Follows a link of the sections' navigation and waits for the page's heading. */
export async function openSection(page: Page, name: string, title = name): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
  await heading(page, title);
}

/** A control the brief names a button that a page may render as a link styled like one. */
export function action(page: Page | Locator, name: string | RegExp): Locator {
  return page.getByRole('button', { name, exact: true }).or(page.getByRole('link', { name, exact: true }));
}

/**
 * Moves the focus with Tab only until `target` has it (keyboard-only journeys); fails when it is
 * not reachable within `limit` presses.
 */
export async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} never got the focus in ${limit} presses of Tab`);
}

/** Runs a request from inside the signed-in page (its cookie, none of the dashboard's headers). */
export function fetchFromPage(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return page.evaluate(
    async ({ method, path, body, headers }) => {
      const response = await fetch(path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.text() };
    },
    { method, path, body, headers },
  );
}
