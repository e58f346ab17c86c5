import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : ['true', '1', 'yes'].includes(String(value).toLowerCase()) ? true : ['false', '0', 'no'].includes(String(value).toLowerCase()) ? false : value;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const toList = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() ? value.split(',').map((item) => item.trim()) : undefined);

/** The environment as Relais reads it: the only place that touches process.env. */
class Env {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  @IsOptional()
  PORT?: number;

  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  @IsOptional()
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsString()
  @IsOptional()
  RELAIS_DATA_DIR?: string;

  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// URL' })
  @IsOptional()
  REDIS_URL?: string;

  @Transform(emptyToUndefined)
  @IsEmail()
  @IsOptional()
  RELAIS_ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  @IsOptional()
  RELAIS_ADMIN_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16)
  @IsOptional()
  RELAIS_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  @IsOptional()
  RELAIS_SITE_KEY?: string;

  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  RELAIS_DEMO?: boolean;

  /** Seed demo data on PostgreSQL too (with random credentials): demo data belongs to the embedded mode. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  RELAIS_DEMO_FORCE?: boolean;

  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  @IsOptional()
  JWT_SECRET?: string;

  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
  @IsOptional()
  SMTP_URL?: string;

  /** Whether this process consumes jobs; `npm run start:worker` runs a consumer without HTTP. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  RELAIS_RUN_JOBS?: boolean;

  @Transform(emptyToUndefined)
  @Matches(/^(fatal|error|warn|info|debug|trace|silent)$/)
  @IsOptional()
  LOG_LEVEL?: string;

  /** Seconds an advisor has to accept a chat before it goes to the next one. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  @IsOptional()
  RELAIS_CHAT_OFFER_TIMEOUT_SECONDS?: number;

  /** Above this estimated wait the visitor is offered a callback, a store or a message instead of waiting. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  @IsOptional()
  RELAIS_CHAT_MAX_WAIT_SECONDS?: number;

  /** An advisor with no console socket open (on any instance) goes offline after this many seconds, however their presence was set. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  @IsOptional()
  RELAIS_PRESENCE_GRACE_SECONDS?: number;

  /** A queued chat whose visitor has no widget open and gave no sign of life for this many seconds is closed. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  @IsOptional()
  RELAIS_CHAT_ABANDON_SECONDS?: number;

  /** Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR ranges); nobody's by default. */
  @Transform(toList)
  @IsString({ each: true })
  @IsOptional()
  RELAIS_TRUSTED_PROXIES?: string[];

  /** Other origins whose pages may call `/api` and `/console` from a browser (comma-separated, e.g. `https://admin.shop.example`); the app's own origin always may. */
  @Transform(toList)
  @IsString({ each: true })
  @IsOptional()
  RELAIS_CONSOLE_ORIGINS?: string[];

  /** Webhooks may target loopback and private addresses (tests, single-network installs); off, so webhooks cannot probe the internal network. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  RELAIS_WEBHOOKS_ALLOW_PRIVATE_NETWORKS?: boolean;

  /** The address people reach this instance at, for links in e-mails (unsubscribe). */
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^/]+/, { message: 'must be an http(s):// URL' })
  @IsOptional()
  RELAIS_PUBLIC_URL?: string;

  /** Days a targeting decision stays recorded for `GET /api/v1/visits/{id}/decisions`. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  @IsOptional()
  RELAIS_DECISION_RETENTION_DAYS?: number;

  /** Turns on `GET /metrics` (Prometheus), which then asks for \`Authorization: Bearer <token>\`. */
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16)
  @IsOptional()
  RELAIS_METRICS_TOKEN?: string;
}

export interface AppConfig {
  port: number;
  database: { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  redisUrl?: string;
  admin?: { email: string; password: string };
  apiKey?: string;
  siteKey?: string;
  /** Seed and serve the demo retailer. */
  demo: boolean;
  /**
   * `well-known`: the published demo key and password (embedded mode only); `random`: forced onto PostgreSQL,
   * generated at seeding and printed once; `refused`: asked for on PostgreSQL without RELAIS_DEMO_FORCE.
   */
  demoMode: DemoMode;
  jwtSecret: string;
  smtpUrl?: string;
  runJobs: boolean;
  logLevel: string;
  chat: { offerTimeoutSeconds: number; maxWaitSeconds: number; presenceGraceSeconds: number; abandonSeconds: number };
  /** Fastify's `trustProxy`: the client address comes from X-Forwarded-For only when these sent the request. */
  trustedProxies: string[];
  /** Browser origins besides Relais's own allowed on `/api`, `/console/v1` and the `/console` socket. */
  consoleOrigins: string[];
  webhooksAllowPrivateNetworks: boolean;
  decisionRetentionDays: number;
  /** Unset: `GET /metrics` is off. */
  metricsToken?: string;
  publicUrl: string;
}

export class ConfigError extends Error {}

export type DemoMode = 'off' | 'well-known' | 'random' | 'refused';

/** Demo data has a published all-scope key and password: fine on a laptop's embedded database, never on a shared PostgreSQL. */
export function demoModeOf(requested: boolean, embedded: boolean, forced: boolean): DemoMode {
  if (!requested) return 'off';
  if (embedded) return 'well-known';
  return forced ? 'random' : 'refused';
}

/** Reads and validates the environment once; a bad value stops boot with a message naming the variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const key = JSON.stringify(source);
  if (cached?.key !== key) cached = { key, config: readConfig(source) };
  return cached.config;
}

let cached: { key: string; config: AppConfig } | undefined;

function readConfig(source: NodeJS.ProcessEnv): AppConfig {
  const env = plainToInstance(Env, { ...source });
  const errors = validateSync(env, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(source[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if ((env.RELAIS_ADMIN_EMAIL === undefined) !== (env.RELAIS_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  RELAIS_ADMIN_EMAIL and RELAIS_ADMIN_PASSWORD must be set together');
  }
  const badProxy = env.RELAIS_TRUSTED_PROXIES?.find((entry) => !isIP(entry.replace(/\/\d{1,3}$/, '')));
  if (badProxy !== undefined) throw new ConfigError(`Invalid configuration:\n  RELAIS_TRUSTED_PROXIES: "${badProxy}" is not an IP address or CIDR range`);
  const dataDir = resolve(env.RELAIS_DATA_DIR ?? './data');
  const embedded = env.DATABASE_URL === undefined;
  if (!embedded && env.JWT_SECRET === undefined) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET is required with DATABASE_URL (instances must share it)');
  }
  const demoMode = demoModeOf(env.RELAIS_DEMO ?? embedded, embedded, env.RELAIS_DEMO_FORCE ?? false);
  return {
    port: env.PORT ?? 3000,
    database: embedded ? { kind: 'embedded', dataDir: join(dataDir, 'pgdata') } : { kind: 'postgres', url: env.DATABASE_URL! },
    dataDir,
    redisUrl: env.REDIS_URL,
    admin: env.RELAIS_ADMIN_EMAIL ? { email: env.RELAIS_ADMIN_EMAIL, password: env.RELAIS_ADMIN_PASSWORD! } : undefined,
    apiKey: env.RELAIS_API_KEY,
    siteKey: env.RELAIS_SITE_KEY,
    demo: demoMode === 'well-known' || demoMode === 'random',
    demoMode,
    jwtSecret: env.JWT_SECRET ?? embeddedSecret(dataDir),
    smtpUrl: env.SMTP_URL,
    runJobs: env.RELAIS_RUN_JOBS ?? true,
    logLevel: env.LOG_LEVEL ?? 'info',
    chat: {
      offerTimeoutSeconds: env.RELAIS_CHAT_OFFER_TIMEOUT_SECONDS ?? 30,
      maxWaitSeconds: env.RELAIS_CHAT_MAX_WAIT_SECONDS ?? 600,
      presenceGraceSeconds: env.RELAIS_PRESENCE_GRACE_SECONDS ?? 60,
      abandonSeconds: env.RELAIS_CHAT_ABANDON_SECONDS ?? 120,
    },
    trustedProxies: env.RELAIS_TRUSTED_PROXIES ?? [],
    consoleOrigins: env.RELAIS_CONSOLE_ORIGINS ?? [],
    webhooksAllowPrivateNetworks: env.RELAIS_WEBHOOKS_ALLOW_PRIVATE_NETWORKS ?? false,
    decisionRetentionDays: env.RELAIS_DECISION_RETENTION_DAYS ?? 90,
    metricsToken: env.RELAIS_METRICS_TOKEN,
    publicUrl: (env.RELAIS_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
  };
}

/** Embedded mode generates a signing secret once and keeps it beside the database, so tokens survive restarts. */
function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
