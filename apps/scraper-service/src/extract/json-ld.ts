import { emailsFromValue } from './email-candidates';
import type { PersonDraft } from './page-extraction';

/** What the JSON-LD blocks of a page say about people, the organisation, addresses and profiles. */
export interface JsonLdFindings {
  people: PersonDraft[];
  /** The shallowest Organization with a name (the site's own, not a publisher nested in an article). */
  organisation?: { name: string; url?: string; sameAs: string[]; rank: number };
  emails: string[];
  phones: string[];
  /** Every sameAs URL (organisation and people), for the social profiles. */
  sameAs: string[];
}

export function emptyJsonLdFindings(): JsonLdFindings {
  return { people: [], emails: [], phones: [], sameAs: [] };
}

// A page's JSON-LD is small; these bound the walk on a hostile one (deep or huge graphs).
const maxDepth = 16;
const maxNodes = 5_000;
const organisationType = /(?:Organization|Business|Corporation)$|^(?:NGO|Store|ProfessionalService)$/;

type JsonObject = Record<string, unknown>;

/**
 * Reads one <script type="application/ld+json"> block into `findings`: Person nodes anywhere (top level,
 * @graph, employee, founder, member, author, contactPoint, …), Organization name/url/sameAs, and every
 * `email` (also written as mailto:) and `telephone`. A block that is not JSON is skipped.
 */
export function readJsonLd(
  source: string,
  readPhone: (value: string) => string | undefined,
  findings: JsonLdFindings,
): void {
  const parsed = parseLenient(source);
  if (parsed === undefined) return;
  let budget = maxNodes;

  // `level` bounds the recursion; `rank` is how far below the top an organisation sits (the items of
  // an @graph are all top-level).
  const walk = (node: unknown, level: number, rank: number): void => {
    if (level > maxDepth || budget-- <= 0 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, level + 1, rank);
      return;
    }
    const object = node as JsonObject;
    const types = typesOf(object['@type']);
    const emails: string[] = [];
    for (const value of strings(object.email)) emailsFromValue(value, (email) => emails.push(email));
    findings.emails.push(...emails);
    const phone = strings(object.telephone)
      .map(readPhone)
      .find((number) => number !== undefined);
    if (phone !== undefined) findings.phones.push(phone);
    const sameAs = strings(object.sameAs);
    findings.sameAs.push(...sameAs);

    if (types.includes('Person')) {
      findings.people.push({
        source: 'json-ld',
        name: firstString(object.name),
        givenName: firstString(object.givenName),
        familyName: firstString(object.familyName),
        title: firstString(object.jobTitle) ?? firstString((object.jobTitle as JsonObject | undefined)?.name),
        emails,
        phone,
      });
    } else if (types.some((type) => organisationType.test(type))) {
      const name = firstString(object.name);
      const current = findings.organisation;
      if (name !== undefined && (current === undefined || rank < current.rank)) {
        findings.organisation = { name, url: firstString(object.url), sameAs, rank };
      }
    }
    for (const [key, value] of Object.entries(object)) {
      if (key !== '@context' && value !== null && typeof value === 'object') {
        walk(value, level + 1, key === '@graph' ? rank : rank + 1);
      }
    }
  };
  walk(parsed, 0, 0);
}

// Pages wrap JSON-LD in HTML comments or CDATA sections, or leave a trailing ; behind.
const wrappers = /^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|\/\/\s*\]\]>|\]\]>|;)\s*$/g;

function parseLenient(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    try {
      return JSON.parse(source.replace(wrappers, ''));
    } catch {
      return undefined;
    }
  }
}

function typesOf(value: unknown): string[] {
  // "@type": "Person", ["Person", "Author"] or "https://schema.org/Person".
  return strings(value).map((type) => type.slice(type.lastIndexOf('/') + 1));
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function firstString(value: unknown): string | undefined {
  return strings(value).find((item) => item.trim() !== '');
}
