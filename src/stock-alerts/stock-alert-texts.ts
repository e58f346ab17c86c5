import { textLanguage, type Mail } from '../escalations/texts/visitor-texts';

/** Shown beside the form and stored with each alert as the consent given. */
export const STOCK_ALERT_CONSENT = 'Send me one e-mail when this product is back in stock.';

export function stockAlertConfirmationMail(locale: string | null, sku: string): Mail {
  return textLanguage(locale) === 'fr'
    ? { subject: 'Alerte de disponibilité enregistrée', text: `Bonjour,\n\nNous vous écrirons une seule fois, dès que l'article ${sku} sera de nouveau disponible.\n` }
    : { subject: 'Back-in-stock alert saved', text: `Hello,\n\nWe will write to you once, as soon as ${sku} is back in stock.\n` };
}

export function backInStockMail(locale: string | null, sku: string): Mail {
  return textLanguage(locale) === 'fr'
    ? { subject: `${sku} est de nouveau disponible`, text: `Bonjour,\n\nL'article ${sku} que vous attendiez est de nouveau en stock.\n` }
    : { subject: `${sku} is back in stock`, text: `Hello,\n\nThe item ${sku} you were waiting for is back in stock.\n` };
}
