import { Injectable } from '@nestjs/common';
import { unauthorized } from '../common/domain-error';
import { SitesService } from '../sites/sites.service';
import { VisitorPrincipal } from '../common/auth/principal';
import { TokensService } from './tokens.service';

/** Where a transport carries the visitor's credentials, to name them in a refusal. */
export interface VisitorCredentialPlaces {
  siteKey: string;
  token: string;
}

export const HTTP_VISITOR_CREDENTIALS: VisitorCredentialPlaces = { siteKey: 'in the X-Site-Key header', token: 'as "Authorization: Bearer <visitToken>"' };

/** The one check of a visitor's site key and visit token, for HTTP routes and the `/widget` socket handshake alike. */
@Injectable()
export class VisitorAuthService {
  constructor(
    private readonly sites: SitesService,
    private readonly tokens: TokensService,
  ) {}

  async authenticate(siteKey: unknown, token: unknown, needsVisit: boolean, places: VisitorCredentialPlaces): Promise<VisitorPrincipal> {
    if (typeof siteKey !== 'string' || !siteKey) throw unauthorized('SITE_KEY_REQUIRED', `Send the site key ${places.siteKey}`);
    const site = await this.sites.findByKey(siteKey);
    if (!site) throw unauthorized('INVALID_SITE_KEY', 'The site key is unknown');
    if (!needsVisit) return { kind: 'visitor', siteId: site.id };
    const visit = typeof token === 'string' && token ? this.tokens.verifyVisit(token) : null;
    if (!visit || visit.siteId !== site.id) throw unauthorized('VISIT_TOKEN_REQUIRED', `Send the visit token from POST /widget/v1/visits ${places.token}`);
    return { kind: 'visitor', siteId: site.id, visitId: visit.visitId, visitorId: visit.visitorId };
  }
}
