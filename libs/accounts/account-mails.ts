import { frenchDateTime, frenchMail, type MailToSend } from '@pf/mail';
import { accountSubject } from '@pf/personal-data';

interface Recipient {
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
