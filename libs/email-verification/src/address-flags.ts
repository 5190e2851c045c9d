import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';

// Addresses that reach a team, a queue or nobody rather than a person: cold email to them is
// ignored or reported, and many bounce. The part after '+' does not matter.
const roleAccounts = new Set([
  'abuse', 'accounting', 'accounts', 'admin', 'administrator', 'billing', 'careers', 'contact',
  'contactus', 'customerservice', 'devnull', 'dns', 'enquiries', 'enquiry', 'feedback', 'finance',
  'hello', 'help', 'helpdesk', 'hostmaster', 'hr', 'info', 'inquiries', 'jobs', 'legal', 'mail',
  'mailer-daemon', 'marketing', 'media', 'news', 'newsletter', 'no-reply', 'noc', 'noreply',
  'office', 'orders', 'postmaster', 'press', 'privacy', 'recruiting', 'reception', 'root', 'sales',
  'security', 'service', 'services', 'shop', 'spam', 'support', 'team', 'tech', 'test', 'webmaster',
  'welcome', 'www',
]); // prettier-ignore

// Mailboxes anyone can open: worth knowing (a person, not a company domain), not a risk by itself.
const freeProviders = new Set([
  '163.com', '126.com', 'aol.com', 'att.net', 'comcast.net', 'fastmail.com', 'free.fr', 'gmail.com',
  'gmx.com', 'gmx.de', 'gmx.net', 'googlemail.com', 'hey.com', 'hotmail.co.uk', 'hotmail.com',
  'hotmail.de', 'hotmail.fr', 'hotmail.it', 'icloud.com', 'laposte.net', 'libero.it', 'live.com',
  'mac.com', 'mail.com', 'mail.ru', 'me.com', 'msn.com', 'naver.com', 'orange.fr', 'outlook.com',
  'outlook.de', 'outlook.fr', 'proton.me', 'protonmail.com', 'qq.com', 'rocketmail.com',
  't-online.de', 'tutanota.com', 'verizon.net', 'web.de', 'yahoo.co.uk', 'yahoo.com', 'yahoo.de',
  'yahoo.fr', 'yandex.com', 'yandex.ru', 'ymail.com', 'zoho.com',
]); // prettier-ignore

let disposableDomains: Set<string> | undefined;

/** Whether the domain, or a domain it is under, is on the disposable list (the package keeps it current). */
export function isDisposableDomain(domain: string): boolean {
  disposableDomains ??= disposableEmailBlocklistSet();
  const labels = domain.split('.');
  // Disposable services hand out subdomains too (`x.mailinator.com`); a bare TLD is never listed.
  for (let start = 0; start < labels.length - 1; start++) {
    if (disposableDomains.has(labels.slice(start).join('.'))) return true;
  }
  return false;
}

/** 'disposable_domain', 'role_account' and 'free_provider', those that apply, in that order. */
export function addressFlags(local: string, domain: string, quoted: boolean): string[] {
  const flags: string[] = [];
  if (isDisposableDomain(domain)) flags.push('disposable_domain');
  if (!quoted && roleAccounts.has(local.split('+', 1)[0]!)) flags.push('role_account');
  if (freeProviders.has(domain)) flags.push('free_provider');
  return flags;
}
