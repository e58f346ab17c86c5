// The widget's words, in French and English: the page's `lang`, else the browser's, else the site's default.
export type Locale = 'fr' | 'en';

export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    const tag = candidate?.toLowerCase() ?? '';
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'fr';
}

const fr = {
  openChat: 'Discuter avec nous',
  chatTitle: 'Discussion',
  close: 'Fermer',
  minimise: 'Réduire la discussion',
  greeting: 'Bonjour ! Posez-moi votre question, je vous réponds tout de suite.',
  placeholder: 'Votre message',
  send: 'Envoyer',
  accept: 'Oui, discutons',
  decline: 'Non merci',
  helpful: 'Cette réponse vous a-t-elle aidé ?',
  yes: 'Oui',
  no: 'Non',
  thanks: 'Merci pour votre retour.',
  you: 'Vous',
  bot: 'Assistant',
  advisor: 'Conseiller',
  system: 'Info',
  typing: 'Le conseiller écrit…',
  read: 'Lu',
  queued: (position: number, minutes: number | null) => `Vous êtes n°${position} dans la file${minutes === null ? '' : `, attente estimée : ${minutes < 1 ? "moins d'une minute" : `${minutes} min`}`}.`,
  unavailable: 'Personne ne peut vous répondre en direct pour le moment. Voici ce que nous pouvons faire :',
  routeCallback: 'Être rappelé',
  routeCall: 'Être appelé maintenant',
  routeStore: 'Rendez-vous en magasin',
  routeMessage: 'Laisser un message',
  nextSlot: (when: string) => `Prochain créneau : ${when}`,
  phone: 'Votre numéro de téléphone',
  email: 'Votre e-mail (facultatif)',
  pickSlot: 'Choisissez un créneau',
  book: 'Réserver',
  booked: 'C’est réservé !',
  noSlot: 'Aucun créneau libre pour le moment.',
  back: 'Retour',
  chooseStore: 'Choisissez un magasin',
  messageText: 'Votre message',
  leave: 'Envoyer le message',
  callNow: 'Appelez-moi',
  rate: 'Comment s’est passée cette discussion ?',
  star: (n: number) => `${n} sur 5`,
  rated: 'Merci pour votre note !',
  closeChat: 'Terminer la discussion',
  offerCode: (code: string) => `Code : ${code}`,
  dismiss: 'Masquer',
  faq: 'Voir la réponse',
  error: 'Une erreur est survenue. Réessayez dans un instant.',
  invalidPhone: 'Saisissez un numéro de téléphone valide.',
};

const en: typeof fr = {
  openChat: 'Chat with us',
  chatTitle: 'Chat',
  close: 'Close',
  minimise: 'Minimise the chat',
  greeting: 'Hello! Ask me your question and I will answer right away.',
  placeholder: 'Your message',
  send: 'Send',
  accept: "Yes, let's chat",
  decline: 'No thanks',
  helpful: 'Did this answer help?',
  yes: 'Yes',
  no: 'No',
  thanks: 'Thank you for your feedback.',
  you: 'You',
  bot: 'Assistant',
  advisor: 'Advisor',
  system: 'Info',
  typing: 'The advisor is typing…',
  read: 'Read',
  queued: (position, minutes) => `You are number ${position} in the queue${minutes === null ? '' : `, estimated wait: ${minutes < 1 ? 'under a minute' : `${minutes} min`}`}.`,
  unavailable: 'Nobody can answer you live right now. Here is what we can do:',
  routeCallback: 'Get a callback',
  routeCall: 'Get a call now',
  routeStore: 'Book a store appointment',
  routeMessage: 'Leave a message',
  nextSlot: (when) => `Next slot: ${when}`,
  phone: 'Your phone number',
  email: 'Your e-mail (optional)',
  pickSlot: 'Choose a time slot',
  book: 'Book',
  booked: 'Booked!',
  noSlot: 'No free slot right now.',
  back: 'Back',
  chooseStore: 'Choose a store',
  messageText: 'Your message',
  leave: 'Send the message',
  callNow: 'Call me',
  rate: 'How was this chat?',
  star: (n) => `${n} out of 5`,
  rated: 'Thank you for your rating!',
  closeChat: 'End the chat',
  offerCode: (code) => `Code: ${code}`,
  dismiss: 'Hide',
  faq: 'See the answer',
  error: 'Something went wrong. Please try again in a moment.',
  invalidPhone: 'Enter a valid phone number.',
};

export type Texts = typeof fr;
export const TEXTS: Record<Locale, Texts> = { fr, en };

export function formatSlot(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
