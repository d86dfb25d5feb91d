import type { NextFunction, Request, Response } from 'express';
import { simpleParser } from 'mailparser';
import type { MailCatcher } from './mail-catcher';

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const linkify = (text: string) => esc(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

/**
 * Express middleware for /dev/mails: the mails the local catcher received. Mounted only when the
 * catcher runs (no SMTP_URL), i.e. on a developer's machine.
 */
export function mailCatcherPage(catcher: MailCatcher) {
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      const id = request.path.replace(/^\/+/, '');
      const head = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Collecteur de courriels local</title>
<style>body{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap;background:#f3f4f6;padding:1rem}
.warn{background:#fef3c7;padding:.5rem 1rem;border-left:4px solid #b45309}</style></head><body>
<p class="warn">Collecteur de courriels <strong>local</strong> (développement) : aucun courriel n'est réellement envoyé. Définissez SMTP_URL en production.</p>`;
      if (!id) {
        const items = await Promise.all(
          catcher.list().map(async (m) => {
            const parsed = await simpleParser(m.raw);
            return `<li><a href="/dev/mails/${m.id}">${esc(parsed.subject ?? '(sans objet)')}</a> — à ${esc(parsed.to ? [parsed.to].flat().map((t) => t.text).join(', ') : '')} — ${esc(m.receivedAt)}</li>`;
          }),
        );
        response.type('html').send(`${head}<h1>Courriels reçus</h1><ul>${items.join('') || '<li>Aucun courriel pour le moment.</li>'}</ul></body></html>`);
        return;
      }
      const mail = catcher.read(id);
      if (!mail) {
        response.status(404).type('html').send(`${head}<p>Courriel introuvable.</p></body></html>`);
        return;
      }
      const parsed = await simpleParser(mail.raw);
      response
        .type('html')
        .send(`${head}<p><a href="/dev/mails">← tous les courriels</a></p><h1>${esc(parsed.subject ?? '')}</h1>
<p>De : ${esc(parsed.from?.text ?? '')}<br>À : ${esc(parsed.to ? [parsed.to].flat().map((t) => t.text).join(', ') : '')}</p><pre>${linkify(parsed.text ?? '')}</pre></body></html>`);
    } catch (error) {
      next(error);
    }
  };
}
