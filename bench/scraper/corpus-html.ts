// One corpus page as HTML of about 8 KB: navigation, prose, team cards with the planted contacts in
// their forms, a decoy block on some pages (what a careless extractor takes for an address), links.
import { createRandom, type CorpusHost, type CorpusPage, type PlantedContact } from './corpus-plan';

const pageBytes = 8 * 1024;

// Prose without "at", "dot" or "@", so the only addresses on a page are the planted ones and decoys.
const words = (
  'precision widgets industry supply quality partners engineering team service delivery customers ' +
  'product design process support global market research value growth solutions experience trusted ' +
  'reliable innovation manufacturing logistics planning standards results projects clients region ' +
  'local export import orders pricing warranty catalogue parts assembly materials testing operations'
).split(' ');

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Cloudflare's email protection: a random key byte, then each byte of the address XORed with it. */
export function cloudflareHex(email: string, key: number): string {
  const bytes = [...Buffer.from(email, 'utf8')].map((byte) => byte ^ key);
  return [key, ...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function spelledOut(email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  return `${local} at ${domain.split('.').join(' dot ')}`;
}

/** The visible part of a contact card: how the address is written in its form. */
function emailHtml(contact: PlantedContact, variant: number): string {
  const { email, name } = contact;
  const [local, domain] = email.split('@') as [string, string];
  const firstName = name.split(' ')[0] ?? name;
  switch (contact.form) {
    case 'mailto':
      return `<a href="mailto:${email}?subject=Hello%20from%20the%20website">Email ${firstName}</a>`;
    case 'mailto-encoded':
      return `<a href="mailto:${local}%40${domain}?subject=Quote">Write to ${firstName}</a>`;
    case 'text':
      return `<p>Questions? ${escapeHtml(name)} answers on ${email}.</p>`;
    case 'brackets':
      return variant % 2 === 0
        ? `<p>${local} [at] ${domain.split('.').join(' [dot] ')}</p>`
        : `<p>${local}(at)${domain.split('.').join('(dot)')}</p>`;
    case 'spelled':
      return `<p>Write to ${spelledOut(email)} for enquiries.</p>`;
    case 'entities':
      return variant % 2 === 0
        ? `<p>${local}&#64;${domain.split('.').join('&#46;')}</p>`
        : `<p>${local}&#x40;${domain}</p>`;
    case 'cloudflare':
      return (
        `<p><a href="/cdn-cgi/l/email-protection" class="__cf_email__" ` +
        `data-cfemail="${cloudflareHex(email, 0x20 + (variant % 200))}">[email&#160;protected]</a></p>`
      );
    case 'cloudflare-link':
      return `<p><a href="/cdn-cgi/l/email-protection#${cloudflareHex(email, 0x31 + (variant % 150))}">Email ${firstName}</a></p>`;
    default:
      // JSON-LD contacts are in the head; the card shows the person only.
      return '';
  }
}

function card(contact: PlantedContact, variant: number): string {
  return (
    `<div class="card">\n<h3>${escapeHtml(contact.name)}</h3>\n<p class="role">${escapeHtml(contact.title)}</p>\n` +
    `${emailHtml(contact, variant)}\n<p><a href="tel:${contact.phone.replace(/ /g, '')}">${contact.phone}</a></p>\n</div>`
  );
}

function jsonLd(host: CorpusHost, contact: PlantedContact): string {
  const organization = {
    '@type': 'Organization',
    name: host.company,
    url: `https://www.${host.mailDomain}/`,
  };
  const data =
    contact.form === 'json-ld-organization'
      ? { '@context': 'https://schema.org', ...organization, email: contact.email, sameAs: [] }
      : {
          '@context': 'https://schema.org',
          '@type': 'Person',
          name: contact.name,
          jobTitle: contact.title,
          email: `mailto:${contact.email}`,
          worksFor: organization,
        };
  return `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
}

/** Decoys: retina file names, placeholder domains, a Sentry DSN, version strings. None is an address. */
function decoyHtml(variant: number): string {
  const dsnKey = cloudflareHex(`decoy-${variant}`, 7).padEnd(32, '0').slice(0, 32);
  return (
    `<figure><img src="/img/logo@2x.png" srcset="/img/logo@2x.png 2x, /img/logo@3x.png 3x" alt="">\n` +
    `<figcaption>Print version: logo@2x.png</figcaption></figure>\n` +
    `<p>In our docs the sample sender is press@example.com.</p>\n` +
    `<p>Built with widget-sdk@1.2.${variant % 10} and jquery@3.7.1.min.js</p>\n` +
    `<script>window.sentryDsn="https://${dsnKey}@o450123.ingest.sentry.io/55${variant}";</script>\n`
  );
}

function prose(random: () => number, sentences: number): string {
  const parts: string[] = [];
  for (let sentence = 0; sentence < sentences; sentence++) {
    const length = 8 + Math.floor(random() * 10);
    const chosen = Array.from({ length }, () => words[Math.floor(random() * words.length)] ?? 'widgets');
    parts.push(`${chosen.join(' ')}.`);
  }
  return parts.join(' ');
}

/** The page as served: about `pageBytes` of HTML. */
export function renderPage(host: CorpusHost, page: CorpusPage, index: number): string {
  const random = createRandom(index * 7919 + host.host.length);
  const head =
    `<meta charset="utf-8"><title>${escapeHtml(page.title)}</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<link rel="canonical" href="${page.path}"><meta property="og:site_name" content="${host.company}">` +
    page.contacts
      .filter((contact) => contact.form.startsWith('json-ld'))
      .map((contact) => jsonLd(host, contact))
      .join('');
  // Block elements on lines of their own, as in most real markup (text extraction joins lines).
  const nav = page.links
    .map(
      (link, position) =>
        `<li><a href="${link}">${escapeHtml(link.split('/').pop() || 'Home')} ${position}</a></li>`,
    )
    .join('\n');
  const cards = page.contacts
    .filter((contact) => contact.form !== 'json-ld-organization')
    .map((contact, position) => card(contact, index + position))
    .join('\n');
  const top =
    `<!doctype html>\n<html lang="en-GB">\n<head>${head}</head>\n<body>\n<header><a href="/">${host.company}</a>\n` +
    `<nav><ul>\n${nav}\n</ul></nav>\n</header>\n<main>\n<h1>${escapeHtml(page.title)}</h1>\n` +
    `${cards ? `<section class="team">\n${cards}\n</section>\n` : ''}` +
    `${page.decoy !== undefined ? decoyHtml(page.decoy) : ''}`;
  const bottom = `</main>\n<footer><p>© ${host.company}. All rights reserved.</p></footer>\n</body>\n</html>\n`;
  let body = '';
  while (Buffer.byteLength(top) + body.length + bottom.length < pageBytes - 400) {
    body += `<p>${prose(random, 4)}</p>\n`;
  }
  return top + body + bottom;
}
