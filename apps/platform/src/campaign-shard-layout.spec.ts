import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campaignShardSchemas, checkCampaignShardLayout, checkShardLayout, dataDirPaths } from './data-dir';

describe('checkCampaignShardLayout', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'coldreach-layout-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const layout = () => JSON.parse(readFileSync(dataDirPaths(dataDir).layoutFile, 'utf8')) as unknown;

  it('fixes the count with new data, beside the client shards, and refuses another later', () => {
    checkShardLayout(dataDir, 2);
    checkCampaignShardLayout(dataDir, 3, true);
    expect(layout()).toEqual({ clientShards: 2, campaignShards: 3 });
    expect(() => checkCampaignShardLayout(dataDir, 3, false)).not.toThrow();
    expect(() => checkShardLayout(dataDir, 2)).not.toThrow();
    expect(() => checkCampaignShardLayout(dataDir, 1, false)).toThrow(
      `EMBEDDED_CAMPAIGN_SHARDS is 1 but the data in ${dataDir} was created with 3 campaign shards`,
    );
  });

  it('takes data from before campaign shards as one shard: kept with 1, refused with more', () => {
    writeFileSync(dataDirPaths(dataDir).layoutFile, JSON.stringify({ clientShards: 2 }));
    expect(() => checkCampaignShardLayout(dataDir, 2, false)).toThrow(
      `EMBEDDED_CAMPAIGN_SHARDS is 2 but the data in ${dataDir} was created with 1 campaign shards`,
    );
    checkCampaignShardLayout(dataDir, 1, false);
    expect(layout()).toEqual({ clientShards: 2, campaignShards: 1 });
  });

  it('keeps the schema of the one campaign database as the first shard', () => {
    expect(campaignShardSchemas(1)).toEqual(['campaign']);
    expect(campaignShardSchemas(3)).toEqual(['campaign', 'campaign_shard_1', 'campaign_shard_2']);
  });
});
