/**
 * Setting up the demo commune for a bench, over HTTP only, as its staff and its parents would:
 * the agent signs in, creates canteens, opens family files and enrols the children; each parent
 * signs up with the family's code abonné, activates the account with the link of the activation
 * mail (read from the local mail catcher's files, DATA_DIR/mails), then signs in. Nothing is
 * written to the stores behind the server's back, and nothing bypasses authentication.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Pool } from 'undici';
import { schoolHolidays } from '@pf/activities';
import { expectStatus, inParallel, Session } from './client';

export const STAFF = { email: 'agent.enfance@saint-hilaire-du-bois.fr', password: 'Enfance-2026' };
export const SCHOOL_ZONE = 'B' as const; // the demo commune's (Saint-Hilaire-du-Bois, académie de Nantes)
export const CANTEEN_WEEKDAYS = [1, 2, 4, 5]; // the four-day school week
const GUARDIAN_PASSWORD = 'Rentree-Banc-2026';

/** Documentation addresses (RFC 3849): each person its own, sent as X-Forwarded-For through the trusted local proxy. */
export const personAddress = (n: number) => `2001:db8::${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;

export async function staffSession(pool: Pool): Promise<Session> {
  const staff = new Session(pool, personAddress(999_999));
  expectStatus(await staff.post('/api/auth/sign-in', STAFF), 200, 'connexion de l’agent');
  return staff;
}

/** The school year under way (or the next one in summer), its first and last days of school as published. */
export function schoolYearNow(today: string): { id: string; label: string; from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const start = Number(today.slice(5, 7)) >= 8 ? year : year - 1;
  const id = `${start}-${start + 1}`;
  const summer = schoolHolidays(SCHOOL_ZONE, id).find((h) => h.kind === 'ete');
  const to = summer ? summer.classesEndAfter : `${start + 1}-07-03`;
  return { id: `annee-${id}`, label: `Année scolaire ${id}`, from: `${start}-09-01`, to };
}

/** Today in the commune (Europe/Paris). */
export const todayInParis = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

export async function createFacility(staff: Session, name: string): Promise<string> {
  const reply = expectStatus(await staff.post('/api/staff/facilities', { requestId: randomUUID(), name, address: '1 rue des Écoles, 44000 Saint-Hilaire-du-Bois' }), 201, 'création de l’équipement');
  return reply.body.facilityId;
}

/**
 * A school canteen as the demo commune's (Monday, Tuesday, Thursday, Friday in school time, 48 hours'
 * notice, automatic processing), children enrolled for the year (enrolment accepted by the rules),
 * with `capacity` places.
 */
export async function createCanteen(staff: Session, facilityId: string, name: string, capacity: number, year: ReturnType<typeof schoolYearNow>): Promise<string> {
  const reply = await staff.post('/api/staff/activities', {
    requestId: randomUUID(),
    facilityId,
    name,
    kind: 'canteen',
    startTime: '11:45',
    endTime: '13:30',
    openWeekdays: CANTEEN_WEEKDAYS,
    opensDuringSchoolHolidays: false,
    deadline: { kind: 'hoursBefore', hours: 48 },
    capacity: Math.min(10_000, capacity),
    processing: 'automatic',
    periods: [{ periodId: year.id, label: year.label, kind: 'school_year', from: year.from, to: year.to, openWeekdays: CANTEEN_WEEKDAYS }],
    groups: [],
    closedDays: [],
    enrolment: 'automatic',
    lateBookingOf: null,
  });
  return expectStatus(reply, 201, `création de la cantine ${name}`).body.activityId;
}

export interface BenchFamily {
  index: number;
  familyId: string;
  subscriberCode: string;
  email: string;
  children: string[];
  session?: Session;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** 0 → "Aa", 1 → "Ab"…: names made of letters only. */
const nameOf = (n: number) => {
  let s = '';
  do {
    s = LETTERS[n % 26] + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `B${s}`;
};

/** Opens `count` family files, `childrenPerFamily` children each (born 2016–2022: élémentaire and maternelle). */
export async function openFamilies(staff: Session, count: number, childrenPerFamily: number, concurrency: number, runId: string, progress?: (done: number) => void): Promise<BenchFamily[]> {
  let done = 0;
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (index) => {
      const lastName = nameOf(index);
      const email = `parent.${index}.${runId}@banc.example.fr`;
      const reply = await staff.post('/api/families', {
        requestId: randomUUID(),
        guardian: { civility: index % 2 ? 'M' : 'Mme', lastName, firstName: 'Camille', email },
        children: Array.from({ length: childrenPerFamily }, (_, k) => ({ firstName: `Enfant${LETTERS[k % 26]}`, lastName, birthDate: `${2016 + ((index + k) % 7)}-0${1 + (k % 9)}-1${k % 10}` })),
      });
      const body = expectStatus(reply, 201, 'ouverture d’un dossier famille').body;
      if (++done % 500 === 0) progress?.(done);
      return { index, familyId: body.familyId, subscriberCode: body.subscriberCode, email, children: body.children.map((c: { childId: string }) => c.childId) };
    },
  );
}

/** Enrols each (child, activity) for the school year with its typical week; the rules accept at once. */
export async function enrol(staff: Session, pairs: Array<{ childId: string; activityId: string }>, periodId: string, concurrency: number, progress?: (done: number) => void): Promise<void> {
  let done = 0;
  await inParallel(pairs, concurrency, async ({ childId, activityId }) => {
    const reply = await staff.post('/api/enrolments', { requestId: randomUUID(), childId, activityId, periodId, typicalWeek: CANTEEN_WEEKDAYS });
    expectStatus(reply, 201, 'inscription d’un enfant');
    if (reply.body.status !== 'accepted') throw new Error(`inscription non acceptée : ${JSON.stringify(reply.body)}`);
    if (++done % 1000 === 0) progress?.(done);
  });
}

/**
 * The local mail catcher's folder, read as mails arrive: the activation link of each address
 * (`/activer-mon-compte?compte=<accountId>&jeton=<token>`).
 */
export class MailFolder {
  private readonly seen = new Set<string>();
  private readonly links = new Map<string, { accountId: string; token: string }>();
  private readonly waiters = new Map<string, (link: { accountId: string; token: string }) => void>();
  private timer?: NodeJS.Timeout;
  private scanning = false;

  constructor(private readonly folder: string) {}

  start(): void {
    this.timer = setInterval(() => void this.scan(), 100);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async waitFor(email: string, timeoutMs = 600_000): Promise<{ accountId: string; token: string }> {
    const known = this.links.get(email);
    if (known) return known;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(email);
        reject(new Error(`pas de mail d'activation pour ${email} après ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiters.set(email, (link) => {
        clearTimeout(timer);
        resolve(link);
      });
    });
  }

  private async scan(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    try {
      let files: string[] = [];
      try {
        files = readdirSync(this.folder).filter((f) => f.endsWith('.eml') && !this.seen.has(f));
      } catch {
        return; // not created yet
      }
      for (const file of files) {
        const path = join(this.folder, file);
        const mail = await simpleParser(readFileSync(path));
        const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
        const match = /activer-mon-compte\?compte=([0-9a-f-]{36})&(?:amp;)?jeton=([\w-]+)/.exec(mail.text ?? '');
        // A file listed while the catcher is still writing it is read again at the next scan.
        if (!match && Date.now() - statSync(path).mtimeMs < 5000) continue;
        this.seen.add(file);
        if (!match) continue;
        const link = { accountId: match[1], token: match[2] };
        for (const address of to) {
          this.links.set(address, link);
          this.waiters.get(address)?.(link);
          this.waiters.delete(address);
        }
      }
    } finally {
      this.scanning = false;
    }
  }
}

/**
 * Each family's guardian signs up with the code abonné, activates the account through the mail's
 * link, and signs in: the family gets its own browser session (its own address).
 */
export async function signUpGuardians(pool: Pool, families: BenchFamily[], mails: MailFolder, concurrency: number, progress?: (done: number) => void): Promise<string> {
  let done = 0;
  const spent = { signUp: 0, mail: 0, activation: 0, signIn: 0 };
  let resent = 0;
  await inParallel(families, concurrency, async (family) => {
    let t = performance.now();
    const lap = (key: keyof typeof spent) => {
      const now = performance.now();
      spent[key] += now - t;
      t = now;
    };
    const session = new Session(pool, personAddress(family.index));
    const signUp = await session.post('/api/auth/sign-up', {
      requestId: randomUUID(),
      subscriberCode: family.subscriberCode,
      civility: 'Mme',
      lastName: nameOf(family.index),
      firstName: 'Camille',
      email: family.email,
      password: GUARDIAN_PASSWORD,
      passwordConfirmation: GUARDIAN_PASSWORD,
      termsAccepted: true,
    });
    expectStatus(signUp, 201, 'inscription d’un parent');
    lap('signUp');
    // As a parent would: no mail after two minutes, ask for the link again (POST /api/auth/activation/resend).
    let link: { accountId: string; token: string } | undefined;
    for (let attempt = 1; !link; attempt++) {
      try {
        link = await mails.waitFor(family.email, 120_000);
      } catch (error) {
        if (attempt >= 3) throw error;
        resent++;
        expectStatus(await session.post('/api/auth/activation/resend', { email: family.email }), 202, 'nouvel envoi du lien d’activation');
      }
    }
    lap('mail');
    expectStatus(await session.post('/api/auth/activation', link), 200, 'activation d’un compte');
    lap('activation');
    expectStatus(await session.post('/api/auth/sign-in', { email: family.email, password: GUARDIAN_PASSWORD }), 200, 'connexion d’un parent');
    lap('signIn');
    if (!session.cookies.has('pf_session') || !session.cookies.has('pf_csrf')) throw new Error('session sans cookie pf_session / pf_csrf');
    family.session = session;
    if (++done % 500 === 0) progress?.(done);
  });
  // Mean time per parent in each step (requests in parallel, so these overlap).
  const mean = (v: number) => `${Math.round(v / families.length)} ms`;
  return `par parent en moyenne : inscription ${mean(spent.signUp)}, attente du mail ${mean(spent.mail)}, activation ${mean(spent.activation)}, connexion ${mean(spent.signIn)}${resent ? `; ${resent} lien(s) d'activation redemandé(s) faute de mail en 2 minutes` : ''}`;
}

/** Maximum projection lag of the portal now (GET /api/health), and its status. */
export async function healthLag(session: Session): Promise<{ maxLag: number; status: string; headPosition: number }> {
  let reply = await session.get('/api/health');
  // A server still swamped may drop the connection: ask again a few times.
  for (let attempt = 1; reply.status !== 200 && attempt < 5; attempt++) {
    await new Promise((r) => setTimeout(r, 1000));
    reply = await session.get('/api/health');
  }
  return { maxLag: reply.body?.maxLag ?? NaN, status: reply.body?.status ?? `HTTP ${reply.status}${reply.error ? ` ${reply.error}` : ''}`, headPosition: reply.body?.headPosition ?? NaN };
}

/** Waits until every read model has caught up (lag 0), up to `timeoutMs`; returns the time it took. */
export async function waitCaughtUp(session: Session, timeoutMs: number): Promise<{ ms: number; lag: number }> {
  const started = performance.now();
  for (;;) {
    const { maxLag, status } = await healthLag(session);
    if (Number.isNaN(maxLag)) throw new Error(`GET /api/health : ${status}`);
    if (maxLag === 0 || performance.now() - started > timeoutMs) return { ms: performance.now() - started, lag: maxLag };
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
