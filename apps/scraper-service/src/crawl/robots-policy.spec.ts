import {
  allowAllRobotsRules,
  disallowAllRobotsRules,
  robotsMaxRedirects,
  robotsPolicyForStatus,
  type RobotsPolicy,
} from './robots-policy';

describe('what a robots.txt answer means (RFC 9309 §2.3.1)', () => {
  it.each<[number | undefined, number, RobotsPolicy]>([
    [200, 0, { action: 'parse' }],
    [204, 0, { action: 'parse' }],
    [301, 0, { action: 'follow-redirect' }],
    [308, robotsMaxRedirects - 1, { action: 'follow-redirect' }],
    [302, robotsMaxRedirects, { action: 'allow-all', reason: 'robots.txt redirected more than 5 times' }],
    [400, 0, { action: 'allow-all', reason: 'robots.txt answered 400' }],
    [401, 0, { action: 'allow-all', reason: 'robots.txt answered 401' }],
    [404, 0, { action: 'allow-all', reason: 'robots.txt answered 404' }],
    [410, 0, { action: 'allow-all', reason: 'robots.txt answered 410' }],
    [429, 0, { action: 'disallow-all', reason: 'robots.txt answered 429', retryLater: true }],
    [500, 0, { action: 'disallow-all', reason: 'robots.txt answered 500', retryLater: true }],
    [503, 0, { action: 'disallow-all', reason: 'robots.txt answered 503', retryLater: true }],
    [599, 0, { action: 'disallow-all', reason: 'robots.txt answered 599', retryLater: true }],
    [100, 0, { action: 'disallow-all', reason: 'robots.txt answered 100', retryLater: true }],
    [undefined, 0, { action: 'disallow-all', reason: 'robots.txt unreachable', retryLater: true }],
  ])('status %s after %s redirects', (status, redirects, policy) => {
    expect(robotsPolicyForStatus(status, redirects)).toEqual(policy);
  });

  it.each([
    ['/', true, false],
    ['/any/page?x=1', true, false],
    ['/robots.txt', true, true],
    ['/robots.txt?x=1', true, true],
  ])('%s: allowed by allow-all %s, by disallow-all %s', (path, allowAll, disallowAll) => {
    expect([allowAllRobotsRules.isAllowed(path), disallowAllRobotsRules.isAllowed(path)]).toEqual([
      allowAll,
      disallowAll,
    ]);
  });
});
