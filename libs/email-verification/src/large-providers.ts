/**
 * Mail domains, and MX host suffixes, of providers that block or rate-limit a prober that asks
 * for random addresses: the catch-all probe is never sent to them (they are not catch-all anyway).
 */
export const defaultLargeProviders: readonly string[] = [
  // Their mail domains.
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com',
  'ymail.com', 'rocketmail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'gmx.com', 'gmx.net',
  'web.de', 'mail.ru', 'yandex.ru', 'yandex.com', 'proton.me', 'protonmail.com', 'zoho.com',
  // Suffixes of the MX hosts that also serve their customers' own domains.
  'google.com', 'protection.outlook.com', 'yahoodns.net', 'mail.icloud.com', 'protonmail.ch',
  'zoho.eu', 'yandex.net', 'mimecast.com', 'pphosted.com',
]; // prettier-ignore

/** Whether `domain` or `mxHost` is one of `providers` or under one of them. */
export function isLargeProvider(providers: readonly string[], domain: string, mxHost: string): boolean {
  const under = (host: string, suffix: string) => host === suffix || host.endsWith(`.${suffix}`);
  return providers.some((provider) => under(domain, provider) || under(mxHost, provider));
}
