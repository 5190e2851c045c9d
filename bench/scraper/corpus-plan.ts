// The benchmark's corpus as data: hosts, pages, the links between them and the contacts planted on
// them, generated from a seed so every process of a run (server, crawlers, scorer) builds the same
// corpus without passing it around. The answer key is the set of planted addresses.

/** The one address every corpus host name resolves to (the scraper's allow-list names it alone). */
export const corpusAddress = '127.0.0.2';

/** How an address is written on its page (issue 13 §4); each planted address uses one form. */
export const emailForms = [
  'mailto',
  'mailto-encoded',
  'text',
  'brackets',
  'spelled',
  'entities',
  'cloudflare',
  'cloudflare-link',
  'json-ld-person',
] as const;
export type EmailForm = (typeof emailForms)[number] | 'json-ld-organization';

export interface PlantedContact {
  email: string;
  form: EmailForm;
  name: string;
  title: string;
  phone: string;
}

export interface CorpusPage {
  host: string;
  path: string;
  title: string;
  /** Paths on the same host, then absolute URLs elsewhere (never followed: out of scope). */
  links: string[];
  contacts: PlantedContact[];
  /** Which decoy block the page carries, if any (see corpus-html.ts). */
  decoy?: number;
}

export interface CorpusHost {
  host: string;
  company: string;
  /** The company's mail domain (a real TLD: the host names are .test, which no extractor accepts). */
  mailDomain: string;
  slug: string;
  pages: CorpusPage[];
}

export interface Corpus {
  hosts: CorpusHost[];
  /** Every planted address and its form: what a perfect extractor finds. */
  answerKey: Map<string, EmailForm>;
}

export interface CorpusSize {
  hosts: number;
  pagesPerHost: number;
  seed: number;
}

const firstNames = (
  'ann ben carla dev elena farid grace hugo ines jonas kira liam maya noor oscar priya quinn rosa ' +
  'sven tara umar vera walt xenia yusuf zoe amir bea cyril dora emil fleur gita hans ida joel kemal'
).split(' ');
const lastNames = (
  'lee novak okafor silva brandt moreau haddad ito kowalski jensen rossi tanaka meyer dubois ' +
  'fischer garcia kaur lindqvist murphy nakamura osei petrov quist ramos schulz torres ueda varga ' +
  'weber young zhang abbott bauer costa dietz evans'
).split(' ');
const titles = [
  'Head of Sales',
  'Chief Financial Officer',
  'Marketing Manager',
  'Founder',
  'Operations Director',
  'Account Executive',
  'Procurement Lead',
  'Customer Success Manager',
];
const companyFirst = 'north blue iron silver bright cedar amber harbor summit granite'.split(' ');
const companySecond = 'wind ridge works labs forge mills logic trade stone field'.split(' ');
const mailTlds = ['com', 'co.uk', 'de', 'io', 'net', 'fr', 'nl', 'com.au'];
export const sections = ['news', 'products', 'docs', 'blog', 'careers', 'events'];
const slugWords = 'launch guide update review report story notes release case study plan tour'.split(' ');

/** The first pages of every host; pages after them are generated. */
const fixedPages = [
  { path: '/', title: 'Home' },
  { path: '/about.html', title: 'About us' },
  { path: '/team.html', title: 'Our team' },
  { path: '/contact.html', title: 'Contact' },
];
// Where Cloudflare's protected-address links lead: the last page of each host, a leaf of the tree.
const cloudflarePage = { path: '/cdn-cgi/l/email-protection', title: 'Email protection' };

/** A small deterministic PRNG (mulberry32), so the corpus is the same in every process. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pageName(index: number, count: number): { path: string; title: string } {
  const fixed = index === count - 1 ? cloudflarePage : fixedPages[index];
  if (fixed) return fixed;
  const section = sections[index % sections.length] ?? 'news';
  const word = slugWords[index % slugWords.length] ?? 'notes';
  return { path: `/${section}/${word}-${index}.html`, title: `${capitalised(section)}: ${word} ${index}` };
}

const pathOf = (index: number, count: number) => pageName(index, count).path;

function hostPlan(hostIndex: number, size: CorpusSize, random: () => number): CorpusHost {
  const first = companyFirst[hostIndex % companyFirst.length] ?? 'north';
  const second = companySecond[Math.floor(hostIndex / companyFirst.length) % companySecond.length] ?? 'wind';
  const round = Math.floor(hostIndex / (companyFirst.length * companySecond.length));
  const slug = `${first}${second}${round > 0 ? round : ''}`;
  const mailDomain = `${first}-${second}${round > 0 ? round : ''}.${mailTlds[hostIndex % mailTlds.length]}`;
  const host = `www.${slug}.test`;
  const company = `${first[0]?.toUpperCase()}${first.slice(1)} ${second[0]?.toUpperCase()}${second.slice(1)}`;
  const count = size.pagesPerHost;
  const pages: CorpusPage[] = Array.from({ length: count }, (_, index) => {
    const links = ['/', '/about.html', '/team.html', '/contact.html'];
    // A 4-ary tree from the root (depth ≤ 4 for 128 pages) plus a few random links.
    for (let child = 4 * index + 1; child <= 4 * index + 4 && child < count; child++) {
      links.push(pathOf(child, count));
    }
    for (let extra = 0; extra < 3; extra++) links.push(pathOf(Math.floor(random() * count), count));
    links.push(
      `https://www.linkedin.com/company/${slug}`,
      `https://x.com/${slug}`,
      `https://github.com/${slug}`,
    );
    const name = pageName(index, count);
    const title = index === 0 ? company : `${name.title} – ${company}`;
    return { host, path: name.path, title, links, contacts: [] };
  });
  const personCount = Math.max(1, Math.round(count / 3));
  const root = pages[0] as CorpusPage;
  root.contacts.push({
    email: `info@${mailDomain}`,
    form: 'json-ld-organization',
    name: company,
    title: '',
    phone: '',
  });
  for (let person = 0; person < personCount; person++) {
    const firstName = firstNames[person % firstNames.length] ?? 'ann';
    const lastName = lastNames[(person * 7 + hostIndex) % lastNames.length] ?? 'lee';
    const suffix = person >= firstNames.length ? String(Math.floor(person / firstNames.length)) : '';
    const contact: PlantedContact = {
      email: `${firstName}.${lastName}${suffix}@${mailDomain}`,
      form: emailForms[(person + hostIndex) % emailForms.length] ?? 'text',
      name: `${capitalised(firstName)} ${capitalised(lastName)}`,
      title: titles[(person + hostIndex) % titles.length] ?? 'Founder',
      phone: `+44 20 7946 ${String(1000 + ((hostIndex * 97 + person) % 9000)).padStart(4, '0')}`,
    };
    // Pages 1 … count - 2: not the root, not the Cloudflare page.
    const pageIndex = 1 + ((person * 37 + hostIndex) % (count - 2));
    (pages[pageIndex] as CorpusPage).contacts.push(contact);
    // Every fifth address is on a second page too, in the same form.
    const second = (pageIndex + Math.floor(count / 2)) % (count - 1);
    if (person % 5 === 0 && second !== pageIndex) (pages[second] as CorpusPage).contacts.push(contact);
  }
  pages.forEach((page, index) => {
    if (index % 4 === 2) page.decoy = index;
  });
  return { host, company, mailDomain, slug, pages };
}

function capitalised(word: string): string {
  return `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`;
}

/** The corpus of `size.hosts` hosts with `size.pagesPerHost` pages each. */
export function planCorpus(size: CorpusSize): Corpus {
  const random = createRandom(size.seed);
  const hosts = Array.from({ length: size.hosts }, (_, index) => hostPlan(index, size, random));
  const answerKey = new Map<string, EmailForm>();
  for (const host of hosts)
    for (const page of host.pages)
      for (const contact of page.contacts) answerKey.set(contact.email, contact.form);
  return { hosts, answerKey };
}

/** Every page URL of the corpus on `port` (what the raw loop fetches). */
export function corpusUrls(corpus: Corpus, port: number): string[] {
  return corpus.hosts.flatMap((host) => host.pages.map((page) => `http://${host.host}:${port}${page.path}`));
}
