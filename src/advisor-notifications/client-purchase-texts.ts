import { textLanguage, type Mail } from '../escalations/texts/visitor-texts';
import type { ClientPurchaseData } from './advisor-notification.entity';

const euros = (amount: number, language: 'fr' | 'en') => new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(amount);

/** "Y" of "your client X bought Y online": the items when known, else the order number; with the amount. */
function what(p: ClientPurchaseData, language: 'fr' | 'en'): string {
  const order = language === 'fr' ? `la commande ${p.orderId}` : `order ${p.orderId}`;
  const goods = p.items.length ? `${p.items.join(', ')} (${order})` : order;
  return p.amount === null ? goods : `${goods}, ${euros(p.amount, language)}`;
}

/** The one-line title shown in the console list and the socket event. */
export function clientPurchaseTitle(p: ClientPurchaseData, language: string | null): string {
  const lang = textLanguage(language);
  const who = p.customerName ?? (lang === 'fr' ? 'Un de vos clients' : 'One of your clients');
  return lang === 'fr' ? `Votre client ${who} a acheté en ligne : ${what(p, lang)}` : `Your client ${who} bought ${what(p, lang)} online`;
}

/** The mail to the owner advisor, in their first working language. */
export function clientPurchaseMail(p: ClientPurchaseData, language: string | null, customerId: string): Mail {
  const lang = textLanguage(language);
  const title = clientPurchaseTitle(p, language);
  return lang === 'fr'
    ? { subject: title, text: `Bonjour,\n\n${title}.\n\nSa fiche est dans la console (client ${customerId}).\n` }
    : { subject: title, text: `Hello,\n\n${title}.\n\nTheir profile is in the console (customer ${customerId}).\n` };
}
