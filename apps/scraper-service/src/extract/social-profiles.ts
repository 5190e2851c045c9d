/** A profile on a social network, in one canonical URL form so the same profile compares equal. */
export interface SocialProfile {
  network: 'linkedin' | 'x' | 'github';
  /** https://www.linkedin.com/in/<slug> or /company/<slug>, https://x.com/<handle>, https://github.com/<name>. */
  url: string;
}

// First path segments that are the networks' own pages (sharing, search, settings), not a profile.
const xReserved = new Set(
  (
    'intent share home search hashtag i explore settings login logout signup tos privacy messages ' +
    'notifications compose about account download jobs who_to_follow following followers lists'
  ).split(' '),
);
const githubReserved = new Set(
  (
    'about apps blog collections contact customer-stories enterprise events explore features issues join ' +
    'login logout marketplace new notifications orgs organizations pricing pulls readme search security ' +
    'settings site sponsors team topics trending'
  ).split(' '),
);
const xHandle = /^[A-Za-z0-9_]{1,15}$/;
const githubName = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const linkedinSlug = /^[\p{L}\p{N}_.%-]{2,100}$/u;
// Quick test before parsing a URL: almost every link on a page is to none of these.
const socialHost = /linkedin\.com|twitter\.com|x\.com|github\.com/i;

/**
 * The profile a link points to: LinkedIn people (/in/…) and companies (/company/…), X/Twitter and GitHub
 * accounts. Share and intent links, posts, repositories and the networks' own pages are not profiles.
 */
export function socialProfile(href: string): SocialProfile | undefined {
  if (!socialHost.test(href)) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const [first, second] = segments;
  if (first === undefined) return undefined;

  if (host === 'linkedin.com' || host.endsWith('.linkedin.com')) {
    if ((first === 'in' || first === 'company') && second !== undefined && linkedinSlug.test(second)) {
      return { network: 'linkedin', url: `https://www.linkedin.com/${first}/${second.toLowerCase()}` };
    }
    return undefined;
  }
  if (['twitter.com', 'www.twitter.com', 'mobile.twitter.com', 'x.com', 'www.x.com'].includes(host)) {
    if (segments.length !== 1 || !xHandle.test(first) || xReserved.has(first.toLowerCase())) return undefined;
    return { network: 'x', url: `https://x.com/${first.toLowerCase()}` };
  }
  if (host === 'github.com' || host === 'www.github.com') {
    if (segments.length !== 1 || !githubName.test(first) || githubReserved.has(first.toLowerCase())) {
      return undefined;
    }
    return { network: 'github', url: `https://github.com/${first.toLowerCase()}` };
  }
  return undefined;
}
