import type { EmailText, Locale } from '@lieu/core';

/** The emails of the events area, in the space's language (the outbox sends them). */
const when = (l: Locale, localStart: string) => {
  const [date, time] = localStart.slice(0, 16).split('T');
  return l === 'fr' ? `le ${date} à ${time}` : `on ${date} at ${time}`;
};

export const eventEmails = {
  registered: (l: Locale, space: string, title: string, localStart: string): EmailText =>
    l === 'fr'
      ? { subject: `Inscription confirmée : ${title}`, text: `Bonjour,\n\nVous êtes inscrit·e à « ${title} » ${when(l, localStart)} — ${space}.\n\nÀ bientôt !` }
      : { subject: `You are registered: ${title}`, text: `Hello,\n\nYou are registered for "${title}" ${when(l, localStart)} — ${space}.\n\nSee you soon!` },
  waitlisted: (l: Locale, space: string, title: string, localStart: string): EmailText =>
    l === 'fr'
      ? { subject: `Liste d'attente : ${title}`, text: `Bonjour,\n\n« ${title} » ${when(l, localStart)} est complet. Vous êtes sur la liste d'attente : nous vous écrirons dès qu'une place se libère.\n\n— ${space}` }
      : { subject: `Waitlist: ${title}`, text: `Hello,\n\n"${title}" ${when(l, localStart)} is full. You are on the waitlist: we will write as soon as a place frees up.\n\n— ${space}` },
  promoted: (l: Locale, space: string, title: string, localStart: string): EmailText =>
    l === 'fr'
      ? { subject: `Une place s'est libérée : ${title}`, text: `Bonjour,\n\nBonne nouvelle : une place s'est libérée et vous êtes maintenant inscrit·e à « ${title} » ${when(l, localStart)} — ${space}.\n\nSi vous ne pouvez plus venir, annulez pour laisser la place à la personne suivante.` }
      : { subject: `A place freed up: ${title}`, text: `Hello,\n\nGood news: a place freed up and you are now registered for "${title}" ${when(l, localStart)} — ${space}.\n\nIf you cannot come any more, cancel so the next person gets the place.` },
  eventCancelled: (l: Locale, space: string, title: string, localStart: string): EmailText =>
    l === 'fr'
      ? { subject: `Annulé : ${title}`, text: `Bonjour,\n\nNous sommes désolés : « ${title} » prévu ${when(l, localStart)} est annulé.\n\n— ${space}` }
      : { subject: `Cancelled: ${title}`, text: `Hello,\n\nWe are sorry: "${title}" planned ${when(l, localStart)} is cancelled.\n\n— ${space}` },
};
