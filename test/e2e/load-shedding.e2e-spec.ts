import { request as httpRequest, type ClientRequest } from 'node:http';
import { FixedClock } from '@pf/domain';
import { ApiClient, requestId } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

const clock = new FixedClock('2026-11-03T08:00:00Z');

/** Past the requests it works on at once, the portal answers 503 at once; the client's retry with the same request id lands once. */
describe('load shedding', () => {
  let portal: RunningPortal;
  let martin: ApiClient;
  let familyId: string;
  beforeAll(async () => {
    portal = await startPortal({ clock, config: { maxRequestsInFlight: 2 } });
    martin = new ApiClient(portal.baseUrl);
    familyId = (await martin.signIn('claire.martin@example.fr', 'Famille-2026')).body.familyId;
  });
  afterAll(() => portal?.close());

  const contacts = async () => ((await martin.get(`/api/families/${familyId}/requests?kind=contact&limit=100`)).body.items as Array<{ requestId: string }>).map((r) => r.requestId);

  it('refuses what it cannot take now with 503 SERVER_BUSY and Retry-After, writing nothing, and the retry lands once', async () => {
    const messages = Array.from({ length: 12 }, (_, i) => ({ requestId: requestId(), topic: 'other', text: `Question ${i + 1} sur la cantine` }));
    const send = (body: (typeof messages)[number]) =>
      fetch(`${portal.baseUrl}/api/families/${familyId}/contact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: martin.cookieHeader(), 'x-csrf-token': /pf_csrf=([^;]+)/.exec(martin.cookieHeader())![1] },
        body: JSON.stringify(body),
      });
    // Two requests under way that take their time (their bodies are still coming): the portal is at its limit.
    const held = [0, 1].map(() => holdOpen(`${portal.baseUrl}/api/families/${familyId}/contact`, martin.cookieHeader()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answers = await Promise.all(messages.slice(0, 8).map(send));
    for (const h of held) h.finish();
    expect(await Promise.all(held.map((h) => h.answered))).toEqual([201, 201]);
    answers.push(...(await Promise.all(messages.slice(8).map(send))));
    const busy = answers.map((a, i) => ({ answer: a, message: messages[i] })).filter(({ answer }) => answer.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(8);
    expect(answers.every((a) => a.status === 201 || a.status === 503)).toBe(true);
    for (const { answer } of busy) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await answer.json()).toMatchObject({ statusCode: 503, code: 'SERVER_BUSY', message: expect.stringMatching(/^Beaucoup de demandes en ce moment : nouvel essai dans \d+ s\.$/) });
    }
    const landed = messages.filter((_, i) => answers[i].status === 201).map((m) => m.requestId);
    expect((await contacts()).sort()).toEqual([...landed, ...held.map((h) => h.requestId)].sort());

    // The client sends them again, as they were: each lands once, and once more changes nothing.
    for (const { message } of busy) expect((await send(message)).status).toBe(201);
    for (const { message } of busy) expect((await send(message)).status).toBe(201);
    expect((await contacts()).sort()).toEqual([...messages.map((m) => m.requestId), ...held.map((h) => h.requestId)].sort());
  });

  it('never refuses the health check', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${portal.baseUrl}/api/health`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
  });
});

/** A contact message whose body is sent in two halves, the second only when told: it stays under way until then. */
function holdOpen(url: string, cookie: string): { requestId: string; finish(): void; answered: Promise<number> } {
  const id = requestId();
  const body = Buffer.from(JSON.stringify({ requestId: id, topic: 'other', text: 'Message envoyé lentement' }));
  let sent!: ClientRequest;
  const answered = new Promise<number>((resolve, reject) => {
    sent = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length, cookie, 'x-csrf-token': /pf_csrf=([^;]+)/.exec(cookie)![1] },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    sent.on('error', reject);
  });
  sent.write(body.subarray(0, 10));
  return { requestId: id, finish: () => sent.end(body.subarray(10)), answered };
}
