import type { HandoverAlternative } from '../conversations/dto/conversation.dto';
import type { Locale } from '../virtual-agent/nlp/text-normalizer';

/** What the visitor reads when something happens in the conversation, in the conversation's language. */
export const systemMessages = {
  joined: (locale: Locale, name: string) => (locale === 'fr' ? `${name} a rejoint la conversation.` : `${name} joined the conversation.`),
  transferred: (locale: Locale) =>
    locale === 'fr' ? 'Nous vous mettons en relation avec un autre conseiller, merci de patienter.' : 'We are connecting you with another advisor, please wait.',
  closedByAdvisor: (locale: Locale) =>
    locale === 'fr' ? 'Le conseiller a clôturé la conversation. Merci de nous noter !' : 'The advisor closed the conversation. Please rate us!',
  closedByVisitor: (locale: Locale) => (locale === 'fr' ? 'Le visiteur a quitté la conversation.' : 'The visitor left the conversation.'),
  messageLeft: (locale: Locale) =>
    locale === 'fr' ? 'Message transmis : un conseiller vous répondra dès que possible.' : 'Message sent: an advisor will get back to you as soon as possible.',
};

const ROUTE_WORDS: Record<Locale, Record<HandoverAlternative, string>> = {
  fr: { callback: 'être rappelé', call: 'être appelé tout de suite', store: 'prendre rendez-vous en magasin', message: 'nous laisser un message, nous vous répondrons' },
  en: { callback: 'get a callback', call: 'get a call right away', store: 'book a store appointment', message: 'leave us a message and we will answer' },
};

function when(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** The bot's hand-over reply when no person can take the chat: why, and the routes that are open instead. */
export function noPersonAvailable(
  locale: Locale,
  handover: { alternatives: HandoverAlternative[]; nextCallbackSlot: string | null; chatOpensAt: string | null },
  timeZone: string,
): string {
  const routes = handover.alternatives.map((route) => {
    const words = ROUTE_WORDS[locale][route];
    if (route !== 'callback' || !handover.nextCallbackSlot) return words;
    return `${words} (${locale === 'fr' ? 'premier créneau :' : 'first slot:'} ${when(handover.nextCallbackSlot, locale, timeZone)})`;
  });
  const list = routes.length > 1 ? `${routes.slice(0, -1).join(', ')} ${locale === 'fr' ? 'ou' : 'or'} ${routes[routes.length - 1]}` : routes[0];
  if (locale === 'fr') {
    const back = handover.chatOpensAt ? ` ; le service reprend le ${when(handover.chatOpensAt, locale, timeZone)}` : '';
    return `Aucun conseiller ne peut vous répondre en direct pour le moment${back}. Vous pouvez ${list}.`;
  }
  const back = handover.chatOpensAt ? `; the team is back on ${when(handover.chatOpensAt, locale, timeZone)}` : '';
  return `No advisor can answer you live right now${back}. You can ${list}.`;
}
