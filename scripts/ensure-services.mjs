// Makes sure the machine's PostgreSQL and Redis are up before tests use them, starting them when
// they are down (the commands this machine's services are started with), and that dovecot is
// installed for the IMAP tests (they start their own instances: libs/testing/src/imap-server.ts), and
// Debian's Chromium for the dashboard's browser tests (apps/platform/src/dashboard/): the distribution's
// package, never a browser Playwright downloads.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

function sh(command) {
  execSync(command, {
    stdio: 'inherit',
    shell: '/bin/bash',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

// Debian's dovecot-imapd: the binary and its IMAP process. The package may start the system's own
// dovecot on ports 143/993; the tests never use it, so it is stopped and kept from starting at boot.
function ensureDovecot() {
  if (existsSync('/usr/sbin/dovecot') && existsSync('/usr/lib/dovecot/imap')) return;
  const install = 'apt-get install -y dovecot-imapd';
  if (process.getuid?.() !== 0)
    throw new Error(`dovecot-imapd is missing (the IMAP tests need it): run \`sudo ${install}\``);
  console.log(`dovecot-imapd is missing (the IMAP tests need it); installing it: ${install}`);
  try {
    sh(`${install} || (apt-get update && ${install})`);
  } catch {
    throw new Error(`could not install dovecot-imapd (${install})`);
  }
  const stop = [
    'if [ -d /run/systemd/system ]; then systemctl disable --now dovecot.service dovecot.socket; fi',
    'if [ -x /etc/init.d/dovecot ]; then service dovecot stop; update-rc.d dovecot disable; fi',
    'if pgrep -x dovecot >/dev/null; then dovecot stop; fi',
  ];
  for (const command of stop) {
    try {
      sh(command);
    } catch {
      console.log(`could not run "${command}"; continuing`);
    }
  }
}

// Debian's chromium: the browser the dashboard's journeys drive through playwright-core.
function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  const install = 'apt-get install -y chromium';
  if (process.getuid?.() !== 0)
    throw new Error(`chromium is missing (the dashboard's browser tests need it): run \`sudo ${install}\``);
  console.log(`chromium is missing (the dashboard's browser tests need it); installing it: ${install}`);
  try {
    sh(`${install} || (apt-get update && ${install})`);
  } catch {
    throw new Error(`could not install chromium (${install})`);
  }
}

export async function ensureServices() {
  ensureDovecot();
  ensureChromium();
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
