import { keywordsOf } from './visit-context';
import { parseUrl } from './tracking-event';

// Where a visit comes from: the search engine or site of the referrer, the words searched, and the
// campaign parameters (UTM) of the landing URL. UTM wins over the referrer: the merchant tagged the link.

export interface TrafficOrigin {
  /** `google`, `bing`..., a campaign's utm_source, a referring host, or `direct`. */
  source: string;
  /** Words from the search engine query or utm_term. */
  keywords: string[];
  utm: Partial<Record<'source' | 'medium' | 'campaign' | 'term' | 'content', string>>;
}

const SEARCH_ENGINES: { host: RegExp; name: string; params: string[] }[] = [
  { host: /(^|\.)google\./, name: 'google', params: ['q'] },
  { host: /(^|\.)bing\.com$/, name: 'bing', params: ['q'] },
  { host: /(^|\.)search\.yahoo\./, name: 'yahoo', params: ['p'] },
  { host: /(^|\.)duckduckgo\.com$/, name: 'duckduckgo', params: ['q'] },
  { host: /(^|\.)qwant\.com$/, name: 'qwant', params: ['q'] },
  { host: /(^|\.)ecosia\.org$/, name: 'ecosia', params: ['q'] },
  { host: /(^|\.)yandex\./, name: 'yandex', params: ['text'] },
  { host: /(^|\.)baidu\.com$/, name: 'baidu', params: ['wd', 'word'] },
];

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

export function parseTrafficOrigin(landingUrl: string, referrer: string | undefined): TrafficOrigin {
  const landing = parseUrl(landingUrl);
  const utm: TrafficOrigin['utm'] = {};
  for (const key of UTM_KEYS) {
    const value = landing?.searchParams.get(`utm_${key}`)?.trim();
    if (value) utm[key] = value.slice(0, 200).toLowerCase();
  }
  const keywords = new Set<string>(utm.term ? keywordsOf(utm.term) : []);
  let source = utm.source;
  const ref = referrer ? parseUrl(referrer) : undefined;
  if (ref && (ref.protocol === 'http:' || ref.protocol === 'https:')) {
    const host = ref.hostname.toLowerCase().replace(/^www\./, '');
    const engine = SEARCH_ENGINES.find((e) => e.host.test(host));
    if (engine) {
      for (const param of engine.params) for (const word of keywordsOf(ref.searchParams.get(param) ?? '')) keywords.add(word);
      source ??= engine.name;
    } else if (!landing || host !== landing.hostname.toLowerCase().replace(/^www\./, '')) {
      source ??= host;
    }
  }
  return { source: source ?? 'direct', keywords: [...keywords].slice(0, 50), utm };
}
