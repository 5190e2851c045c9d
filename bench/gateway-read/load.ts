// The load generator, run as its own process so it never shares an event loop with a server.
// Usage: load.ts <baseUrl> <connections> <seconds> <authHeader|-> <path> [id,id,...]
// A path containing `{id}` gets the ids in turn, one per request.
import autocannon from 'autocannon';

const [baseUrl, connections, seconds, auth, path, idList = ''] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string?,
];
const ids = idList.split(',');
let next = 0;

autocannon(
  {
    url: baseUrl,
    connections: Number(connections),
    duration: Number(seconds),
    headers: auth === '-' ? {} : { authorization: auth },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: path.includes('{id}') ? path.replace('{id}', ids[next++ % ids.length] ?? '') : path,
        }),
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    console.log(
      JSON.stringify({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        total: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      }),
    );
  },
);
