// The baseline: plain Fastify → pg running the same lookup the Client service runs, with the same
// shard routing, and none of the gateway's auth, rate limiting, gRPC hop or mapping.
import Fastify from 'fastify';
import { Pool } from 'pg';
import { shardIndexFor } from '@coldreach/db';

const shardUrls = (process.env.SHARD_URLS ?? '').split(',');
const workspaceId = process.env.WORKSPACE_ID ?? '';
const pools = shardUrls.map((url) => new Pool({ connectionString: url, max: 10 }));
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/api/leads/:id', async (request, reply) => {
  const { id } = request.params;
  const pool = pools[shardIndexFor(id, pools.length)] as Pool;
  const { rows } = await pool.query('SELECT * FROM clients WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
  ]);
  if (rows.length === 0) return reply.code(404).send({ status: 404 });
  return rows[0];
});

void app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void app.close().then(() => Promise.all(pools.map((p) => p.end()))));
