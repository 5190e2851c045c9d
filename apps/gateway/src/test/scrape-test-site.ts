// A small website on loopback for the scrape specs: served on 127.0.0.2 (inside 127.0.0.0/8, so no
// packet leaves the machine; the Scraper service is told to allow this one address), with planted
// contacts, a missing page, and every request it answered logged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const siteAddress = '127.0.0.2';

export type SitePage = string | ((request: IncomingMessage, response: ServerResponse) => void);

export interface ScrapeTestSite {
  /** `http://127.0.0.2:<port>` */
  origin: string;
  port: number;
  /** The paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

export const html = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lovelace Labs</title></head><body>${body}</body></html>`;

/** Serves `pages` (path → HTML or a handler); any other path is a 404 page. */
export async function startScrapeTestSite(pages: Record<string, SitePage>): Promise<ScrapeTestSite> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const page = pages[path];
    if (typeof page === 'function') return page(request, response);
    response
      .writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page ?? html('<h1>Not found</h1>'));
  });
  await new Promise<void>((resolve) => server.listen(0, siteAddress, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${siteAddress}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Lovelace Labs: a home page with a contact address and links, a team page with a person card (name,
 * title, phone), a people page listing `peopleCount` addresses, and a link to a missing page.
 */
export function lovelaceLabsPages(peopleCount: number): Record<string, SitePage> {
  const people = Array.from(
    { length: peopleCount },
    (_, i) => `<li><a href="mailto:person${i}@lovelace-labs.com">Person ${i}</a></li>`,
  ).join('');
  return {
    '/': html(
      '<h1>Lovelace Labs</h1><p>Write to <a href="mailto:hello@lovelace-labs.com">hello@lovelace-labs.com</a>.</p>' +
        '<a href="/team">Team</a> <a href="/people">People</a> <a href="/missing">Old page</a>',
    ),
    '/team': html(
      '<div class="vcard"><span class="fn">Ada Lovelace</span>, <span class="title">Chief Analyst</span><br>' +
        '<a class="email" href="mailto:ada@lovelace-labs.com">ada@lovelace-labs.com</a><br>' +
        '<a class="tel" href="tel:+44 20 7123 4567">+44 20 7123 4567</a></div>',
    ),
    '/people': html(`<ul>${people}</ul>`),
  };
}
