import { createSocket, type RemoteInfo, type Socket as DgramSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';

export type DnsRecordType = 'A' | 'AAAA';

/**
 * The addresses a name has for a type: a list (empty: the name exists without records of that
 * type) or undefined (NXDOMAIN). Called for every query, so an answer may change over time
 * (DNS rebinding tests).
 */
export type DnsAnswerFn = (name: string, type: DnsRecordType) => readonly string[] | undefined;

/** One MX record; `{ preference: 0, exchange: '.' }` alone is a null MX (RFC 7505: no mail here). */
export interface DnsMx {
  preference: number;
  exchange: string;
}

/** The whole reply to one query: records, a response code, and when it goes out. */
export interface DnsReply {
  /** The answer to an A or AAAA query. */
  addresses?: readonly string[];
  /** The answer to an MX query. */
  mx?: readonly DnsMx[];
  /** Default NOERROR (with no records: the name exists without records of that type). */
  rcode?: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  /** Answers after this many milliseconds; Infinity never answers (a server that times out). */
  delayMs?: number;
}

/** Asked first for every query of any type (`MX`, `A`, `TXT`…); undefined leaves it to `answer`. */
export type DnsReplyFn = (name: string, type: string) => DnsReply | undefined;

export interface DnsServerOptions {
  /** A and AAAA answers; without it (and `reply`), every name is NXDOMAIN. */
  answer?: DnsAnswerFn;
  reply?: DnsReplyFn;
}

export interface DnsQuery {
  /** Lower-case, without the trailing dot. */
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
}

export interface DnsServer {
  port: number;
  /** `127.0.0.1:<port>`, as resolvers' setServers (and SCRAPER_DNS_SERVERS) take it. */
  server: string;
  /** Every query received so far, in order. */
  queries(): DnsQuery[];
  close(): Promise<void>;
}

// Classic DNS over UDP fits 512 bytes; a longer answer goes out truncated (TC) so the resolver asks
// again over TCP, as real servers make it.
const udpLimit = 512;
const rcodes = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

/**
 * A DNS server on 127.0.0.1 (UDP and TCP on one random port) that answers from `reply` (any type,
 * NXDOMAIN, SERVFAIL, slow answers) or else A and AAAA queries from `answer`, with TTL 0 so no
 * resolver caches them; other types get an empty answer. Tests serve their own names with it and
 * never ask a real DNS server.
 */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const seen: DnsQuery[] = [];
  const delayed = new Set<NodeJS.Timeout>();

  function replyTo(name: string, type: string): DnsReply {
    const given = options.reply?.(name, type);
    if (given) return given;
    if (!options.answer) return { rcode: 'NXDOMAIN' };
    const addresses = type === 'A' || type === 'AAAA' ? options.answer(name, type) : [];
    return addresses ? { addresses } : { rcode: 'NXDOMAIN' };
  }

  function answersOf(reply: DnsReply, question: dnsPacket.Question): dnsPacket.Answer[] {
    const { name, type } = question;
    if (type === 'MX') return (reply.mx ?? []).map((data) => ({ type, name, ttl: 0, data }));
    if (type !== 'A' && type !== 'AAAA') return [];
    return (reply.addresses ?? []).map((data) => ({ type, name, ttl: 0, data }));
  }

  // A delayed reply goes out through `send` later; a reply that never comes is simply not sent.
  function respond(
    message: Buffer,
    transport: DnsQuery['transport'],
    send: (response: Buffer) => void,
  ): void {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    const question = query.questions?.[0];
    if (query.type !== 'query' || !question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    seen.push({ name, type: question.type, transport });
    const reply = replyTo(name, question.type);
    const rcode = rcodes[reply.rcode ?? 'NOERROR'];
    const answers = rcode === 0 ? answersOf(reply, question) : [];
    const recursionDesired = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired | rcode;
    let response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags,
      questions: [question],
      answers,
    });
    if (transport === 'udp' && response.length > udpLimit) {
      const truncated = flags | dnsPacket.TRUNCATED_RESPONSE;
      response = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: truncated,
        questions: [question],
      });
    }
    const delayMs = reply.delayMs ?? 0;
    if (delayMs === Infinity) return;
    if (delayMs <= 0) return send(response);
    const timer = setTimeout(() => {
      delayed.delete(timer);
      send(response);
    }, delayMs);
    delayed.add(timer);
  }

  function onUdp(udp: DgramSocket) {
    udp.on('message', (message: Buffer, peer: RemoteInfo) => {
      respond(message, 'udp', (response) => udp.send(response, peer.port, peer.address));
    });
  }

  const sockets = new Set<Socket>();
  function onTcp(socket: Socket) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Each message is preceded by its length in two bytes (RFC 1035 §4.2.2).
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        respond(pending.subarray(2, 2 + length), 'tcp', (response) => {
          if (!socket.destroyed) socket.write(Buffer.concat([lengthPrefix(response.length), response]));
        });
        pending = pending.subarray(2 + length);
      }
    });
  }

  const { udp, tcp, port } = await bindPair(onUdp, onTcp);
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries: () => [...seen],
    close: async () => {
      for (const timer of delayed) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(length);
  return prefix;
}

/** UDP on a random port of 127.0.0.1 and TCP on the same one, trying again when TCP finds it taken. */
async function bindPair(
  onUdp: (udp: DgramSocket) => void,
  onTcp: (socket: Socket) => void,
): Promise<{ udp: DgramSocket; tcp: Server; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const udp = createSocket('udp4');
    onUdp(udp);
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => {
        udp.off('error', reject);
        resolve();
      });
    });
    const port = udp.address().port;
    const tcp = createServer(onTcp);
    const listening = await new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) =>
        error.code === 'EADDRINUSE' && attempt < 20 ? resolve(false) : reject(error);
      tcp.once('error', onError);
      tcp.listen(port, '127.0.0.1', () => {
        tcp.off('error', onError);
        resolve(true);
      });
    });
    if (listening) return { udp, tcp, port };
    await new Promise<void>((resolve) => udp.close(() => resolve()));
  }
}
