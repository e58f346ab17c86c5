import { textLanguage, type Mail } from '../escalations/texts/visitor-texts';
import type { CartLine } from './cart-follow-up.entity';

const euros = (amount: number, language: 'fr' | 'en') => new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(amount);

/** The abandoned-cart e-mail, in the customer's language, with the cart, the incentive if any, and the unsubscribe link. */
export function cartReminderMail(locale: string | null, cart: CartLine[], total: number, incentiveCode: string | null, unsubscribeUrl: string): Mail {
  const language = textLanguage(locale);
  const lines = cart.map((l) => `- ${l.sku} x ${l.quantity}: ${euros(l.price * l.quantity, language)}`).join('\n');
  if (language === 'fr') {
    return {
      subject: 'Votre panier vous attend',
      text:
        `Bonjour,\n\nVous avez laissé ces articles dans votre panier :\n${lines}\nTotal : ${euros(total, language)}\n\n` +
        (incentiveCode ? `Avec le code ${incentiveCode}, profitez d'une remise sur cette commande.\n\n` : '') +
        `Pour ne plus recevoir ces e-mails : ${unsubscribeUrl}\n`,
    };
  }
  return {
    subject: 'Your cart is waiting for you',
    text:
      `Hello,\n\nYou left these items in your cart:\n${lines}\nTotal: ${euros(total, language)}\n\n` +
      (incentiveCode ? `Use the code ${incentiveCode} for a discount on this order.\n\n` : '') +
      `To stop receiving these e-mails: ${unsubscribeUrl}\n`,
  };
}

export const unsubscribedPage = (language: 'fr' | 'en') =>
  language === 'fr'
    ? '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Désinscription</title><p>C’est fait : vous ne recevrez plus nos e-mails commerciaux.</p></html>'
    : '<!doctype html><html lang="en"><meta charset="utf-8"><title>Unsubscribed</title><p>Done: you will receive no more marketing e-mails from us.</p></html>';
