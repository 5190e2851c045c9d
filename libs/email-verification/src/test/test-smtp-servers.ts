import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One recipient as an smtp-server saw it. */
export interface SeenRecipient {
  address: string;
  at: number;
  /** The session had switched to TLS (STARTTLS) by then. */
  secure: boolean;
}

export interface RecordingSmtpServer {
  port: number;
  recipients: SeenRecipient[];
  /** How many times a client sent DATA (a verifier never may). */
  dataCommands(): number;
  close(): Promise<void>;
}

/**
 * An smtp-server on 127.0.0.1 that offers STARTTLS (smtp-server's own self-signed certificate),
 * records every RCPT TO and answers it with `answer(address)`: undefined accepts, else a code.
 */
export async function startRecordingSmtpServer(
  answer: (address: string) => { code: number; message: string } | undefined,
): Promise<RecordingSmtpServer> {
  const recipients: SeenRecipient[] = [];
  let data = 0;
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, session, callback) {
      recipients.push({ address: address.address, at: Date.now(), secure: session.secure });
      const refusal = answer(address.address);
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, _session, callback) {
      data++;
      stream.resume().on('end', () => callback());
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    recipients,
    dataCommands: () => data,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One connection to a scripted server: when it opened and every command with its time. */
export interface ScriptedSession {
  openedAt: number;
  commands: { line: string; at: number }[];
}

/** What the scripted server does with a command: a reply line (or lines), or `drop` the connection. */
export type ScriptedAnswer = (command: string) => string | 'drop';

export interface ScriptedSmtpServer {
  port: number;
  sessions: ScriptedSession[];
  close(): Promise<void>;
}

/** A raw TCP server that speaks just enough SMTP to misbehave exactly as a test scripts it. */
export async function startScriptedSmtpServer(answer: ScriptedAnswer): Promise<ScriptedSmtpServer> {
  const sessions: ScriptedSession[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const session: ScriptedSession = { openedAt: Date.now(), commands: [] };
    sessions.push(session);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('220 scripted.test ESMTP\r\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        session.commands.push({ line, at: Date.now() });
        const reply = answer(line);
        if (reply === 'drop') return void socket.destroy();
        socket.write(`${reply}\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  function close(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    sockets.forEach((socket) => socket.destroy());
    return closed;
  }
  return { port, sessions, close };
}

/** The usual answers of a server that accepts everything; `overrides` by command verb (`RCPT`, `EHLO`…). */
export function scripted(overrides: Record<string, string | 'drop'> = {}): ScriptedAnswer {
  return (command) => {
    const verb = command.split(/[\s:]/, 1)[0]!.toUpperCase();
    if (verb in overrides) return overrides[verb]!;
    if (verb === 'EHLO') return '250-scripted.test\r\n250 8BITMIME';
    if (verb === 'QUIT') return '221 bye';
    return '250 OK';
  };
}
