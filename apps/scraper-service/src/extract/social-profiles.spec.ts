import { socialProfile } from './social-profiles';

describe('socialProfile', () => {
  it.each([
    ['https://www.linkedin.com/in/Jane-Doe/', 'linkedin', 'https://www.linkedin.com/in/jane-doe'],
    ['https://uk.linkedin.com/in/jane-doe?trk=x', 'linkedin', 'https://www.linkedin.com/in/jane-doe'],
    [
      'https://linkedin.com/company/acme-widgets/about/',
      'linkedin',
      'https://www.linkedin.com/company/acme-widgets',
    ],
    ['https://twitter.com/AcmeWidgets', 'x', 'https://x.com/acmewidgets'],
    ['http://mobile.twitter.com/acme_widgets/', 'x', 'https://x.com/acme_widgets'],
    ['https://x.com/AcmeWidgets?ref=site', 'x', 'https://x.com/acmewidgets'],
    ['https://github.com/Acme-Widgets', 'github', 'https://github.com/acme-widgets'],
    ['https://www.github.com/ada-lovelace/', 'github', 'https://github.com/ada-lovelace'],
  ])('%s → %s %s', (href, network, url) => {
    expect(socialProfile(href)).toEqual({ network, url });
  });

  it.each([
    'https://twitter.com/intent/tweet?text=hi',
    'https://twitter.com/share?url=x',
    'https://x.com/home',
    'https://x.com/search?q=acme',
    'https://x.com/i/flow/login',
    'https://twitter.com/AcmeWidgets/status/1234567890',
    'https://x.com/this_handle_is_too_long',
    'https://www.linkedin.com/shareArticle?mini=true&url=x',
    'https://www.linkedin.com/sharing/share-offsite/?url=x',
    'https://www.linkedin.com/feed/',
    'https://www.linkedin.com/in/',
    'https://github.com/acme-widgets/widget-sdk',
    'https://github.com/features/actions',
    'https://github.com/orgs/acme/people',
    'https://github.com/login',
    'https://gist.github.com/acme',
    'https://notx.com/acme',
    'https://index.com/acme',
    'mailto:jane@x.com',
    '/about.html',
    'https:// not a url',
  ])('%s is no profile', (href) => {
    expect(socialProfile(href)).toBeUndefined();
  });
});
