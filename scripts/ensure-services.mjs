// Makes sure the machine's PostgreSQL and Redis are up before tests use them, starting them when
// they are down (the commands this machine's services are started with).
import { execSync } from 'node:child_process';
import { createConnection } from 'node:net';

const services = [
  {
    name: 'PostgreSQL',
    port: 5432,
    start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  },
  {
    name: 'Redis',
    port: 6379,
    start: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  },
];

function isListening(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  });
}

export async function ensureServices() {
  for (const service of services) {
    if (await isListening(service.port)) continue;
    console.log(`${service.name} is not running on 127.0.0.1:${service.port}; starting it`);
    try {
      execSync(service.start, { stdio: 'inherit', shell: '/bin/bash' });
    } catch {
      throw new Error(`could not start ${service.name} (${service.start})`);
    }
    for (let i = 0; i < 50 && !(await isListening(service.port)); i++)
      await new Promise((r) => setTimeout(r, 200));
    if (!(await isListening(service.port)))
      throw new Error(`${service.name} did not come up on port ${service.port}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureServices().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
