import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const body = JSON.stringify({ id: 'e1', type: 'reservation.accepted', version: 1, data: { day: '2026-12-03' } });
const t = 1_796_112_000;

describe('webhook signatures', () => {
  it('verifies a delivery signed with the secret', () => {
    const header = signWebhook(body, t, ['whsec_one']);
    expect(verifyWebhookSignature({ body, header, secret: 'whsec_one', nowSeconds: t + 10 })).toBe(true);
    expect(verifyWebhookSignature({ body: Buffer.from(body), header, secret: 'whsec_one', nowSeconds: t })).toBe(true);
  });

  it('refuses a tampered body, a wrong secret, a missing header and an old timestamp', () => {
    const header = signWebhook(body, t, ['whsec_one']);
    expect(verifyWebhookSignature({ body: body.replace('2026-12-03', '2026-12-04'), header, secret: 'whsec_one', nowSeconds: t })).toBe(false);
    expect(verifyWebhookSignature({ body, header, secret: 'whsec_two', nowSeconds: t })).toBe(false);
    expect(verifyWebhookSignature({ body, header: undefined, secret: 'whsec_one', nowSeconds: t })).toBe(false);
    expect(verifyWebhookSignature({ body, header, secret: 'whsec_one', nowSeconds: t + 301 })).toBe(false);
    expect(verifyWebhookSignature({ body, header: header.replace(`t=${t}`, `t=${t + 1}`), secret: 'whsec_one', nowSeconds: t })).toBe(false);
  });

  it('lets a receiver holding either secret verify during a rotation overlap', () => {
    const header = signWebhook(body, t, ['whsec_new', 'whsec_old']);
    expect(verifyWebhookSignature({ body, header, secret: 'whsec_old', nowSeconds: t })).toBe(true);
    expect(verifyWebhookSignature({ body, header, secret: 'whsec_new', nowSeconds: t })).toBe(true);
    expect(verifyWebhookSignature({ body, header, secret: ['whsec_other', 'whsec_new'], nowSeconds: t })).toBe(true);
  });
});
