import { ApiClient, requestId, STAFF } from '../support/api-client';
import { startPortal, type RunningPortal } from '../support/portal';

describe('without SMTP_URL: the local mail catcher a newcomer reads at /dev/mails', () => {
  let portal: RunningPortal;
  beforeAll(async () => (portal = await startPortal()));
  afterAll(() => portal?.close());

  it('shows the activation mail with a link that activates the account', async () => {
    const staff = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
    const email = `lucie.garnier.${Date.now()}@example.fr`;
    const opened = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', lastName: 'Garnier', firstName: 'Lucie', email },
      children: [{ firstName: 'Tom', lastName: 'Garnier', birthDate: '2018-06-01' }],
    });
    const parent = new ApiClient(portal.baseUrl);
    const password = 'Garnier-2026';
    await parent.post('/api/auth/sign-up', { requestId: requestId(), subscriberCode: opened.body.subscriberCode, civility: 'Mme', lastName: 'Garnier', firstName: 'Lucie', email, password, passwordConfirmation: password, termsAccepted: true });

    let page = '';
    for (let i = 0; i < 50 && !page.includes('Activez votre compte'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await (await fetch(`${portal.baseUrl}/dev/mails`)).text();
    }
    expect(page).toContain('Collecteur de courriels <strong>local</strong>');
    const mailPath = /href="(\/dev\/mails\/[\w-]+)">Activez votre compte/.exec(page)![1];
    const mail = await (await fetch(portal.baseUrl + mailPath)).text();
    const link = new URL(/href="(http[^"]+activer-mon-compte[^"]+)"/.exec(mail)![1].replace(/&amp;/g, '&'));
    expect(link.origin).toBe(portal.baseUrl);
    const activated = await parent.post('/api/auth/activation', { accountId: link.searchParams.get('compte'), token: link.searchParams.get('jeton') });
    expect(activated.status).toBe(200);
    await parent.signIn(email, password);
  });
});
