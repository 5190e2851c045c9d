import { z } from 'zod';
import { ConfigError, portSchema, readConfig, urlListSchema } from './read-config';

const schema = z.object({ PORT: portSchema, SHARD_URLS: urlListSchema(['postgres:', 'postgresql:']) });

describe('readConfig', () => {
  it('parses valid variables', () => {
    const config = readConfig(schema, { PORT: '8080', SHARD_URLS: 'postgres://a/x, postgres://b/y' });
    expect(config).toEqual({ PORT: 8080, SHARD_URLS: ['postgres://a/x', 'postgres://b/y'] });
  });

  it('names a missing variable in one line', () => {
    expect(() => readConfig(schema, { PORT: '8080' })).toThrow(
      new ConfigError('Invalid configuration: SHARD_URLS: is required'),
    );
  });

  it('names a malformed variable without echoing its value', () => {
    let message = '';
    try {
      readConfig(schema, { PORT: 'eighty', SHARD_URLS: 'mysql://secret@host/db' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('PORT: must be a port number');
    expect(message).toContain('SHARD_URLS.0: must be a URL starting with postgres:// or postgresql://');
    expect(message).not.toContain('secret');
    expect(message).not.toContain('\n');
  });
});
