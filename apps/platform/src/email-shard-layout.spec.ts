import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkShardLayout, dataDirPaths } from './data-dir';
import { checkEmailShardLayout, emailShardSchemas } from './email-shard-layout';

describe('checkEmailShardLayout', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const freshDataDir = () => {
    made.push(mkdtempSync(join(tmpdir(), 'coldreach-email-layout-')));
    return made[made.length - 1]!;
  };
  const layoutIn = (dir: string) => JSON.parse(readFileSync(dataDirPaths(dir).layoutFile, 'utf8')) as unknown;

  it('fixes the count with new data, beside the others, and refuses another count later', () => {
    const dataDir = freshDataDir();
    checkShardLayout(dataDir, 2);
    checkEmailShardLayout(dataDir, 2, true);
    expect(layoutIn(dataDir)).toEqual({ clientShards: 2, emailShards: 2 });
    expect(() => checkEmailShardLayout(dataDir, 2, false)).not.toThrow();
    expect(() => checkEmailShardLayout(dataDir, 3, false)).toThrow(
      `EMBEDDED_EMAIL_SHARDS is 3 but the email data in ${dataDir} was created with 2 shards`,
    );
  });

  it('takes data from before email shards as one shard: kept with 1, refused with more', () => {
    const dataDir = freshDataDir();
    writeFileSync(dataDirPaths(dataDir).layoutFile, JSON.stringify({ clientShards: 2, campaignShards: 1 }));
    expect(() => checkEmailShardLayout(dataDir, 2, false)).toThrow('was created with 1 shards');
    checkEmailShardLayout(dataDir, 1, false);
    expect(layoutIn(dataDir)).toEqual({ clientShards: 2, campaignShards: 1, emailShards: 1 });
  });

  it('keeps the schema of the one email database as the first shard', () => {
    expect(emailShardSchemas(1)).toEqual(['email']);
    expect(emailShardSchemas(3)).toEqual(['email', 'email_shard_1', 'email_shard_2']);
  });
});
