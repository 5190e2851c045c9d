// Real sends go through the outbound-address guard (refused hosts fail with its message, and no
// connection is attempted; checked hosts are connected to at the address checked), and what an
// SMTP server answers is stored only once cleaned (a server that echoes the AUTH line).
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { DataSource } from 'typeorm';
import { waitFor, startTcpCanary } from '@coldreach/testing';
import { createOutboundGuard } from '@coldreach/outbound-guard';
import {
  insertDeliveries,
  insertMailbox,
  loopbackSmtpCidrs,
  openWorkerBed,
  readDeliveries,
  testCipher,
  type WorkerBed,
} from '../../test/ledger-fixtures';

jest.setTimeout(60_000);

const allowListName = 'SMTP_ALLOWED_PRIVATE_CIDRS';
const user = 'alice@corp.example';
const pass = 'S3cret-Pa55word-of-alice';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** A minimal SMTP server offering one AUTH `method`, refusing it, quoting what it got in its reply. */
async function startEchoingAuthServer(method: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write('220 echo.test ESMTP\r\n');
    let buffered = '';
    let loginStep = 0;
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const verb = line.split(' ')[0]!.toUpperCase();
        if (loginStep > 0) {
          // AUTH LOGIN continuation lines: the user name, then the password, both base64.
          if (++loginStep <= 2) socket.write('334 UGFzc3dvcmQ6\r\n');
          else socket.write(`535 5.7.8 rejected ${line} (${Buffer.from(line, 'base64').toString()})\r\n`);
        } else if (verb === 'EHLO') socket.write(`250-echo.test\r\n250 AUTH ${method}\r\n`);
        else if (verb === 'AUTH' && /^AUTH PLAIN \S/i.test(line)) {
          const decoded = Buffer.from(line.slice(11), 'base64').toString();
          socket.write(`535 5.7.8 rejected: ${line} = ${decoded}\r\n`);
        } else if (verb === 'AUTH') {
          loginStep = 1;
          socket.write('334 VXNlcm5hbWU6\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 5.5.2 not here\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('sends through the outbound-address guard', () => {
  let bed: WorkerBed;
  let dataSource: DataSource;

  beforeEach(async () => {
    bed = await openWorkerBed();
    ({ dataSource } = bed);
  });
  afterEach(() => bed.stop());

  const finalRow = (id: string) =>
    waitFor(
      async () => {
        const [row] = await readDeliveries(dataSource, [id]);
        return row && ['sent', 'failed', 'unknown'].includes(row.status) ? row : undefined;
      },
      { what: 'the delivery to finish', timeoutMs: 30_000 },
    );

  it('fails a send to a refused host with the reason, at once, without connecting to it', async () => {
    const canary = await startTcpCanary();
    try {
      const refused = await insertMailbox(dataSource, {
        smtpUrl: `smtp://127.0.0.1:${canary.port}`,
        cipher: testCipher,
      });
      const [id] = await insertDeliveries(dataSource, refused, [{ to: 'lead@example.test' }]);
      bed.start({ smtpGuard: createOutboundGuard({ allowedCidrs: [], allowListName }) });
      const row = await finalRow(id!);
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: `127.0.0.1 is a loopback address; allowed only when listed in ${allowListName}`,
      });
      expect(canary.connections()).toBe(0);
    } finally {
      await canary.close();
    }
  });

  it('connects to the address the guard checked, never resolving the name again', async () => {
    const asked: string[] = [];
    const guard = createOutboundGuard({
      allowedCidrs: loopbackSmtpCidrs,
      allowListName,
      // `.invalid` never resolves anywhere else: only a pinned connection can reach the sink.
      resolver: async (host) => {
        asked.push(host);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const pinned = await insertMailbox(dataSource, {
      smtpUrl: `smtp://mail.pinned.invalid:${bed.sink.port}`,
      cipher: testCipher,
    });
    const [id] = await insertDeliveries(dataSource, pinned, [{ to: 'pinned@example.test' }]);
    bed.start({ smtpGuard: guard });
    expect(await finalRow(id!)).toMatchObject({ status: 'sent' });
    expect(asked).toEqual(['mail.pinned.invalid']);
    expect(bed.sink.messages.map((message) => message.envelope.to[0])).toContain('pinned@example.test');
  });

  it.each(['PLAIN', 'LOGIN'])(
    'stores a server reply that echoes AUTH %s without the password, plain or base64',
    async (method) => {
      const server = await startEchoingAuthServer(method);
      try {
        const mailbox = await insertMailbox(dataSource, {
          smtpUrl: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${server.port}`,
          cipher: testCipher,
        });
        const [id] = await insertDeliveries(dataSource, mailbox, [{ to: 'echo@example.test' }]);
        bed.start();
        const row = await finalRow(id!);
        expect(row?.status).toBe('failed');
        const stored = row?.last_error ?? '';
        expect(stored).toMatch(/^EAUTH at AUTH .*535 5\.7\.8 rejected/);
        expect(stored).toContain('[redacted]');
        for (const secret of [
          pass,
          base64(pass),
          base64(pass).replace(/=+$/, ''),
          base64(`\0${user}\0${pass}`),
          user,
        ]) {
          expect(stored).not.toContain(secret);
        }
      } finally {
        await server.close();
      }
    },
  );
});
