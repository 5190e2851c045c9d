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

export interface DnsServerOptions {
  answer: DnsAnswerFn;
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
const nxdomain = 3;

/**
 * A DNS server on 127.0.0.1 (UDP and TCP on one random port) that answers A and AAAA queries from
 * `answer`, with TTL 0 so no resolver caches them; other types get an empty answer. Tests serve
 * their own names with it and never ask a real DNS server.
 */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const seen: DnsQuery[] = [];

  function respond(message: Buffer, transport: DnsQuery['transport']): Buffer | undefined {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    const question = query.questions?.[0];
    if (query.type !== 'query' || !question) return undefined;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    seen.push({ name, type: question.type, transport });
    const type = question.type === 'A' || question.type === 'AAAA' ? question.type : undefined;
    const addresses = type ? options.answer(name, type) : [];
    const answers: dnsPacket.Answer[] =
      type && addresses ? addresses.map((data) => ({ type, name: question.name, ttl: 0, data })) : [];
    const recursionDesired = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired | (addresses ? 0 : nxdomain);
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags,
      questions: [question],
      answers,
    });
    if (transport === 'tcp' || response.length <= udpLimit) return response;
    return dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: flags | dnsPacket.TRUNCATED_RESPONSE,
      questions: [question],
    });
  }

  function onUdp(udp: DgramSocket) {
    udp.on('message', (message: Buffer, peer: RemoteInfo) => {
      const response = respond(message, 'udp');
      if (response) udp.send(response, peer.port, peer.address);
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
        const response = respond(pending.subarray(2, 2 + length), 'tcp');
        pending = pending.subarray(2 + length);
        if (response) socket.write(Buffer.concat([lengthPrefix(response.length), response]));
      }
    });
  }

  const { udp, tcp, port } = await bindPair(onUdp, onTcp);
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries: () => [...seen],
    close: async () => {
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
