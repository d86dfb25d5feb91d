import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { forbidden, invalid, uuidFromName, type Clock } from '@pf/domain';
import { CLOCK } from '@pf/event-sourcing';
import { Inject } from '@nestjs/common';
import { ProjectionRunner } from '@pf/projections';
import { Public } from '@pf/identity';
import { parisToday } from '../billing-run';
import { euros } from '../money';
import { OnlinePayments } from './online-payments.service';
import { NotificationRejected } from './payment-provider';
import { TestModeProvider, type TestOutcome } from './test-mode.provider';

const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const OUTCOMES: TestOutcome[] = ['success', 'refusal', 'abandon'];
const RETURN_STATUS: Record<string, string> = { paid: 'paye', refused: 'refuse', abandoned: 'abandonne' };

/** Addresses PayFiP notifies from (comma-separated), from PAYFIP_NOTIFY_IPS; empty: any. */
export const PAYFIP_NOTIFY_IPS = Symbol('PAYFIP_NOTIFY_IPS');

/** What payment providers call (server to server) and the test-mode provider's page. No session. */
@Controller('api/payments')
@Public()
export class PaymentsController {
  constructor(
    private readonly payments: OnlinePayments,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PAYFIP_NOTIFY_IPS) private readonly payfipIps: string[],
  ) {}

  private async record(params: Record<string, string>) {
    try {
      const result = await this.payments.notify(params);
      await this.projections.waitFor(result.position);
      return result;
    } catch (error) {
      if (error instanceof NotificationRejected) throw invalid(error.code, error.message);
      throw error;
    }
  }

  /** PayFiP's notification (urlcl), form-encoded. Answered 200 once recorded (or already recorded). */
  @Post('notifications/payfip')
  @HttpCode(200)
  async payfip(@Body() body: Record<string, string>, @Req() req: Request) {
    if (this.payments.provider.name !== 'payfip') throw forbidden('PROVIDER_DISABLED', 'PayFiP n’est pas le prestataire de paiement de ce portail.');
    const ip = (req.ip ?? '').replace(/^::ffff:/, '');
    if (this.payfipIps.length && !this.payfipIps.includes(ip)) throw forbidden('NOTIFICATION_SOURCE_REFUSED', 'Notification refusée : adresse d’origine inconnue.');
    const { verified, recorded } = await this.record(Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)])));
    return { outcome: verified.outcome, recorded };
  }

  /**
   * Where the parent's browser comes back from PayFiP (the same urlcl, by GET). It records
   * nothing (a browser's query string proves nothing): it shows the invoice, whose status the
   * server-to-server notification has set.
   */
  @Get('notifications/payfip')
  async payfipReturn(@Query('refdet') refdet: string, @Res() res: Response) {
    try {
      const attempt = await this.payments.attemptByReference(String(refdet ?? ''));
      res.redirect(303, `/factures/${attempt.invoiceId}?paiement=${RETURN_STATUS[attempt.status] ?? 'en-cours'}`);
    } catch {
      res.redirect(303, '/factures');
    }
  }

  /** The test-mode provider's notification, HMAC-signed by its page (replayable in tests). */
  @Post('notifications/test')
  @HttpCode(200)
  async test(@Body() body: Record<string, string>) {
    if (this.payments.provider.name !== 'test') throw forbidden('PROVIDER_DISABLED', 'Le mode test n’est pas actif sur ce portail.');
    const { verified, recorded } = await this.record(Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)])));
    return { outcome: verified.outcome, recorded };
  }

  private testProvider(): TestModeProvider {
    if (!(this.payments.provider instanceof TestModeProvider)) throw forbidden('PROVIDER_DISABLED', 'Le mode test n’est pas actif sur ce portail.');
    return this.payments.provider;
  }

  /** The test provider's payment page: « Mode test — aucun paiement réel ». */
  @Get('test-mode/:attemptId')
  async page(@Param('attemptId', new ParseUUIDPipe()) attemptId: string, @Query('key') key: string, @Res() res: Response) {
    const provider = this.testProvider();
    if (!provider.checkPageKey(attemptId, key)) throw forbidden('PAYMENT_PAGE_KEY_INVALID', 'Lien de paiement invalide.');
    const { attempt, invoice, commune } = await this.payments.attempt(attemptId);
    const link = (outcome: TestOutcome) => `/api/payments/test-mode/${attemptId}/${outcome}?key=${encodeURIComponent(key)}`;
    const done = attempt.status !== 'started';
    res.type('html').send(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Mode test — aucun paiement réel</title>
<style>body{font-family:Arial,Helvetica,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
.banner{background:#b45309;color:#fff;padding:1rem;border-radius:6px;font-size:1.25rem;font-weight:bold;text-align:center}
a.button{display:block;margin:.75rem 0;padding:.9rem;border-radius:6px;text-align:center;text-decoration:none;font-weight:bold;color:#fff}
.ok{background:#047857}.ko{background:#b91c1c}.quit{background:#374151}</style></head>
<body><main>
<p class="banner" role="alert">Mode test — aucun paiement réel</p>
<h1>Paiement de la facture ${escape(invoice.number)}</h1>
<p>${escape(commune?.name ?? '')} — montant : <strong>${escape(euros(attempt.amountCents))}</strong></p>
<p>Ce prestataire de test est fourni avec le portail pour l’essayer : aucune carte n’est demandée et aucun argent ne circule. Choisissez ce que le prestataire répond.</p>
${done ? `<p><strong>Ce paiement est déjà terminé.</strong></p>` : `<a class="button ok" href="${link('success')}">Simuler un paiement accepté</a>
<a class="button ko" href="${link('refusal')}">Simuler un paiement refusé</a>
<a class="button quit" href="${link('abandon')}">Abandonner le paiement</a>`}
</main></body></html>`);
  }

  /** A choice on the test page: the test provider notifies the portal, then sends the parent back to the invoice. */
  @Get('test-mode/:attemptId/:outcome')
  async choose(@Param('attemptId', new ParseUUIDPipe()) attemptId: string, @Param('outcome') outcome: string, @Query('key') key: string, @Res() res: Response) {
    const provider = this.testProvider();
    if (!provider.checkPageKey(attemptId, key)) throw forbidden('PAYMENT_PAGE_KEY_INVALID', 'Lien de paiement invalide.');
    if (!OUTCOMES.includes(outcome as TestOutcome)) throw invalid('OUTCOME_INVALID', 'Choix : success, refusal ou abandon.');
    const { attempt } = await this.payments.attempt(attemptId);
    const notification = provider.notification(attempt, outcome as TestOutcome, parisToday(this.clock.now()), `TEST-${uuidFromName(`test-transaction|${attemptId}`).slice(0, 8).toUpperCase()}`);
    const { verified } = await this.record(notification);
    res.redirect(303, `/factures/${attempt.invoiceId}?paiement=${RETURN_STATUS[verified.outcome]}`);
  }
}

