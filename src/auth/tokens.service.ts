import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

interface AdvisorClaims {
  typ: 'advisor';
  sub: string;
}

interface VisitClaims {
  typ: 'visit';
  sub: string;
  vid: string;
  sid: string;
}

export const ADVISOR_TOKEN_TTL_SECONDS = 12 * 3600;
export const VISIT_TOKEN_TTL_SECONDS = 24 * 3600;

/** Signs and checks the two kinds of bearer tokens; `typ` keeps a visit token from opening the console. */
@Injectable()
export class TokensService {
  constructor(private readonly jwt: JwtService) {}

  signAdvisor(advisorId: string): string {
    return this.jwt.sign({ typ: 'advisor', sub: advisorId } satisfies AdvisorClaims, { expiresIn: ADVISOR_TOKEN_TTL_SECONDS });
  }

  signVisit(visitId: string, visitorId: string, siteId: string): string {
    return this.jwt.sign({ typ: 'visit', sub: visitId, vid: visitorId, sid: siteId } satisfies VisitClaims, { expiresIn: VISIT_TOKEN_TTL_SECONDS });
  }

  verifyAdvisor(token: string): string | null {
    const claims = this.verify<AdvisorClaims>(token);
    return claims?.typ === 'advisor' ? claims.sub : null;
  }

  verifyVisit(token: string): { visitId: string; visitorId: string; siteId: string } | null {
    const claims = this.verify<VisitClaims>(token);
    return claims?.typ === 'visit' ? { visitId: claims.sub, visitorId: claims.vid, siteId: claims.sid } : null;
  }

  private verify<T extends object>(token: string): T | null {
    try {
      return this.jwt.verify<T>(token);
    } catch {
      return null;
    }
  }
}
