import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Relais's Prometheus metrics, defined once per process: features record into them where the work happens, and
 * `GET /metrics` reads the registry. Values that live in the database or a queue are read at scrape time instead.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'relais_http_request_duration_seconds',
  help: 'HTTP request latency by method, route pattern and status class',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const eventBatchDuration = new Histogram({
  name: 'relais_event_batch_duration_seconds',
  help: 'Time to store a batch of visit events and decide the targeting actions',
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const targetingDecisionDuration = new Histogram({
  name: 'relais_targeting_decision_duration_seconds',
  help: 'Time to evaluate the targeting rules for one event batch',
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
  registers: [metricsRegistry],
});

export const agentConfidence = new Histogram({
  name: 'relais_agent_confidence',
  help: "The virtual agent's confidence in the intent it recognised, by what it did (answer, clarify, fallback)",
  labelNames: ['action'] as const,
  buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  registers: [metricsRegistry],
});

export const jobFailures = new Counter({
  name: 'relais_job_failures_total',
  help: 'Failed job attempts by queue (each retry counts)',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

export const queueDepth = new Gauge({
  name: 'relais_queue_depth',
  help: 'Jobs waiting (due or delayed) by queue',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

export const chatsWaiting = new Gauge({
  name: 'relais_chats_waiting',
  help: 'Conversations waiting for an advisor',
  registers: [metricsRegistry],
});

export const openSockets = new Gauge({
  name: 'relais_open_sockets',
  help: 'socket.io connections open on this instance, by namespace (widget, console)',
  labelNames: ['namespace'] as const,
  registers: [metricsRegistry],
});

/** Seconds since `start` (from `performance.now()`), for a histogram. */
export const secondsSince = (start: number) => (performance.now() - start) / 1000;
