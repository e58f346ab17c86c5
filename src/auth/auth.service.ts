import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { IsNull, Repository } from 'typeorm';
import { Advisor } from '../advisors/advisor.entity';
import { DomainError, unauthorized } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { REDIS } from '../redis/redis.module';
import { LoginResponseDto } from './dto/login.dto';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../advisors/password';
import { AdvisorPrincipal } from '../common/auth/principal';
import { ADVISOR_TOKEN_TTL_SECONDS, TokensService } from './tokens.service';

class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_LOGIN_ATTEMPTS', `Too many login attempts; retry in ${retryAfterSeconds} s`);
  }
}

@Injectable()
export class AuthService {
  // Failed attempts per account+address, failed attempts per account from anywhere (guessing spread over many
  // addresses), and all attempts per address (credential stuffing).
  private readonly failuresPerAccount: RateLimiter;
  private readonly failuresPerAccountAnywhere: RateLimiter;
  private readonly attemptsPerAddress: RateLimiter;

  constructor(
    @InjectRepository(Advisor) private readonly advisors: Repository<Advisor>,
    private readonly tokens: TokensService,
    @Inject(REDIS) redis: Redis | null,
  ) {
    this.failuresPerAccount = new RateLimiter(redis, 5, 15 * 60);
    this.failuresPerAccountAnywhere = new RateLimiter(redis, 20, 15 * 60);
    this.attemptsPerAddress = new RateLimiter(redis, 50, 15 * 60);
  }

  async login(email: string, password: string, ip: string): Promise<LoginResponseDto> {
    const accountKey = `login:${ip}:${email.toLowerCase()}`;
    const anywhereKey = `login-account:${email.toLowerCase()}`;
    const wait = Math.max(
      await this.attemptsPerAddress.hit(`login-ip:${ip}`),
      await this.failuresPerAccount.blockedFor(accountKey),
      await this.failuresPerAccountAnywhere.blockedFor(anywhereKey),
    );
    if (wait > 0) throw new RateLimitedError(wait);

    const advisor = await this.advisors.findOne({
      where: { email: email.toLowerCase(), disabledAt: IsNull() },
      select: { id: true, email: true, name: true, roles: true, storeId: true, passwordHash: true },
    });
    const valid = await verifyPassword(password, advisor?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!advisor || !valid) {
      await this.failuresPerAccount.hit(accountKey);
      await this.failuresPerAccountAnywhere.hit(anywhereKey);
      throw unauthorized('INVALID_CREDENTIALS', 'E-mail or password is incorrect');
    }
    await this.failuresPerAccount.reset(accountKey);
    return {
      accessToken: this.tokens.signAdvisor(advisor.id),
      expiresIn: ADVISOR_TOKEN_TTL_SECONDS,
      advisor: { id: advisor.id, email: advisor.email, name: advisor.name, roles: advisor.roles, storeId: advisor.storeId },
    };
  }

  /** Resolves a console token; a disabled advisor or a changed role takes effect on the next request. */
  async authenticateAdvisor(token: string): Promise<AdvisorPrincipal | null> {
    const id = this.tokens.verifyAdvisor(token);
    if (!id) return null;
    const advisor = await this.advisors.findOne({ where: { id, disabledAt: IsNull() }, select: { id: true, email: true, roles: true, storeId: true } });
    return advisor ? { kind: 'advisor', id: advisor.id, email: advisor.email, roles: advisor.roles, storeId: advisor.storeId } : null;
  }
}
