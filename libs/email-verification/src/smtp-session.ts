import { connect as netConnect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { connect as tlsConnect } from 'node:tls';

export interface SmtpReply {
  code: number;
  /** Every line's text after the code, one line each (EHLO keywords, a multi-line refusal). */
  lines: string[];
}

/** Why a session ended early, as a verification reason ('smtp_timeout', 'smtp_connection_dropped'…). */
export class SmtpSessionFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface SmtpSessionOptions {
  address: string;
  port: number;
  /** Longest wait for the connection and for each reply. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface SmtpSession {
  /** The next reply (the greeting first). */
  read(): Promise<SmtpReply>;
  command(line: string): Promise<SmtpReply>;
  /** Upgrades to TLS after a 220 to STARTTLS; the certificate is not verified (see README). */
  startTls(servername: string | undefined): Promise<void>;
  /** QUIT, a short wait for its answer when the server still talks, and the connection closed. */
  quit(): Promise<void>;
}

// A reply longer than this is not an SMTP server talking; the session is dropped.
const maxPendingBytes = 64 * 1024;

/** One plain SMTP client connection that only ever sends commands and reads replies (never DATA). */
export async function openSmtpSession(options: SmtpSessionOptions): Promise<SmtpSession> {
  const { timeoutMs, signal } = options;
  let socket: Socket = netConnect({ host: options.address, port: options.port });
  let decoder = new StringDecoder('utf8');
  let pending = '';
  let lines: string[] = [];
  const replies: SmtpReply[] = [];
  let failure: SmtpSessionFailure | undefined;
  let waiter: { resolve(reply: SmtpReply): void; reject(error: Error): void } | undefined;
  let healthy = true;

  function fail(reason: string) {
    failure ??= new SmtpSessionFailure(reason);
    healthy = false;
    waiter?.reject(failure);
    waiter = undefined;
  }
  function onData(chunk: Buffer) {
    pending += decoder.write(chunk);
    if (pending.length > maxPendingBytes) {
      fail('smtp_connection_dropped');
      socket.destroy();
      return;
    }
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end).replace(/\r$/, '');
      pending = pending.slice(end + 1);
      lines.push(line.slice(4));
      // `250-` continues a reply, `250 ` (or a bare `250`) ends it (RFC 5321 §4.2.1).
      if (line[3] === '-') continue;
      const reply = { code: Number.parseInt(line.slice(0, 3), 10) || 0, lines };
      lines = [];
      if (waiter) waiter.resolve(reply);
      else replies.push(reply);
      waiter = undefined;
    }
  }
  function attach(current: Socket) {
    current.on('data', onData);
    current.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') fail('smtp_connection_refused');
      else if (error.code === 'ECONNRESET' || error.code === 'EPIPE') fail('smtp_connection_dropped');
      else fail(`smtp_connection_failed: ${error.code ?? 'error'}`);
    });
    current.on('close', () => fail('smtp_connection_dropped'));
  }
  const onAbort = () => socket.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  attach(socket);

  function read(): Promise<SmtpReply> {
    const queued = replies.shift();
    if (queued) return Promise.resolve(queued);
    if (failure) return Promise.reject(signal?.aborted ? signal.reason : failure);
    return new Promise<SmtpReply>((resolve, reject) => {
      const timer = setTimeout(() => fail('smtp_timeout'), timeoutMs);
      waiter = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(signal?.aborted ? signal.reason : error);
        },
      };
    });
  }

  function command(line: string): Promise<SmtpReply> {
    if (failure) return Promise.reject(failure);
    socket.write(`${line}\r\n`);
    return read();
  }

  async function startTls(servername: string | undefined): Promise<void> {
    // Anything the server sent after its 220 came before TLS: it must not count as a TLS answer.
    pending = '';
    decoder = new StringDecoder('utf8');
    replies.length = 0;
    const plain = socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    // Many MX hosts present certificates for another name or self-signed ones, and a probe sends
    // nothing secret: TLS here only keeps the conversation private, it authenticates no one.
    const secure = tlsConnect({ socket: plain, servername, rejectUnauthorized: false });
    socket = secure;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail('smtp_timeout');
        secure.destroy();
        reject(failure);
      }, timeoutMs);
      // Registered before attach's handler, so a handshake error is named as one.
      secure.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        fail(`smtp_tls_failed: ${error.code ?? 'handshake'}`);
        reject(failure);
      });
      attach(secure);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async function quit(): Promise<void> {
    signal?.removeEventListener('abort', onAbort);
    try {
      if (healthy && !signal?.aborted) await command('QUIT');
      else if (!socket.destroyed) socket.write('QUIT\r\n');
    } catch {
      // A server that does not answer QUIT has nothing more to say.
    } finally {
      healthy = false;
      socket.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail('smtp_timeout');
      socket.destroy();
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(signal?.aborted ? signal.reason : failure);
    });
  });
  return { read, command, startTls, quit };
}
