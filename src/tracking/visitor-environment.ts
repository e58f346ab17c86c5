import geoip from 'geoip-lite';
import { UAParser } from 'ua-parser-js';
import type { DeviceType } from '../targeting/engine/visit-facts';

/** ISO country of an IP address from the geo-IP database shipped with geoip-lite; null for private or unknown addresses. */
export function countryOf(ip: string | undefined): string | null {
  if (!ip) return null;
  return geoip.lookup(ip.replace(/^::ffff:/, ''))?.country || null;
}

/** Device class from the user agent; anything not recognised as a phone or tablet counts as desktop. */
export function deviceTypeOf(userAgent: string | undefined): DeviceType {
  if (!userAgent) return 'desktop';
  const type = UAParser(userAgent.slice(0, 1000)).device.type;
  return type === 'mobile' || type === 'wearable' ? 'mobile' : type === 'tablet' ? 'tablet' : 'desktop';
}
