import { FixedClock } from '@pf/domain';
import { ApiClient, requestId, STAFF } from '../support/api-client';
import { registerOtherCommune } from '../support/communes';
import { startMailbox, type Mailbox, type ReceivedMail } from '../support/mailbox';
import { startPortal, type RunningPortal } from '../support/portal';

const clock = new FixedClock('2026-11-02T08:00:00Z');
const PASSWORD = 'Marelle-2026';

/** The account id and token a mailed link carries (?compte=…&jeton=…). */
const linkIn = (mail: ReceivedMail, path: string) => {
  const url = new URL(mail.links.find((l) => l.includes(path))!);
  return { accountId: url.searchParams.get('compte')!, token: url.searchParams.get('jeton')! };
};

describe('accounts and the family file, through real mails', () => {
  let portal: RunningPortal;
  let mailbox: Mailbox;
  let staff: ApiClient;
  let parent: ApiClient;
  let activationLink: { accountId: string; token: string };
  let family: { familyId: string; subscriberCode: string; children: Array<{ childId: string; firstName: string }> };
  const email = `sophie.moreau.${Date.now()}@example.fr`;
  /** The login once the e-mail change test has run. */
  let loginEmail = email;

  beforeAll(async () => {
    mailbox = await startMailbox();
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl });
    staff = new ApiClient(portal.baseUrl);
    parent = new ApiClient(portal.baseUrl);
    await staff.signIn(STAFF.email, STAFF.password);
  });
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
  });

  const signUp = (client: ApiClient, body: Record<string, unknown> = {}) =>
    client.post('/api/auth/sign-up', {
      requestId: requestId(),
      subscriberCode: family.subscriberCode,
      civility: 'Mme',
      lastName: 'Moreau',
      firstName: 'Sophie',
      email,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      termsAccepted: true,
      ...body,
    });

  it('lets staff open a family file with its code abonné', async () => {
    const opened = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'Mme', lastName: 'Moreau', firstName: 'Sophie', email },
      children: [{ firstName: 'Jules', lastName: 'Moreau', birthDate: '2019-05-20', school: { level: 'elementaire', className: 'CP' } }],
    });
    expect(opened.status).toBe(201);
    family = opened.body;
  });

  it('creates the account waiting for activation, and mails a link valid 24 hours', async () => {
    const created = await signUp(parent);
    expect(created).toMatchObject({ status: 201, body: { status: 'pending_activation' } });
    const refused = await parent.post('/api/auth/sign-in', { email, password: PASSWORD });
    expect(refused).toMatchObject({ status: 403, body: { code: 'ACCOUNT_NOT_ACTIVATED' } });
    const mail = await mailbox.waitFor(email, (m) => m.subject === 'Activez votre compte Portail Famille');
    expect(mail.text).toContain('03/11/2026 à 09h00');
    activationLink = linkIn(mail, '/activer-mon-compte');
    expect((await parent.post('/api/auth/activation', activationLink)).status).toBe(200);
    const me = await parent.signIn(email, PASSWORD);
    expect(me.body).toMatchObject({ role: 'guardian', familyId: family.familyId });
  });

  it('refuses a reused or forged activation link, and the code once used', async () => {
    const reused = await new ApiClient(portal.baseUrl).post('/api/auth/activation', activationLink);
    expect(reused).toMatchObject({ status: 409, body: { code: 'TOKEN_ALREADY_USED' } });
    const forged = await new ApiClient(portal.baseUrl).post('/api/auth/activation', { ...activationLink, token: 'x'.repeat(43) });
    expect(forged).toMatchObject({ status: 422, body: { code: 'TOKEN_INVALID' } });
    const again = await signUp(new ApiClient(portal.baseUrl), { email: `autre.${email}` });
    expect(again).toMatchObject({ status: 422, body: { code: 'SIGN_UP_REFUSED' } });
  });

  it('lists the mandatory data the file still lacks for the parent', async () => {
    const file = await parent.get(`/api/families/${family.familyId}`);
    expect(file.body.missingData.map((m: { field: string }) => m.field)).toEqual(expect.arrayContaining(['phones', 'address', 'health.doctor', 'contacts']));
    expect(file.body.subscriberCode).toBeUndefined();
  });

  it("takes a parent's change to a child's allergies as a pending request that staff accept, then the file shows it", async () => {
    const jules = family.children[0];
    const changeId = requestId();
    const asked = await parent.post(`/api/families/${family.familyId}/change-requests`, {
      requestId: changeId,
      target: 'child',
      childId: jules.childId,
      child: { health: { allergies: 'Arachide (PAI en cours)', pai: true } },
    });
    expect(asked).toMatchObject({ status: 201, body: { status: 'pending' } });

    const pending = await parent.get(`/api/families/${family.familyId}`);
    expect(pending.body.children[0].health).toBeUndefined();
    expect(pending.body.pendingChanges).toEqual([expect.objectContaining({ requestId: changeId, statusLabel: 'En attente de validation' })]);
    const mine = await parent.get(`/api/families/${family.familyId}/requests`);
    expect(mine.body.items[0]).toMatchObject({ requestId: changeId, kind: 'family_change', status: 'pending' });
    expect(mine.body.items[0].description).toContain('Arachide');

    const accepted = await staff.post(`/api/families/${family.familyId}/change-requests/${changeId}/accept`, { requestId: requestId() });
    expect(accepted.status).toBe(200);
    const file = await parent.get(`/api/families/${family.familyId}`);
    expect(file.body.children[0].health).toEqual({ allergies: 'Arachide (PAI en cours)', pai: true });
    expect(file.body.pendingChanges).toEqual([]);
    const after = await parent.get(`/api/families/${family.familyId}/requests`);
    expect(after.body.items[0]).toMatchObject({ requestId: changeId, status: 'accepted' });

    const twice = await staff.post(`/api/families/${family.familyId}/change-requests/${changeId}/accept`, { requestId: requestId() });
    expect(twice).toMatchObject({ status: 409, body: { code: 'CHANGE_ALREADY_DECIDED' } });
  });

  it('lets staff edit the file directly, with French phone numbers and postcodes checked', async () => {
    const guardianId = (await staff.get(`/api/families/${family.familyId}`)).body.guardians[0].guardianId;
    const base = { requestId: requestId(), civility: 'Mme', lastName: 'Moreau', firstName: 'Sophie', email, quality: 'mere', invoiceDelivery: 'email' };
    const bad = await staff.send('PUT', `/api/families/${family.familyId}/guardians/${guardianId}`, {
      ...base,
      phones: { mobile: '12345' },
      address: { line1: '3 rue des Lilas', postcode: '4400', city: 'Nantes' },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['phones.mobile', 'address.postcode']));
    const good = await staff.send('PUT', `/api/families/${family.familyId}/guardians/${guardianId}`, {
      ...base,
      phones: { mobile: '+33 6 12 34 56 78' },
      address: { line1: '3 rue des Lilas', postcode: '44000', city: 'Nantes' },
    });
    expect(good.status).toBe(200);
    expect(good.body.guardians[0].phones).toEqual({ mobile: '06 12 34 56 78' });
    expect(good.body.missingData.map((m: { field: string }) => m.field)).not.toContain('phones');
  });

  it('prints the code abonné letter and a new code replaces the old one', async () => {
    const letter = await fetch(`${portal.baseUrl}/api/families/${family.familyId}/subscriber-code-letter.pdf`, { headers: { cookie: staff.cookieHeader() } });
    expect(letter.status).toBe(200);
    expect(Buffer.from(await letter.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const renewed = await staff.post(`/api/families/${family.familyId}/subscriber-code`, { requestId: requestId() });
    expect(renewed.body.subscriberCode).not.toBe(family.subscriberCode);
    const oldCode = await signUp(new ApiClient(portal.baseUrl), { email: `second.${email}` });
    expect(oldCode).toMatchObject({ status: 422, body: { code: 'SIGN_UP_REFUSED' } });
  });

  it('resets a forgotten password by mail, once, and ends the sessions opened with the old one', async () => {
    const anonymous = new ApiClient(portal.baseUrl);
    const unknown = await anonymous.post('/api/auth/password/forgot', { email: 'personne@example.fr' });
    const asked = await anonymous.post('/api/auth/password/forgot', { email });
    expect(asked).toEqual({ ...unknown, body: unknown.body });
    expect(asked.status).toBe(202);
    const mail = await mailbox.waitFor(email, (m) => m.subject.includes('Réinitialisation'));
    const link = linkIn(mail, '/mot-de-passe/nouveau');

    const weak = await anonymous.post('/api/auth/password/reset', { ...link, password: 'court', passwordConfirmation: 'court' });
    expect(weak).toMatchObject({ status: 422, body: { code: 'PASSWORD_REJECTED' } });
    const reset = await anonymous.post('/api/auth/password/reset', { ...link, password: 'Nouveau-Depart-9', passwordConfirmation: 'Nouveau-Depart-9' });
    expect(reset.status).toBe(200);
    const reused = await anonymous.post('/api/auth/password/reset', { ...link, password: 'Encore-Autre-8', passwordConfirmation: 'Encore-Autre-8' });
    expect(reused).toMatchObject({ status: 409, body: { code: 'TOKEN_ALREADY_USED' } });

    expect((await parent.get('/api/auth/me')).status).toBe(401);
    expect((await anonymous.post('/api/auth/sign-in', { email, password: PASSWORD })).body.code).toBe('INVALID_CREDENTIALS');
    await parent.signIn(email, 'Nouveau-Depart-9');
  });

  it('refuses a reset link after one hour, and a forged one, changing nothing', async () => {
    const anonymous = new ApiClient(portal.baseUrl);
    await anonymous.post('/api/auth/password/forgot', { email });
    const link = linkIn(await mailbox.waitFor(email, (m) => m.subject.includes('Réinitialisation')), '/mot-de-passe/nouveau');
    const forged = await anonymous.post('/api/auth/password/reset', { ...link, token: link.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), password: 'Encore-Autre-8', passwordConfirmation: 'Encore-Autre-8' });
    expect(forged).toMatchObject({ status: 422, body: { code: 'TOKEN_INVALID' } });
    const unknownAccount = await anonymous.post('/api/auth/password/reset', { ...link, accountId: requestId(), password: 'Encore-Autre-8', passwordConfirmation: 'Encore-Autre-8' });
    expect(unknownAccount).toMatchObject({ status: 422, body: { code: 'TOKEN_INVALID' } });
    clock.set('2026-11-02T09:01:00Z');
    const late = await anonymous.post('/api/auth/password/reset', { ...link, password: 'Encore-Autre-8', passwordConfirmation: 'Encore-Autre-8' });
    expect(late).toMatchObject({ status: 422, body: { code: 'TOKEN_EXPIRED' } });
    await new ApiClient(portal.baseUrl).signIn(email, 'Nouveau-Depart-9');
  });

  it('signs out on the server: the old cookie no longer opens anything', async () => {
    const client = new ApiClient(portal.baseUrl);
    await client.signIn(email, 'Nouveau-Depart-9');
    const cookie = client.cookieHeader();
    expect((await client.post('/api/auth/sign-out')).status).toBe(204);
    const replay = await fetch(`${portal.baseUrl}/api/auth/me`, { headers: { cookie } });
    expect(replay.status).toBe(401);
  });

  it('answers wrong passwords with one code, then stops a brute force with 429', async () => {
    const attacker = new ApiClient(portal.baseUrl);
    const target = 'thomas.bernard@example.fr';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attacker.post('/api/auth/sign-in', { email: target, password: `Mauvais-${i}-Essai` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const blocked = await attacker.post('/api/auth/sign-in', { email: target, password: 'Famille-2026' });
    expect(blocked).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
    // Another person signing in from elsewhere is not locked out by the attacker.
    await new ApiClient(portal.baseUrl).signIn(email, 'Nouveau-Depart-9');

  });

  it('rejects malformed input with 400 and a stable code', async () => {
    const anonymous = new ApiClient(portal.baseUrl);
    const bad = await anonymous.post('/api/auth/password/reset', { accountId: 'nope', token: 1, password: 'x', extra: true });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(bad.body.details.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['UNKNOWN_FIELD', 'IS_UUID']));
    const badChange = await parent.post(`/api/families/${family.familyId}/change-requests`, { requestId: requestId(), target: 'child', childId: family.children[0].childId, child: { birthDate: '2031-01-01' } });
    expect(badChange).toMatchObject({ status: 422, body: { code: 'FAMILY_FILE_INVALID' } });
  });

  it('changes the login e-mail only once the new address confirms it', async () => {
    const newEmail = `s.moreau.${Date.now()}@example.org`;
    const asked = await parent.post('/api/auth/email/change', { requestId: requestId(), newEmail, password: 'Nouveau-Depart-9' });
    expect(asked.status).toBe(202);
    await parent.signIn(email, 'Nouveau-Depart-9');
    const link = linkIn(await mailbox.waitFor(newEmail, (m) => m.subject.includes('nouvelle adresse')), '/mon-compte/confirmer-email');
    expect((await new ApiClient(portal.baseUrl).post('/api/auth/email/confirm', link)).status).toBe(200);
    await new ApiClient(portal.baseUrl).signIn(newEmail, 'Nouveau-Depart-9');
    loginEmail = newEmail;
    expect((await new ApiClient(portal.baseUrl).post('/api/auth/sign-in', { email, password: 'Nouveau-Depart-9' })).status).toBe(401);

    // The address that was the login is told, as a bank would, without showing the new one in full.
    const notice = await mailbox.waitFor(email, (m) => m.subject === 'Votre adresse de connexion a été changée');
    expect(notice.text).not.toContain(newEmail);
    expect(notice.text).toContain('@example.org');
  });

  it('sends the family\'s mails to the confirmed address from then on, and staff see it on the file', async () => {
    const file = (await staff.get(`/api/families/${family.familyId}`)).body;
    expect(file.guardians[0]).toMatchObject({ email: loginEmail });
    const changeId = requestId();
    const jules = family.children[0];
    await parent.post(`/api/families/${family.familyId}/change-requests`, { requestId: changeId, target: 'child', childId: jules.childId, child: { health: { glasses: true } } });
    expect((await staff.post(`/api/families/${family.familyId}/change-requests/${changeId}/accept`, { requestId: requestId() })).status).toBe(200);
    const decided = await mailbox.waitFor(loginEmail, (m) => /acceptée/.test(m.subject));
    expect(decided.to).toEqual([loginEmail]);
    expect(mailbox.received.filter((m) => m.subject === decided.subject).map((m) => m.to)).toEqual([[loginEmail]]);
  });

  it('changes the password when the current one is given, and keeps this session only', async () => {
    const other = new ApiClient(portal.baseUrl);
    await other.signIn(loginEmail, 'Nouveau-Depart-9');
    const wrong = await parent.post('/api/auth/password/change', { currentPassword: 'Pas-le-bon-1', password: 'Troisieme-Essai-3', passwordConfirmation: 'Troisieme-Essai-3' });
    expect(wrong).toMatchObject({ status: 422, body: { code: 'CURRENT_PASSWORD_WRONG' } });
    const changed = await parent.post('/api/auth/password/change', { currentPassword: 'Nouveau-Depart-9', password: 'Troisieme-Essai-3', passwordConfirmation: 'Troisieme-Essai-3' });
    expect(changed.status).toBe(200);
    expect((await parent.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    const notice = await mailbox.waitFor(loginEmail, (m) => m.subject === 'Votre mot de passe a été modifié');
    expect(notice.text).toContain('Mot de passe oublié');
  });

  it("keeps a family file in its commune: the same request id elsewhere opens another file, and another commune's agent cannot touch this one", async () => {
    const other = await registerOtherCommune(portal, clock.now());
    const agent = new ApiClient(portal.baseUrl);
    await agent.signIn(other.staff.email, other.staff.password);
    const file = {
      requestId: requestId(),
      guardian: { civility: 'Mme', lastName: 'Garnier', firstName: 'Lucie', email: `lucie.garnier.${Date.now()}@example.fr` },
      children: [{ firstName: 'Tom', lastName: 'Garnier', birthDate: '2018-03-02' }],
    };
    const ours = (await staff.post('/api/families', file)).body;
    const theirs = await agent.post('/api/families', file);
    expect(theirs).toMatchObject({ status: 201, body: { subscriberCode: expect.stringMatching(/^VLT-/) } });
    expect(theirs.body.familyId).not.toBe(ours.familyId);
    expect(theirs.body.children[0].childId).not.toBe(ours.children[0].childId);

    const before = (await staff.get(`/api/families/${ours.familyId}`)).body;
    const child = { requestId: requestId(), firstName: 'Pris', lastName: 'Garnier', birthDate: '2018-03-02' };
    expect(await agent.send('PUT', `/api/families/${ours.familyId}/children/${ours.children[0].childId}`, child)).toMatchObject({ status: 404, body: { code: 'FAMILY_NOT_FOUND' } });
    expect(await agent.post(`/api/families/${ours.familyId}/subscriber-code`, { requestId: requestId() })).toMatchObject({ status: 404, body: { code: 'FAMILY_NOT_FOUND' } });
    expect(await agent.post(`/api/families/${ours.familyId}/archive`, { requestId: requestId(), reason: 'Déménagement' })).toMatchObject({ status: 404 });
    expect((await agent.get('/api/families')).body.items.map((f: { familyId: string }) => f.familyId)).toEqual([theirs.body.familyId]);
    expect((await staff.get(`/api/families/${ours.familyId}`)).body).toEqual(before);
    expect(before.subscriberCode).toBe(ours.subscriberCode);
  });

  it('lets a parent whose activation link expired ask for a new one, which alone works', async () => {
    const secondEmail = `paul.leroy.${Date.now()}@example.fr`;
    const opened = await staff.post('/api/families', {
      requestId: requestId(),
      guardian: { civility: 'M', lastName: 'Leroy', firstName: 'Paul', email: secondEmail },
      children: [{ firstName: 'Nina', lastName: 'Leroy', birthDate: '2017-01-09' }],
    });
    const client = new ApiClient(portal.baseUrl);
    await client.post('/api/auth/sign-up', {
      requestId: requestId(),
      subscriberCode: opened.body.subscriberCode,
      civility: 'M',
      lastName: 'Leroy',
      firstName: 'Paul',
      email: secondEmail,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      termsAccepted: true,
    });
    const first = linkIn(await mailbox.waitFor(secondEmail), '/activer-mon-compte');
    clock.set('2026-11-03T10:00:00Z');
    expect(await client.post('/api/auth/activation', first)).toMatchObject({ status: 422, body: { code: 'TOKEN_EXPIRED' } });
    const unknown = await client.post('/api/auth/activation/resend', { email: 'inconnu@example.fr' });
    const resent = await client.post('/api/auth/activation/resend', { email: secondEmail });
    expect(resent).toEqual(unknown);
    const second = linkIn(await mailbox.waitFor(secondEmail), '/activer-mon-compte');
    expect(second.token).not.toBe(first.token);
    expect(await client.post('/api/auth/activation', first)).toMatchObject({ status: 422, body: { code: 'TOKEN_INVALID' } });
    expect((await client.post('/api/auth/activation', second)).status).toBe(200);
    await client.signIn(secondEmail, PASSWORD);
  });
});
