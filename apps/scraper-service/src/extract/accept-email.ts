import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import { parse } from 'tldts';

// File extensions that show up after an @ in asset names (logo@2x.png, bundle@1.2.0.min.js). Most are
// not TLDs and tldts refuses them anyway; a few are (.zip, .mov, .map), so they are named here.
const assetSuffixes = new Set(
  (
    'png jpg jpeg gif svg webp avif ico bmp tif tiff heic css scss js mjs cjs ts jsx tsx map json xml txt ' +
    'pdf zip gz tgz rar 7z mov mp4 m4v mp3 m4a wav webm ogg woff woff2 ttf otf eot php html htm asp aspx ' +
    'jsp exe dmg csv doc docx xls xlsx ppt pptx yml yaml wasm lock'
  ).split(' '),
);

// Domains that only ever appear in placeholders, documentation and error-reporting DSNs.
const placeholderDomains = new Set([
  'domain.com',
  'yourdomain.com',
  'mydomain.com',
  'yourcompany.com',
  'company.com',
  'yoursite.com',
  'website.com',
  'sentry.io',
  'wixpress.com',
]);

// Local parts that are form placeholders ("your.name@…"), never a person's mailbox.
const placeholderLocals = new Set([
  'you',
  'your',
  'yourname',
  'your.name',
  'your-name',
  'your_name',
  'youremail',
  'your.email',
  'name',
  'username',
  'user',
  'email',
  'firstname.lastname',
  'first.last',
  'firstname',
  'lastname',
]);

// A run of 16+ hex digits with some digits in it: an id or hash (Sentry's 32-hex DSN keys,
// tracking ids), not a name someone reads out.
const hexRun = /[0-9a-f]{16,}/;
const digits = /\d/g;

// Retina asset names: the part after the @ is "2x", "3x", …
const retinaLabel = /^\d+(?:\.\d+)?x$/;

/**
 * The normalised form of a candidate address (as the Client service stores it), or undefined when it
 * is not an address worth keeping: invalid, an unknown TLD (the public suffix must be on the ICANN list),
 * an asset file name, a version string, an example/test/placeholder domain or a hash-like local part.
 */
export function acceptableEmail(candidate: string): string | undefined {
  const email = normaliseEmail(candidate);
  if (emailProblem(email) !== undefined) return undefined;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (placeholderLocals.has(local)) return undefined;
  const hex = hexRun.exec(local);
  if (hex && (hex[0].match(digits)?.length ?? 0) >= 4) return undefined;

  const firstLabel = domain.slice(0, domain.indexOf('.'));
  if (retinaLabel.test(firstLabel)) return undefined;
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (assetSuffixes.has(tld)) return undefined;

  const parsed = parse(domain);
  if (parsed.isIp || parsed.isIcann !== true || parsed.domain === null) return undefined;
  if (parsed.domainWithoutSuffix === 'example' || placeholderDomains.has(parsed.domain)) return undefined;
  return email;
}

// Shared mailboxes: an address like these belongs to a team, so no person's name is given to it from
// the text around it (a name next to sales@ is usually the page's, not the mailbox's).
const roleLocals = new Set(
  (
    'info hello hi contact contacts enquiries enquiry inquiries inquiry sales support help office admin ' +
    'team press media pr jobs careers hr recruiting billing accounts accounting finance invoices orders ' +
    'marketing privacy legal gdpr dpo security abuse webmaster postmaster hostmaster noreply no-reply ' +
    'service customerservice feedback general mail kontakt impressum partners partnerships events'
  ).split(' '),
);

/** Whether a normalised address is a shared mailbox (info@, sales@, …) rather than a person's. */
export function isRoleAddress(email: string): boolean {
  return roleLocals.has(email.slice(0, email.lastIndexOf('@')));
}
