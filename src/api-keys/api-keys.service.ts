import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AdvisorPrincipal, ApiKeyPrincipal, API_SCOPES, ApiScope } from '../common/auth/principal';
import { forbidden, notFound } from '../common/domain-error';
import { keysetPage, mapPage, Page, PageQueryDto } from '../common/pagination';
import { TtlCache } from '../common/ttl-cache';
import { ApiKey } from './api-key.entity';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key-secret';
import { ApiKeyResponseDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';

// Revocation reaches other instances within this delay; the revoking instance forgets at once.
const CACHE_TTL_MS = 10_000;
const LAST_USED_RESOLUTION_MS = 60_000;

export const toApiKeyResponse = (key: ApiKey): ApiKeyResponseDto => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  scopes: key.scopes,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});

@Injectable()
export class ApiKeysService {
  private readonly cache = new TtlCache<ApiKeyPrincipal | null>(CACHE_TTL_MS);
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  /**
   * A key may grant only scopes it holds itself, or `api-keys:manage` alone would mint any scope; advisors reach
   * this as admins, who may grant any.
   */
  async create(name: string, scopes: ApiScope[], caller: ApiKeyPrincipal | AdvisorPrincipal): Promise<CreatedApiKeyResponseDto> {
    if (caller.kind === 'api_key') {
      const notHeld = scopes.filter((scope) => !caller.scopes.includes(scope));
      if (notHeld.length) throw forbidden('SCOPE_NOT_HELD', `This key cannot grant scopes it does not hold: ${notHeld.join(', ')}`, { scopes: notHeld });
    }
    const createdBy = caller.id;
    const key = generateApiKey();
    const saved = await this.keys.save(this.keys.create({ name, scopes, createdBy, prefix: apiKeyPrefix(key), keyHash: hashApiKey(key) }));
    return { ...toApiKeyResponse(saved), key };
  }

  /** Makes sure a key with this exact value exists with every scope (bootstrap from `RELAIS_API_KEY`, demo data). */
  async ensure(key: string, name = 'Bootstrap key (RELAIS_API_KEY)'): Promise<void> {
    const keyHash = hashApiKey(key);
    const existing = await this.keys.findOneBy({ keyHash });
    if (existing) {
      await this.keys.update(existing.id, { scopes: [...API_SCOPES], revokedAt: null });
    } else {
      await this.keys.save(this.keys.create({ name, scopes: [...API_SCOPES], createdBy: null, prefix: apiKeyPrefix(key), keyHash }));
    }
  }

  /** Revokes the key with this exact value, if it exists and is live; true when it did. */
  async revokeByValue(key: string): Promise<boolean> {
    const result = await this.keys.update({ keyHash: hashApiKey(key), revokedAt: IsNull() }, { revokedAt: new Date() });
    this.cache.clear();
    return (result.affected ?? 0) > 0;
  }

  async list(query: PageQueryDto): Promise<Page<ApiKeyResponseDto>> {
    return mapPage(await keysetPage(this.keys.createQueryBuilder('k'), query, { column: 'k.created_at', value: (k) => k.createdAt, direction: 'DESC' }), toApiKeyResponse);
  }

  async revoke(id: string): Promise<ApiKeyResponseDto> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw notFound('API_KEY_NOT_FOUND', `No API key with id ${id}`);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.save(key);
    }
    this.cache.clear();
    return toApiKeyResponse(key);
  }

  /** Resolves a presented key to its principal, or null when unknown or revoked. */
  async authenticate(presented: string): Promise<ApiKeyPrincipal | null> {
    const keyHash = hashApiKey(presented);
    let principal = this.cache.get(keyHash);
    if (principal === undefined) {
      const key = await this.keys.findOne({ where: { keyHash, revokedAt: IsNull() } });
      principal = key ? { kind: 'api_key', id: key.id, name: key.name, scopes: key.scopes } : null;
      this.cache.set(keyHash, principal);
    }
    if (principal) this.touch(principal.id);
    return principal;
  }

  /** Records last use at minute resolution, off the request path. */
  private touch(id: string): void {
    const now = Date.now();
    if ((this.lastUsedWrites.get(id) ?? 0) > now - LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWrites.set(id, now);
    this.keys.update(id, { lastUsedAt: new Date(now) }).catch(() => undefined);
  }
}
