import type { Locale } from '../virtual-agent/nlp/text-normalizer';

/** What the visitor reads when something happens in the conversation, in the conversation's language. */
export const systemMessages = {
  joined: (locale: Locale, name: string) => (locale === 'fr' ? `${name} a rejoint la conversation.` : `${name} joined the conversation.`),
  transferred: (locale: Locale) => (locale === 'fr' ? 'Nous vous mettons en relation avec un autre conseiller, merci de patienter.' : 'We are connecting you with another advisor, please wait.'),
  closedByAdvisor: (locale: Locale) => (locale === 'fr' ? 'Le conseiller a clôturé la conversation. Merci de nous noter !' : 'The advisor closed the conversation. Please rate us!'),
  closedByVisitor: (locale: Locale) => (locale === 'fr' ? 'Le visiteur a quitté la conversation.' : 'The visitor left the conversation.'),
  messageLeft: (locale: Locale) => (locale === 'fr' ? 'Message transmis : un conseiller vous répondra dès que possible.' : 'Message sent: an advisor will get back to you as soon as possible.'),
};
