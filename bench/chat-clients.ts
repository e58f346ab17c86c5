// The client side of bench:chat, run in a worker thread so it does not share an event loop with the server it measures:
// 20 advisor sockets and 500 visitor sockets. Each visitor sends a message every `sendEveryMs` (starts spread over that
// interval, an open loop: a slow server does not slow the senders down) and the advisor who has the chat answers each
// one; visitor -> advisor delivery latency is recorded.

import { parentPort, workerData } from 'node:worker_threads';
import { io, Socket } from 'socket.io-client';
import { processCpuMs } from './fixed-rate';

export interface ChatLoadSpec {
  baseUrl: string;
  siteKey: string;
  advisors: { token: string }[];
  visitors: { token: string; conversationId: string }[];
  /** Sent by each visitor before the measure to be handed to an advisor; omitted for the bare echo server. */
  escalationText?: string;
  durationSeconds: number;
  sendEveryMs: number;
  /** The server's process, or one thread of it, whose CPU time over the measure is recorded. */
  server: { pid: number; tid?: number };
}

export interface ChatLoadSummary {
  delivered: number;
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  lost: number;
  /** The server's CPU time over the measure. */
  serverCpuMs: number;
}

type Incoming = { conversationId: string; message: { author: string; text: string } };

function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

async function run(spec: ChatLoadSpec): Promise<ChatLoadSummary> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let measuring = false;
  let stopped = false;
  const handedOver = new Set<string>();
  let allHandedOver: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (allHandedOver = resolve));

  const advisors = await Promise.all(spec.advisors.map((a) => connect(`${spec.baseUrl}/console`, { token: a.token })));
  for (const advisor of advisors) {
    advisor.emit('presence', { status: 'online' });
    advisor.on('chat:offer', (offer: { conversationId: string }) => advisor.emit('chat:accept', { conversationId: offer.conversationId }));
    advisor.on('chat:message', (event: Incoming) => {
      if (event.message.author !== 'visitor' || !event.message.text.startsWith('m:')) return;
      const started = sentAt.get(event.message.text);
      if (started === undefined) return;
      sentAt.delete(event.message.text);
      if (measuring) latencies.push(performance.now() - started);
      if (!stopped) advisor.emit('chat:message', { conversationId: event.conversationId, text: `re:${event.message.text}` });
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // presence set before the first escalation

  let counter = 0;
  const visitors = await Promise.all(
    spec.visitors.map(async (v) => {
      const socket = await connect(`${spec.baseUrl}/widget`, { siteKey: spec.siteKey, token: v.token });
      await socket.emitWithAck('chat:join', { conversationId: v.conversationId });
      const send = () => {
        const text = `m:${counter++}`;
        sentAt.set(text, performance.now());
        socket.emit('chat:message', { conversationId: v.conversationId, text });
      };
      const markReady = () => {
        handedOver.add(v.conversationId);
        if (handedOver.size === spec.visitors.length) allHandedOver();
      };
      socket.on('chat:state', (event: { state: string }) => event.state === 'with_human' && markReady());
      return { socket, send, conversationId: v.conversationId, markReady };
    }),
  );
  // Relais routes each chat to an advisor; the bare relay has no routing, so advisors join their share of rooms.
  for (const [i, v] of visitors.entries()) {
    if (spec.escalationText) {
      await v.socket.emitWithAck('chat:message', { conversationId: v.conversationId, text: spec.escalationText });
    } else {
      await advisors[i % advisors.length].emitWithAck('chat:join', { conversationId: v.conversationId });
      v.markReady();
    }
  }
  await Promise.race([
    ready,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${handedOver.size} of ${visitors.length} chats reached an advisor in 120 s`)), 120_000)),
  ]);

  const timers = visitors.map((v, i) => {
    const offset = (i / visitors.length) * spec.sendEveryMs;
    let interval: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      v.send();
      interval = setInterval(v.send, spec.sendEveryMs);
    }, offset);
    return () => (clearTimeout(first), clearInterval(interval));
  });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // warm-up
  measuring = true;
  const started = performance.now();
  const cpuBefore = processCpuMs(spec.server.pid, spec.server.tid);
  await new Promise((resolve) => setTimeout(resolve, spec.durationSeconds * 1000));
  measuring = false;
  const serverCpuMs = processCpuMs(spec.server.pid, spec.server.tid) - cpuBefore;
  const seconds = (performance.now() - started) / 1000;
  stopped = true;
  for (const stop of timers) stop();
  await new Promise((resolve) => setTimeout(resolve, 1000)); // in-flight messages land
  for (const s of [...advisors, ...visitors.map((v) => v.socket)]) s.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    delivered: latencies.length,
    messagesPerSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    p999Ms: percentile(sorted, 99.9),
    lost: sentAt.size,
    serverCpuMs,
  };
}

if (parentPort && (workerData as { chatLoad?: ChatLoadSpec } | null)?.chatLoad) {
  run((workerData as { chatLoad: ChatLoadSpec }).chatLoad).then(
    (summary) => parentPort!.postMessage(summary),
    (error: unknown) => {
      throw error;
    },
  );
}
