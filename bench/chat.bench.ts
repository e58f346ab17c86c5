// Live chat through the full app: 500 visitor sockets on /widget and 20 advisor sockets on /console, every chat
// handed over by the virtual agent and routed to an advisor, then messages back and forth. Visitor -> advisor delivery
// latency (the visitor message is stored before it is relayed) next to a bare socket.io relay measured in the same run.
// Each visitor writes every 2 s (250 messages/s each way), a busy but realistic chat load: a fixed rate (open loop).
// Server CPU per exchange (a visitor message and the advisor's reply) is the app process's own, and for the bare
// relay that of the thread it runs on.
// Run: npm run bench:chat [-- durationSeconds [sendEveryMs]]   (PostgreSQL from DATABASE_URL; Redis adapter and BullMQ with REDIS_URL)

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Server } from 'socket.io';
import { openMigratedDatabase, prepareBenchEnv, printTable, startApp } from './bench-utils';
import type { ChatLoadSpec, ChatLoadSummary } from './chat-clients';

const VISITORS = 500;
const ADVISORS = 20;
const BENCH_API_KEY = 'rk_bench_live_chat_key';
const SITE_KEY = 'bench-chat-site-key';
const ADVISOR_PASSWORD = 'bench-password-123';
const ALL_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));

function runClients(spec: ChatLoadSpec): Promise<ChatLoadSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(`${__dirname}/chat-clients.js`, { workerData: { chatLoad: spec } });
    let summary: ChatLoadSummary | undefined;
    worker.once('message', (message: ChatLoadSummary) => (summary = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (summary ? resolve(summary) : reject(new Error(`chat clients exited with code ${code}`))));
  });
}

/** The baseline: socket.io relaying the same messages between rooms, with no auth, storage or routing. */
async function bareRelay(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const http = createServer();
  const server = new Server(http);
  const widget = server.of('/widget');
  const console_ = server.of('/console');
  const relay = (from: typeof widget, to: typeof widget, author: string) =>
    from.on('connection', (socket) => {
      socket.on('chat:join', async ({ conversationId }: { conversationId: string }, ack: (r: unknown) => void) => {
        await socket.join(conversationId);
        ack({ ok: true });
      });
      socket.on('chat:message', ({ conversationId, text }: { conversationId: string; text: string }, ack?: (r: unknown) => void) => {
        to.to(conversationId).emit('chat:message', { conversationId, message: { author, text } });
        ack?.({ ok: true });
      });
    });
  relay(widget, console_, 'visitor');
  relay(console_, widget, 'advisor');
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => new Promise((resolve) => void server.close(() => resolve())) };
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.argv[2] ?? 10);
  const sendEveryMs = Number(process.argv[3] ?? 2000);
  const { apiKey } = prepareBenchEnv({ apiKey: BENCH_API_KEY });
  process.env.RELAIS_SITE_KEY = SITE_KEY;
  process.env.RELAIS_CHAT_MAX_WAIT_SECONDS = '86400';
  const dataSource = await openMigratedDatabase();
  // Routing sees every advisor and waiting chat: earlier runs' must not take part.
  await dataSource.query(`UPDATE advisor SET presence = 'offline'`);
  await dataSource.query(`UPDATE conversation SET state = 'closed', offered_to_id = NULL WHERE state <> 'closed'`);
  await dataSource.destroy();

  const { baseUrl, pid, close } = await startApp();
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${apiKey}` }) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, string>>;
  };
  try {
    await api('PATCH', '/api/v1/teams/chat', { hours: ALL_DAY, closures: [] });
    const run = Date.now().toString(36);
    const advisors = [];
    for (let i = 0; i < ADVISORS; i++) {
      const email = `bench.${run}.${i}@relais.test`;
      await api('POST', '/api/v1/advisors', {
        email,
        name: `Bench ${i}`,
        password: ADVISOR_PASSWORD,
        roles: ['chat_advisor'],
        languages: ['fr', 'en'],
        maxConcurrentChats: VISITORS / ADVISORS,
      });
      const login = await api('POST', '/console/v1/auth/login', { email, password: ADVISOR_PASSWORD }, {});
      advisors.push({ token: login.accessToken });
    }
    const visitors = [];
    for (let i = 0; i < VISITORS; i++) {
      const widgetHeaders = { 'x-site-key': SITE_KEY };
      const visit = await api('POST', '/widget/v1/visits', { visitorId: `bench-${run}-${i}`, url: 'https://shop.example/' }, widgetHeaders);
      const conversation = await api('POST', '/widget/v1/conversations', { locale: 'fr' }, { ...widgetHeaders, authorization: `Bearer ${visit.visitToken}` });
      visitors.push({ token: visit.visitToken, conversationId: conversation.id });
    }
    console.log(`${ADVISORS} advisors and ${VISITORS} visitors ready; handing every chat over to an advisor...`);
    const relais = await runClients({
      baseUrl,
      siteKey: SITE_KEY,
      advisors,
      visitors,
      escalationText: 'je veux parler à un conseiller',
      durationSeconds,
      sendEveryMs,
      server: { pid },
    });

    const bare = await bareRelay();
    let echo: ChatLoadSummary;
    try {
      // The bare relay runs on this process's main thread, the clients on a worker thread of it.
      echo = await runClients({ baseUrl: bare.baseUrl, siteKey: SITE_KEY, advisors, visitors, durationSeconds, sendEveryMs, server: { pid: process.pid, tid: process.pid } });
    } finally {
      await bare.close();
    }
    console.log(
      `\nDatabase ${new URL(process.env.DATABASE_URL!).pathname.slice(1)}, ${process.env.REDIS_URL ? 'Redis adapter + BullMQ' : 'single instance, jobs in-process'}; ${VISITORS} visitor and ${ADVISORS} advisor sockets, each visitor writing every ${sendEveryMs} ms, ${durationSeconds} s.`,
    );
    printTable(
      ['server', 'messages/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'delivered', 'lost', 'vs bare', 'server CPU ms/exchange'],
      [
        ['bare socket.io relay', echo, echo],
        ['Relais live chat', relais, echo],
      ].map(([title, s, base]) => {
        const summary = s as ChatLoadSummary;
        return [
          title as string,
          Math.round(summary.messagesPerSecond),
          summary.p50Ms.toFixed(1),
          summary.p99Ms.toFixed(1),
          summary.p999Ms.toFixed(1),
          summary.delivered,
          summary.lost,
          `${((summary.messagesPerSecond / (base as ChatLoadSummary).messagesPerSecond) * 100).toFixed(0)}%`,
          (summary.serverCpuMs / Math.max(1, summary.delivered)).toFixed(3),
        ];
      }),
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
