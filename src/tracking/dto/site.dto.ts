export class SiteWithSecretDto {
  id: string;
  name: string;
  /** Public: the widget sends it as `X-Site-Key`. */
  siteKey: string;
  /** Secret: signs identity tokens (HMAC-SHA256 or HS256 JWT) on the merchant's server; never put it in a page. */
  identitySecret: string;
  allowedOrigins: string[];
  createdAt: Date;
}
