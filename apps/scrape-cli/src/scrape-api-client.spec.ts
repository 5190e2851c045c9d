import { ApiError, problemMessage } from './scrape-api-client';

describe('problemMessage', () => {
  it('gives the problem’s detail, which names the bad field', () => {
    const body = JSON.stringify({
      type: 'urn:coldreach:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'body.seedUrls[0]: "http://127.0.0.1/" is refused: loopback address',
      errors: [{ field: 'body.seedUrls[0]', message: '…' }],
    });
    expect(problemMessage(400, body)).toBe(
      'HTTP 400 Bad Request: body.seedUrls[0]: "http://127.0.0.1/" is refused: loopback address',
    );
  });

  it('names a quota as the API does', () => {
    const body = JSON.stringify({
      title: 'Too Many Requests',
      detail: 'at most 3 running jobs per workspace',
    });
    expect(problemMessage(429, body)).toBe(
      'HTTP 429 Too Many Requests: at most 3 running jobs per workspace',
    );
  });

  it('says what a 401 means, and keeps to one line whatever a proxy answered', () => {
    expect(problemMessage(401, '{"title":"Unauthorized","detail":"A valid API key is required"}')).toBe(
      'HTTP 401 Unauthorized: the API key was refused (missing, unknown or revoked)',
    );
    expect(problemMessage(502, '<html>\n<body>Bad gateway</body>\n</html>')).toBe('HTTP 502');
    expect(problemMessage(500, '{"title":"Internal\\nServer Error"}')).toBe('HTTP 500 Internal Server Error');
  });
});

describe('ApiError', () => {
  it.each([
    [0, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
  ])('HTTP %d is transient: %s', (status, transient) => {
    expect(new ApiError('x', status).transient).toBe(transient);
  });
});
