import { parseTrafficOrigin } from './referrer-parser';

describe('parseTrafficOrigin', () => {
  it('names the search engine and keeps the searched words', () => {
    expect(parseTrafficOrigin('https://shop.example/tv', 'https://www.google.fr/search?q=T%C3%A9l%C3%A9viseur+OLED')).toEqual({
      source: 'google',
      keywords: ['televiseur', 'oled'],
      utm: {},
    });
    expect(parseTrafficOrigin('https://shop.example/', 'https://search.yahoo.com/search?p=frigo+americain').keywords).toEqual(['frigo', 'americain']);
  });

  it('prefers UTM parameters of the landing URL', () => {
    const origin = parseTrafficOrigin('https://shop.example/?utm_source=Newsletter&utm_campaign=soldes&utm_term=lave+linge', 'https://www.bing.com/search?q=four');
    expect(origin).toEqual({ source: 'newsletter', keywords: ['lave', 'linge', 'four'], utm: { source: 'newsletter', campaign: 'soldes', term: 'lave linge' } });
  });

  it('names a referring site, and is direct without a referrer or from the shop itself', () => {
    expect(parseTrafficOrigin('https://shop.example/', 'https://www.lesnumeriques.com/tv/test').source).toBe('lesnumeriques.com');
    expect(parseTrafficOrigin('https://shop.example/', undefined).source).toBe('direct');
    expect(parseTrafficOrigin('https://shop.example/b', 'https://shop.example/a').source).toBe('direct');
    expect(parseTrafficOrigin('https://shop.example/', 'not a url').source).toBe('direct');
  });
});
