import { LanguageDetector } from './language-detector';

describe('LanguageDetector', () => {
  const detector = new LanguageDetector();

  it.each([
    ['bonjour', 'fr'],
    ['un conseiller svp', 'fr'],
    ["je veux parler à quelqu'un", 'fr'],
    ['ou est ma commande', 'fr'],
    ['remboursement?', 'fr'],
    ['livraison demain possible ?', 'fr'],
    ['hello', 'en'],
    ['agent please', 'en'],
    ['where is my order', 'en'],
    ['refund status?', 'en'],
    ['can I pay with paypal', 'en'],
    ['my parcel never arrived', 'en'],
  ] as const)('reads %j as %s', (text, locale) => {
    expect(detector.detect(text).locale).toBe(locale);
  });

  it('lets the page locale decide when the text says nothing', () => {
    expect(detector.detect('ok 42', 'fr')).toMatchObject({ locale: 'fr', detected: false });
    expect(detector.detect('', 'en')).toMatchObject({ locale: 'en', detected: false });
  });

  it('overrides the page locale when the text is clearly in the other language', () => {
    expect(detector.detect('where is my order please', 'fr')).toMatchObject({ locale: 'en', detected: true });
  });

  it('learns from knowledge base examples', () => {
    const trained = new LanguageDetector({ fr: ['colis abîmé', 'colis perdu', 'colis en retard'] });
    expect(trained.detect('colis').locale).toBe('fr');
  });
});
