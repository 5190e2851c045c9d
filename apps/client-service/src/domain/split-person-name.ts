// Compared lower-case and without their dots ("Dr." and "dr" alike).
const honorifics = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'herr', 'frau']);
const suffixes = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'mba', 'msc', 'bsc', 'esq', 'cpa']);

// Lower-case particles of family names ("van der Berg", "de la Cruz").
const particle = /^(?:van|von|der|den|de|del|della|di|da|du|la|le|ter|ten|zu|bin|al)$/;

const bare = (word: string) => word.toLowerCase().replace(/\./g, '');

/**
 * First and last name from a person's name as a page shows it: the first word is the first name and
 * the rest the last name ("Jane van der Berg" → Jane / van der Berg), "Doe, Jane" is read the other
 * way round, what follows a comma after a full name is dropped ("Jane Doe, Acme"), and titles before and degrees after ("Dr. Jane Doe, PhD") are left out. One word is a
 * first name only.
 */
export function splitPersonName(name: string): { firstName: string; lastName: string } {
  const parts = name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  while (parts.length > 1 && suffixes.has(bare(parts[parts.length - 1] as string))) parts.pop();
  // "Doe, Jane" (a family name of one word and its particles, first, as directories list people);
  // otherwise what follows the comma is a role or a company ("Jane Doe, Acme"), not a name.
  const [head = '', tail] = parts;
  const familyFirst =
    tail !== undefined && head.split(' ').filter((word) => !particle.test(word)).length === 1;
  const words = (familyFirst ? `${tail} ${head}` : head).split(' ');
  while (words.length > 1 && honorifics.has(bare(words[0] as string))) words.shift();
  while (words.length > 1 && suffixes.has(bare(words[words.length - 1] as string))) words.pop();
  const [firstName = '', ...rest] = words.filter((word) => word !== '');
  return { firstName, lastName: rest.join(' ') };
}
