import { foldText, removeStopwords, stem, tokenize } from './text-normalizer';
import { TypoCorrector } from './typo-corrector';

describe('text normalisation', () => {
  it('folds case, accents and ligatures', () => {
    expect(foldText('Où est ma COMMANDE ? Reçu, œuvre, Élève')).toBe('ou est ma commande recu oeuvre eleve');
  });

  it('splits French elisions and keeps digits', () => {
    expect(tokenize("J'ai commandé l'article n°42")).toEqual(['j', 'ai', 'commande', 'l', 'article', 'n', '42']);
  });

  it('drops stopwords but never empties a message made only of them', () => {
    expect(removeStopwords(tokenize('where is my parcel'), 'en')).toEqual(['where', 'parcel']);
    expect(removeStopwords(tokenize('is it'), 'en')).toEqual(['is', 'it']);
    expect(removeStopwords(tokenize('je ne suis pas livré'), 'fr')).toEqual(['ne', 'pas', 'livre']);
  });

  it('stems French and English the same with or without accents', () => {
    expect(stem(foldText('livrée'), 'fr')).toBe(stem('livree', 'fr'));
    expect(stem('remboursement', 'fr')).toBe(stem('rembourser', 'fr'));
    expect(stem('refunds', 'en')).toBe(stem('refund', 'en'));
  });
});

describe('TypoCorrector', () => {
  const corrector = new TypoCorrector(
    new Map([
      ['delivery', 5],
      ['refund', 3],
      ['remboursement', 2],
      ['card', 9],
      ['cart', 1],
    ]),
  );

  it('repairs one edit on medium words and two on long ones', () => {
    expect(corrector.correct('delivry')).toBe('delivery');
    expect(corrector.correct('refnud')).toBe('refund');
    expect(corrector.correct('rembourssemnt')).toBe('remboursement');
  });

  it('leaves short words and far words alone', () => {
    expect(corrector.correct('crd')).toBeNull();
    expect(corrector.correct('banana')).toBeNull();
    expect(corrector.correct('card')).toBe('card');
  });
});
