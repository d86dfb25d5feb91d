import { DateTime } from 'luxon';

/** A French e-mail in plain text and HTML, built from the same parts. */
export interface FrenchMailParts {
  /** "Bonjour Julie Dubois," — defaults to "Bonjour,". */
  greeting?: string;
  paragraphs: string[];
  /** One button / link the mail is about (activation, reset…). */
  action?: { label: string; url: string };
  /** Shown after the action, e.g. how long the link is valid. */
  after?: string[];
  /** Signature, e.g. the commune's service. */
  signature?: string;
}

export interface RenderedMail {
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function frenchMail(parts: FrenchMailParts): RenderedMail {
  const greeting = parts.greeting ?? 'Bonjour,';
  const signature = parts.signature ?? 'Le Portail Famille';
  const after = parts.after ?? [];
  const text = [
    greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    ...(parts.action ? [`${parts.action.label} : ${parts.action.url}`, ''] : []),
    ...after.flatMap((p) => [p, '']),
    'Cordialement,',
    signature,
    '',
    "Ce message est envoyé automatiquement, merci de ne pas y répondre.",
  ].join('\n');
  const html = [
    '<!doctype html><html lang="fr"><body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#1f2937">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(parts.action
      ? [
          `<p><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(parts.action.label)}</a></p>`,
          `<p style="font-size:13px;color:#4b5563">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur : <br>${escapeHtml(parts.action.url)}</p>`,
        ]
      : []),
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>Cordialement,<br>${escapeHtml(signature)}</p>`,
    '<p style="font-size:12px;color:#6b7280">Ce message est envoyé automatiquement, merci de ne pas y répondre.</p>',
    '</body></html>',
  ].join('\n');
  return { text, html };
}

/** dd/mm/yyyy à HHhmm in Europe/Paris (or the commune's zone), as French mails say it. */
export function frenchDateTime(isoInstant: string, zone = 'Europe/Paris'): string {
  return DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(zone).toFormat("dd/LL/yyyy 'à' HH'h'mm");
}

export function frenchDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).toFormat('dd/LL/yyyy');
}

/**
 * 'YYYY-MM-DD' → « jeudi 3 décembre 2026 », « mardi 1er décembre 2026 »: a long date as it reads
 * inside a French sentence (weekday in lowercase, « 1er » for the first of the month), the same
 * words as the portal's pages (angular-client/src/app/shared/french-format.ts).
 */
export function frenchLongDate(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: 'utc' }).setLocale('fr');
  return `${d.toFormat('cccc')} ${d.day === 1 ? '1er' : d.day} ${d.toFormat('LLLL yyyy')}`;
}
