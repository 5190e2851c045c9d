// The baseline: plain Fastify → pg running the same queries the Client service runs, with the same
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

// The list the Client service runs for `GET /api/leads?limit=50`: the first page (plus one row that
// tells whether another follows) of every shard in (created_at, id) order, merged.
type Row = { id: string; created_at: Date };
const newestFirst = (a: Row, b: Row) =>
  b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
app.get<{ Querystring: { limit?: string } }>('/api/leads', async (request) => {
  const limit = Math.min(Number(request.query.limit ?? 50), 100);
  const perShard = await Promise.all(
    pools.map((pool) =>
      pool.query<Row>(
        'SELECT * FROM clients WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
        [workspaceId, limit + 1],
      ),
    ),
  );
  const rows = perShard.flatMap((result) => result.rows).sort(newestFirst);
  return { data: rows.slice(0, limit), more: rows.length > limit };
});

void app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void app.close().then(() => Promise.all(pools.map((p) => p.end()))));
