import { spawn } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '@pf/domain';
import { buildCatalogue, withCatalogueSection } from '@pf/integrations';
import { PORTAL_PUBLIC_EVENTS } from '../../apps/api/src/projections';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { IntegratorClient } from '../support/integrator-client';
import { startPortal, type RunningPortal } from '../support/portal';

const root = join(__dirname, '../..');

describe('what integrators read about the portal matches the portal', () => {
  it('shows in docs/integrations.md the very catalogue the portal serves (run `npm run docs:integrations` after a change)', () => {
    const doc = readFileSync(join(root, 'docs/integrations.md'), 'utf8');
    expect(withCatalogueSection(doc, buildCatalogue(PORTAL_PUBLIC_EVENTS))).toBe(doc);
    for (const t of PORTAL_PUBLIC_EVENTS.types) expect(doc).toContain(`### \`${t.type}@${t.version}\``);
  });

  describe('the README’s ten lines', () => {
    let portal: RunningPortal;
    let key: string;
    beforeAll(async () => {
      portal = await startPortal({ clock: new FixedClock('2026-12-01T08:00:00Z') });
      const staff = new ApiClient(portal.baseUrl);
      await staff.signIn(STAFF.email, STAFF.password);
      key = (await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Lecteur du README', scope: 'school-software' })).body.key;
    });
    afterAll(() => portal?.close());

    it('consume the whole feed, in order', async () => {
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('## Integrators'));
      const code = /```js\n([\s\S]*?)```/.exec(section)![1];
      expect(code.trim().split('\n')).toHaveLength(10);

      const expected: string[] = [];
      for (let after = 0, more = true; more; ) {
        const page = await new IntegratorClient(portal.baseUrl, key).get(`/api/integrations/events?after=${after}&limit=100`);
        expected.push(...page.body.items.map((e: { position: number; type: string }) => `${e.position} ${e.type}`));
        after = page.body.next;
        more = page.body.hasMore;
      }
      expect(expected.length).toBeGreaterThan(3);

      const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
        env: { PATH: process.env.PATH, PORTAIL_URL: portal.baseUrl, PORTAIL_KEY: key },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      try {
        const deadline = Date.now() + 15_000;
        while (out.trim().split('\n').filter(Boolean).length < expected.length && Date.now() < deadline && child.exitCode === null) {
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        child.kill();
      }
      expect(err).toBe('');
      const printed = out.trim().split('\n').map((line) => line.split(' ').slice(0, 2).join(' '));
      expect(printed).toEqual(expected);
    });
  });

  describe('an accountant reconciles a month of invoices and payments from the feed alone', () => {
    // Monday 28 September 2026, 10:00 in Paris: October's canteen is open to booking.
    const clock = new FixedClock('2026-09-28T08:00:00Z');
    let portal: RunningPortal;
    let staff: ApiClient;
    let martin: ApiClient;
    let bernard: ApiClient;
    let accountant: IntegratorClient;
    const at = async (instant: string) => {
      clock.set(instant);
      for (const [client, email, password] of [[staff, STAFF.email, STAFF.password], [martin, 'claire.martin@example.fr', 'Famille-2026'], [bernard, 'thomas.bernard@example.fr', 'Famille-2026']] as const) await client.signIn(email, password);
    };
    const ok = <T extends { status: number; body: any }>(answer: T): T['body'] => {
      if (answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };

    beforeAll(async () => {
      portal = await startPortal({ clock });
      staff = new ApiClient(portal.baseUrl);
      martin = new ApiClient(portal.baseUrl);
      bernard = new ApiClient(portal.baseUrl);
      await at(clock.now());
      const key = ok(await staff.post('/api/integrations/keys', { requestId: requestId(), label: 'Logiciel comptable de la mairie', scope: 'accounting' })).key;
      accountant = new IntegratorClient(portal.baseUrl, key);

      // October: Léa (Martin) and Chloé (Bernard) book the canteen; both are billed on 3 November.
      const canteen = (ok(await martin.get('/api/activities')).items as Array<{ activityId: string; kind: string }>).find((a) => a.kind === 'canteen')!;
      const childOf = async (client: ApiClient) => {
        const me = ok(await client.get('/api/auth/me'));
        return { familyId: me.familyId as string, childId: ok(await client.get(`/api/families/${me.familyId}`)).children[0].childId as string };
      };
      const lea = await childOf(martin);
      const chloe = await childOf(bernard);
      ok(await martin.post('/api/reservations/period', { requestId: requestId(), childId: lea.childId, activityId: canteen.activityId, from: '2026-10-01', to: '2026-10-16', weekdays: [1, 2, 4, 5] }));
      ok(await bernard.post('/api/reservations/period', { requestId: requestId(), childId: chloe.childId, activityId: canteen.activityId, from: '2026-10-05', to: '2026-10-09', weekdays: [1, 2, 3, 4, 5] }));
      await at('2026-11-03T08:00:00Z');
      ok(await staff.post('/api/billing/runs', { requestId: requestId(), month: '2026-10' }));
      const invoiceOf = async (familyId: string) => ok(await staff.get(`/api/billing/invoices?familyId=${familyId}&month=2026-10`)).items[0];
      const martinInvoice = await invoiceOf(lea.familyId);
      const bernardInvoice = await invoiceOf(chloe.familyId);

      // Martin pays online in full (test mode); Bernard brings a cheque for part of his.
      const started = ok(await martin.post(`/api/billing/invoices/${martinInvoice.id}/online-payments`, { requestId: requestId() }));
      const page = await (await fetch(new URL(new URL(started.redirectUrl).pathname + new URL(started.redirectUrl).search, portal.baseUrl))).text();
      await fetch(new URL(/href="([^"]*\/success[^"]*)"/.exec(page)![1].replace(/&amp;/g, '&'), portal.baseUrl), { redirect: 'manual' });

      // Martin's QF is regularised from September: a credit note takes back October at the old price, a
      // supplementary invoice bills it at the new one, and what Martin paid in excess is refunded.
      await at('2026-11-10T08:00:00Z');
      ok(await staff.post('/api/billing/payments', { requestId: requestId(), invoiceId: bernardInvoice.id, amountCents: 500, method: 'cheque', reference: '0004567', receivedOn: '2026-11-05' }));
      ok(await staff.post(`/api/billing/families/${lea.familyId}/quotient-regularisations`, { requestId: requestId(), quotient: 450, validFrom: '2026-09-01' }));
      const paid = ok(await staff.get(`/api/billing/invoices/${martinInvoice.id}`));
      expect(paid.overpaidCents).toBeGreaterThan(0);
      ok(await staff.post('/api/billing/refunds', { requestId: requestId(), paymentId: paid.payments[0]._id, amountCents: paid.overpaidCents, method: 'bank_transfer', reference: 'VIR-2026-0042' }));
      const supplementary = ok(await staff.get(`/api/billing/invoices?familyId=${lea.familyId}&month=2026-10`)).items.find((i: { kind: string }) => i.kind === 'supplementary');
      ok(await staff.post('/api/billing/payments', { requestId: requestId(), invoiceId: supplementary.id, amountCents: supplementary.dueCents, method: 'cash' }));
    });
    afterAll(() => portal?.close());

    it('checks every billing event against its published schema and balances every invoice as the portal does', async () => {
      // The accountant's software: the catalogue's schemas, then the whole feed of its key.
      const catalogue = (await (await fetch(`${portal.baseUrl}/api/events/catalogue`)).json()) as { types: Array<{ typeVersion: string; schema: object }> };
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats(ajv);
      const validators = new Map(catalogue.types.map((t) => [t.typeVersion, ajv.compile(t.schema)]));
      const feed: Array<{ type: string; version: number; data: any }> = [];
      for (let after = 0, more = true; more; ) {
        const page = await accountant.get(`/api/integrations/events?after=${after}&limit=1000`);
        feed.push(...page.body.items);
        after = page.body.next;
        more = page.body.hasMore;
      }
      const billing = feed.filter((e) => ['invoice.issued', 'credit-note.issued', 'payment.received', 'payment.refunded'].includes(e.type));
      expect(new Set(billing.map((e) => e.type))).toEqual(new Set(['invoice.issued', 'credit-note.issued', 'payment.received', 'payment.refunded']));
      for (const e of billing) {
        const validate = validators.get(`${e.type}@${e.version}`)!;
        expect({ type: e.type, valid: validate(e.data), errors: validate.errors ?? null }).toEqual({ type: e.type, valid: true, errors: null });
      }

      // The ledger, from the feed alone.
      const ledger = new Map<string, { number: string; familyId: string; period: string; totalCents: number; creditedCents: number; paidCents: number; refundedCents: number }>();
      const entry = (invoiceId: string) => {
        const e = ledger.get(invoiceId);
        if (!e) throw new Error(`A billing event names invoice ${invoiceId} before its invoice.issued`);
        return e;
      };
      const payments = new Map<string, { invoiceId: string; amountCents: number }>();
      for (const { type, data } of billing) {
        if (type === 'invoice.issued') {
          expect(data.lines.reduce((s: number, l: { amountCents: number }) => s + l.amountCents, 0)).toBe(data.totalCents);
          ledger.set(data.invoiceId, { number: data.number, familyId: data.familyId, period: data.period, totalCents: data.totalCents, creditedCents: 0, paidCents: 0, refundedCents: 0 });
        } else if (type === 'credit-note.issued') {
          expect(entry(data.invoiceId).number).toBe(data.invoiceNumber);
          entry(data.invoiceId).creditedCents += data.totalCents;
        } else if (type === 'payment.received') {
          expect(entry(data.invoiceId).number).toBe(data.invoiceNumber);
          entry(data.invoiceId).paidCents += data.amountCents;
          payments.set(data.paymentId, { invoiceId: data.invoiceId, amountCents: data.amountCents });
        } else {
          expect(payments.get(data.paymentId)).toMatchObject({ invoiceId: data.invoiceId });
          entry(data.invoiceId).refundedCents += data.amountCents;
        }
      }
      // Invoice numbers follow each other without a gap.
      const numbers = [...ledger.values()].map((i) => Number(i.number.slice(-6))).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));

      // Every invoice the portal holds, balanced the same way.
      const portalInvoices = ok(await staff.get('/api/billing/invoices?type=invoice&limit=500')).items as Array<{ id: string; number: string; totalCents: number; creditedCents: number; paidCents: number; dueCents: number; overpaidCents: number; status: string }>;
      expect(portalInvoices.map((i) => i.id).sort()).toEqual([...ledger.keys()].sort());
      for (const invoice of portalInvoices) {
        const e = ledger.get(invoice.id)!;
        const balance = e.totalCents - e.creditedCents - e.paidCents + e.refundedCents;
        expect({ number: e.number, total: e.totalCents, credited: e.creditedCents, paid: e.paidCents - e.refundedCents, balance }).toEqual({
          number: invoice.number,
          total: invoice.totalCents,
          credited: invoice.creditedCents,
          paid: invoice.paidCents,
          balance: invoice.dueCents - invoice.overpaidCents,
        });
        expect(balance).toBeGreaterThanOrEqual(0);
      }
      // October: Martin's first invoice is credited and refunded to nothing left, his supplementary one paid, Bernard's still due in part.
      const october = [...ledger.values()].filter((i) => i.period === '2026-10');
      expect(october.length).toBeGreaterThanOrEqual(3);
      expect(october.some((i) => i.refundedCents > 0 && i.totalCents - i.creditedCents - i.paidCents + i.refundedCents === 0)).toBe(true);
    });

    it('adds up to the portal’s own accounting exports for the month', async () => {
      const csv = async (kind: string) => {
        const text = await (await fetch(`${portal.baseUrl}/api/billing/exports/${kind}.csv?from=2026-11-01&to=2026-11-30`, { headers: { cookie: staff.cookieHeader() } })).text();
        const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(';'));
        return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
      };
      const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);
      const feed: Array<{ type: string; data: any }> = (await accountant.get('/api/integrations/events?after=0&limit=1000&types=invoice.issued,credit-note.issued,payment.received,payment.refunded')).body.items;
      const inNovember = (day: string) => day >= '2026-11-01' && day <= '2026-11-30';
      // Issued: invoices add, credit notes take away, as the export's signed amounts.
      const issued = feed.filter((e) => (e.type === 'invoice.issued' || e.type === 'credit-note.issued') && inNovember(e.data.issuedOn));
      const documents = await csv('invoices');
      expect(documents.map((d) => d.numero).sort()).toEqual(issued.map((e) => e.data.number).sort());
      expect(documents.reduce((s, d) => s + cents(d.montant_ttc), 0)).toBe(issued.reduce((s, e) => s + (e.type === 'invoice.issued' ? e.data.totalCents : -e.data.totalCents), 0));
      // Collected: payments in, refunds out.
      const money = feed.filter((e) => (e.type === 'payment.received' && inNovember(e.data.receivedOn)) || (e.type === 'payment.refunded' && inNovember(e.data.refundedOn)));
      const collected = await csv('payments');
      expect(collected).toHaveLength(money.length);
      expect(collected.reduce((s, p) => s + cents(p.montant), 0)).toBe(money.reduce((s, e) => s + (e.type === 'payment.received' ? e.data.amountCents : -e.data.amountCents), 0));
      expect(collected.filter((p) => p.mode.startsWith('remboursement'))).toHaveLength(money.filter((e) => e.type === 'payment.refunded').length);
    });
  });
});
