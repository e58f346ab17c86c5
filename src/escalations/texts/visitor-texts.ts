// What visitors read about their escalation (widget answers and e-mails), in their language.

export const TEXT_LANGUAGES = ['fr', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** French for any French locale ("fr", "fr-BE"...), English otherwise: the languages the knowledge base speaks. */
export const textLanguage = (locale: string | null | undefined): TextLanguage => (locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en');

export interface Mail {
  subject: string;
  text: string;
}

interface StorePlace {
  name: string;
  address: string;
  postcode: string;
  city: string;
}

const placeOf = (s: StorePlace) => `${s.name} (${s.address}, ${s.postcode} ${s.city})`;
const skillNote = (skill: string | null) => (skill ? ` (${skill.replace(/_/g, ' ')})` : '');

const TEXTS = {
  en: {
    callbackMail: (phone: string, when: string): Mail => ({
      subject: 'Your callback is booked',
      text: `Hello,\n\nWe will call you on ${phone} on ${when}.\nIf we cannot reach you, we will try once more shortly after.\n\nRelais customer service`,
    }),
    callbackBooked: (when: string) => `We will call you on ${when}.`,
    appointmentMail: (store: StorePlace, when: string, skill: string | null): Mail => ({
      subject: `Your appointment at ${store.name}`,
      text: `Hello,\n\nYour appointment at ${placeOf(store)} is booked for ${when}.\nAn advisor will be expecting you${skillNote(skill)}.\n\n${store.name}`,
    }),
    appointmentBooked: (storeName: string, when: string) => `See you at ${storeName} on ${when}.`,
    reminderMail: (store: StorePlace, when: string): Mail => ({
      subject: `Reminder: your appointment at ${store.name}`,
      text: `Hello,\n\nA reminder of your appointment at ${placeOf(store)} on ${when}.\n\n${store.name}`,
    }),
    storeWillContact: (storeName: string) => `${storeName} will contact you.`,
    callRequested: 'An advisor will call you in a few minutes.',
  },
  fr: {
    callbackMail: (phone: string, when: string): Mail => ({
      subject: 'Votre rappel est programmé',
      text: `Bonjour,\n\nNous vous appellerons au ${phone} le ${when}.\nSi nous ne parvenons pas à vous joindre, nous réessaierons peu après.\n\nLe service client Relais`,
    }),
    callbackBooked: (when: string) => `Nous vous appellerons le ${when}.`,
    appointmentMail: (store: StorePlace, when: string, skill: string | null): Mail => ({
      subject: `Votre rendez-vous chez ${store.name}`,
      text: `Bonjour,\n\nVotre rendez-vous chez ${placeOf(store)} est confirmé pour le ${when}.\nUn conseiller vous attendra${skillNote(skill)}.\n\n${store.name}`,
    }),
    appointmentBooked: (storeName: string, when: string) => `À bientôt chez ${storeName}, le ${when}.`,
    reminderMail: (store: StorePlace, when: string): Mail => ({
      subject: `Rappel : votre rendez-vous chez ${store.name}`,
      text: `Bonjour,\n\nNous vous rappelons votre rendez-vous chez ${placeOf(store)} le ${when}.\n\n${store.name}`,
    }),
    storeWillContact: (storeName: string) => `${storeName} vous contactera.`,
    callRequested: 'Un conseiller va vous appeler dans quelques minutes.',
  },
} satisfies Record<TextLanguage, unknown>;

export const visitorTexts = (language: TextLanguage) => TEXTS[language];
