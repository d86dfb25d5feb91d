import { frenchDateTime, frenchMail, type MailToSend } from '@pf/mail';
import { accountSubject } from '@pf/personal-data';

export interface Recipient {
  communeId: string;
  accountId: string;
  email: string;
  displayName: string;
}

/** The links the mails carry are pages of the Angular client, which then call the API. */
export const ACCOUNT_LINKS = {
  activation: (accountId: string, token: string) => `/activer-mon-compte?compte=${accountId}&jeton=${token}`,
  passwordReset: (accountId: string, token: string) => `/mot-de-passe/nouveau?compte=${accountId}&jeton=${token}`,
  emailChange: (accountId: string, token: string) => `/mon-compte/confirmer-email?compte=${accountId}&jeton=${token}`,
};

export function activationMail(to: Recipient, url: string, expiresAt: string, tokenHash: string): MailToSend {
  return {
    communeId: to.communeId,
    dedupeKey: `account:${to.accountId}:activation:${tokenHash}`,
    to: to.email,
    subject: 'Activez votre compte Portail Famille',
    dataSubject: accountSubject(to.accountId),
    ...frenchMail({
      greeting: `Bonjour ${to.displayName},`,
      paragraphs: ['Votre compte Portail Famille a bien été créé. Pour l’activer, cliquez sur le lien ci-dessous.'],
      action: { label: 'Activer mon compte', url },
      after: [
        `Ce lien est valable jusqu’au ${frenchDateTime(expiresAt)} et ne sert qu’une fois. S’il a expiré, demandez un nouveau lien depuis la page de connexion.`,
        "Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message.",
      ],
    }),
  };
}

export function passwordResetMail(to: Recipient, url: string, expiresAt: string, tokenHash: string): MailToSend {
  return {
    communeId: to.communeId,
    dedupeKey: `account:${to.accountId}:password-reset:${tokenHash}`,
    to: to.email,
    subject: 'Réinitialisation de votre mot de passe',
    dataSubject: accountSubject(to.accountId),
    ...frenchMail({
      greeting: `Bonjour ${to.displayName},`,
      paragraphs: ['Vous avez demandé à changer le mot de passe de votre compte Portail Famille.'],
      action: { label: 'Choisir un nouveau mot de passe', url },
      after: [
        `Ce lien est valable jusqu’au ${frenchDateTime(expiresAt)} et ne sert qu’une fois.`,
        "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.",
      ],
    }),
  };
}

export function emailChangeMail(to: Recipient, newEmail: string, url: string, expiresAt: string, tokenHash: string): MailToSend {
  return {
    communeId: to.communeId,
    dedupeKey: `account:${to.accountId}:email-change:${tokenHash}`,
    to: newEmail,
    subject: 'Confirmez votre nouvelle adresse e-mail',
    dataSubject: accountSubject(to.accountId),
    ...frenchMail({
      greeting: `Bonjour ${to.displayName},`,
      paragraphs: ['Vous avez demandé à utiliser cette adresse pour vous connecter au Portail Famille.'],
      action: { label: 'Confirmer cette adresse', url },
      after: [`Ce lien est valable jusqu’au ${frenchDateTime(expiresAt)}. Tant qu’il n’est pas suivi, votre ancienne adresse reste celle de connexion.`],
    }),
  };
}

/** Security notice, as banks send: the password changed; if it was not them, they know at once. */
export function passwordChangedMail(to: Recipient, at: string, changeId: string): MailToSend {
  return {
    communeId: to.communeId,
    dedupeKey: `account:${to.accountId}:password-changed:${changeId}`,
    to: to.email,
    subject: 'Votre mot de passe a été modifié',
    dataSubject: accountSubject(to.accountId),
    ...frenchMail({
      greeting: `Bonjour ${to.displayName},`,
      paragraphs: [`Le mot de passe de votre compte Portail Famille a été modifié le ${frenchDateTime(at)}. Les autres sessions ouvertes ont été fermées.`],
      after: [
        "Si vous êtes à l'origine de ce changement, vous n'avez rien à faire.",
        "Sinon, choisissez sans attendre un nouveau mot de passe avec « Mot de passe oublié » sur la page de connexion, et prévenez le service enfance de votre mairie.",
      ],
    }),
  };
}

/** Security notice to the address that was the login until now. */
export function emailChangedMail(to: Recipient, newEmail: string, at: string, changeId: string): MailToSend {
  return {
    communeId: to.communeId,
    dedupeKey: `account:${to.accountId}:email-changed:${changeId}`,
    to: to.email,
    subject: 'Votre adresse de connexion a été changée',
    dataSubject: accountSubject(to.accountId),
    ...frenchMail({
      greeting: `Bonjour ${to.displayName},`,
      paragraphs: [
        `L’adresse de connexion de votre compte Portail Famille a été changée le ${frenchDateTime(at)}. Elle est désormais ${maskedEmail(newEmail)}, et les messages du portail y seront envoyés.`,
      ],
      after: ["Si vous n'êtes pas à l'origine de ce changement, contactez sans attendre le service enfance de votre mairie."],
    }),
  };
}

/** « c***e@example.fr »: enough for the owner to recognise it, not enough to hand an address out. */
export function maskedEmail(email: string): string {
  const [local, domain] = email.split('@');
  if (!domain) return '***';
  return `${local.length <= 2 ? local[0] ?? '' : local[0] + '***' + local[local.length - 1]}@${domain}`;
}
