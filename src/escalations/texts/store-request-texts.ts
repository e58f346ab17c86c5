import type { Mail, TextLanguage } from './visitor-texts';

/** The steps of a store request the visitor hears about. */
export type VisibleStoreRequestStep = 'taken' | 'contacted' | 'done' | 'cancelled';

const EN: Record<VisibleStoreRequestStep, (store: string, advisor: string | null) => Mail> = {
  taken: (store, advisor) => ({
    subject: `${store} has your request`,
    text: `Hello,\n\n${advisor ? `${advisor} at ${store}` : store} has taken your request and will get in touch with you soon.\n\n${store}`,
  }),
  contacted: (store) => ({
    subject: `${store} got in touch`,
    text: `Hello,\n\n${store} has been in touch with you about your request. Reply to the store if anything is still missing.\n\n${store}`,
  }),
  done: (store) => ({ subject: `Your request to ${store} is complete`, text: `Hello,\n\nYour request to ${store} is complete. Thank you for your visit.\n\n${store}` }),
  cancelled: (store) => ({
    subject: `Your request to ${store} was cancelled`,
    text: `Hello,\n\nYour request to ${store} was cancelled. You can send a new one from our website at any time.\n\n${store}`,
  }),
};

const FR: Record<VisibleStoreRequestStep, (store: string, advisor: string | null) => Mail> = {
  taken: (store, advisor) => ({
    subject: `${store} a bien reçu votre demande`,
    text: `Bonjour,\n\n${advisor ? `${advisor}, de ${store},` : store} a pris en charge votre demande et vous contactera très bientôt.\n\n${store}`,
  }),
  contacted: (store) => ({
    subject: `${store} vous a contacté`,
    text: `Bonjour,\n\n${store} vous a contacté au sujet de votre demande. Répondez au magasin s'il manque encore quelque chose.\n\n${store}`,
  }),
  done: (store) => ({ subject: `Votre demande à ${store} est terminée`, text: `Bonjour,\n\nVotre demande à ${store} est terminée. Merci de votre visite.\n\n${store}` }),
  cancelled: (store) => ({
    subject: `Votre demande à ${store} a été annulée`,
    text: `Bonjour,\n\nVotre demande à ${store} a été annulée. Vous pouvez en envoyer une nouvelle depuis notre site à tout moment.\n\n${store}`,
  }),
};

export const storeRequestStepMail = (language: TextLanguage, step: VisibleStoreRequestStep, store: string, advisorName: string | null): Mail =>
  (language === 'fr' ? FR : EN)[step](store, advisorName);
