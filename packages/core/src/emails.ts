import type { Locale } from './tenant';

/** The text of the emails the platform sends, in the reader's language. Pure: the outbox sends them. */
export interface EmailText { subject: string; text: string }

export const emails = {
  magicLink: (l: Locale, space: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Votre lien de connexion à ${space}`, text: `Bonjour,\n\nCliquez sur ce lien pour vous connecter à ${space} (valable 15 minutes, une seule fois) :\n${url}\n\nSi vous n'avez rien demandé, ignorez ce message.` }
      : { subject: `Your sign-in link for ${space}`, text: `Hello,\n\nClick this link to sign in to ${space} (valid for 15 minutes, once):\n${url}\n\nIf you did not ask for it, ignore this message.` },
  passwordReset: (l: Locale, space: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Réinitialiser votre mot de passe — ${space}`, text: `Bonjour,\n\nPour choisir un nouveau mot de passe (lien valable 1 heure) :\n${url}\n\nSi vous n'avez rien demandé, ignorez ce message.` }
      : { subject: `Reset your password — ${space}`, text: `Hello,\n\nTo choose a new password (link valid for 1 hour):\n${url}\n\nIf you did not ask for it, ignore this message.` },
  invitation: (l: Locale, space: string, role: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Invitation à rejoindre ${space}`, text: `Bonjour,\n\nVous êtes invité·e à rejoindre ${space} (rôle : ${role}). Créez votre compte ici (lien valable 7 jours) :\n${url}` }
      : { subject: `You are invited to join ${space}`, text: `Hello,\n\nYou are invited to join ${space} (role: ${role}). Create your account here (link valid for 7 days):\n${url}` },
  welcome: (l: Locale, space: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Bienvenue à ${space}`, text: `Bonjour,\n\nVotre compte à ${space} est prêt : ${url}` }
      : { subject: `Welcome to ${space}`, text: `Hello,\n\nYour account at ${space} is ready: ${url}` },
};
