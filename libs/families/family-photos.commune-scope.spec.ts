import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, refusalOf } from '@pf/domain';
import { SqliteEventStore } from '@pf/event-store';
import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { COMMUNES, communesProjection, type CommuneDocument } from '@pf/communes';
import { FAMILIES, FAMILY_PHOTOS, familiesProjection, type FamilyDocument } from './families.projection';
import { FamilyFileService } from './family-file.service';
import { OpenFamilyFileCommand, OpenFamilyFileHandler } from './open-family-file.handler';

/**
 * Commune B names commune A's photo id on its own family's child. The photo file is the
 * deployment's (its id is its name in the blob store), and erasing B's family deletes the files of
 * its photos: were the id taken, B could have A's photo deleted. A photo a client names must be one
 * of that family's, in the caller's commune.
 */
const A = 'saint-hilaire';
const B = 'val-de-loire';
const clock = new FixedClock('2026-12-01T07:30:00.000Z');
const staffOf = (communeId: string): SessionUser => ({ accountId: `agent-${communeId}`, role: 'staff', communeId, familyId: null, displayName: 'Agent' });
const ctxOf = (communeId: string, requestId: string): CommandContext => ({ communeId, actor: { kind: 'staff', id: `agent-${communeId}`, name: 'Agent' }, channel: 'back-office', requestId, now: clock.now() });
const profile = (communeId: string, prefix: string): CommuneDocument => ({
  _id: communeId,
  communeId,
  name: communeId,
  timeZone: 'Europe/Paris',
  schoolZone: 'B',
  subscriberCodePrefix: prefix,
  serviceName: 'Service enfance',
  serviceEmail: `enfance@${communeId}.fr`,
});
const lea = { firstName: 'Léa', lastName: 'Martin', birthDate: '2017-03-14' };

describe("a child's photo named by a client is one of the family's, in the caller's commune", () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: ReadStore;
  let runner: ProjectionRunner;
  let files: FamilyFileService;
  let open: OpenFamilyFileHandler;
  const opened: Record<string, { familyId: string; childId: string }> = {};

  const openFile = async (communeId: string, requestId: string, children: Array<Record<string, unknown>> = [lea]) => {
    const result = await open.execute(new OpenFamilyFileCommand({ guardian: { civility: 'Mme', lastName: 'Martin', firstName: 'Claire', email: 'claire@example.fr' }, children: children as never }, ctxOf(communeId, requestId)));
    await runner.waitFor(result.position, 10_000);
    return { familyId: result.familyId, childId: result.children[0].childId };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pf-family-photos-communes-'));
    events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    for (const definition of [communesProjection, familiesProjection]) for (const spec of definition.collections) await reads.ensureCollection(spec);
    await reads.unitOfWork(async (uow) => {
      await uow.collection<CommuneDocument>(COMMUNES).upsert(profile(A, 'SHB'));
      await uow.collection<CommuneDocument>(COMMUNES).upsert(profile(B, 'VLT'));
    });
    runner = new ProjectionRunner(events, reads, [familiesProjection]);
    await runner.start();
    const streams = new EventSourcedStreams(events);
    const unused = {} as never;
    files = new FamilyFileService(streams, runner, unused, unused, unused, reads, clock);
    open = new OpenFamilyFileHandler(streams, reads);
    opened.A = await openFile(A, 'open-a');
    opened.B = await openFile(B, 'open-b');
    // A's staff set Léa's photo (its file is stored under this id).
    await files.recordChildPhoto(staffOf(A), opened.A.familyId, opened.A.childId, 'photo-of-lea', 'photo-a');
  });
  afterEach(async () => {
    await runner.stop();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers PHOTO_NOT_FOUND to B naming A's photo on its own child, by a direct edit or a parent's change, and writes nothing", async () => {
    const head = await events.headPosition();
    const b = staffOf(B);
    expect(await refusalOf(files.recordChild(b, opened.B.familyId, opened.B.childId, { ...lea, photoId: 'photo-of-lea' }, 'edit-b'))).toEqual({ kind: 'not_found', code: 'PHOTO_NOT_FOUND' });
    expect(await refusalOf(files.recordChild(b, opened.B.familyId, null, { ...lea, photoId: 'photo-of-lea' }, 'add-b'))).toEqual({ kind: 'not_found', code: 'PHOTO_NOT_FOUND' });
    const parentOfB: SessionUser = { ...b, role: 'guardian', familyId: opened.B.familyId };
    expect(await refusalOf(files.requestChange(parentOfB, opened.B.familyId, 'change-b', 'child', { childId: opened.B.childId }, undefined, { photoId: 'photo-of-lea' }))).toEqual({
      kind: 'not_found',
      code: 'PHOTO_NOT_FOUND',
    });
    // A new file has no photo: naming one opens nothing.
    expect(await refusalOf(open.execute(new OpenFamilyFileCommand({ guardian: { civility: 'M', lastName: 'Roux', firstName: 'Paul', email: 'paul@example.fr' }, children: [{ ...lea, photoId: 'photo-of-lea' }] }, ctxOf(B, 'open-b2'))))).toEqual({
      kind: 'not_found',
      code: 'PHOTO_NOT_FOUND',
    });
    expect(await events.headPosition()).toBe(head);
    expect(await reads.inCommune(B).collection(FAMILY_PHOTOS).find({})).toEqual([]);
  });

  it('lets A name its own family photo again, and a parent upload (the photo stored by the request itself) still waits for staff', async () => {
    await files.recordChild(staffOf(A), opened.A.familyId, opened.A.childId, { ...lea, photoId: 'photo-of-lea', schoolClass: 'CM1' }, 'edit-a');
    const family = await reads.inCommune(A).collection<FamilyDocument>(FAMILIES).get(opened.A.familyId);
    expect(family?.children[0]).toMatchObject({ photoId: 'photo-of-lea', schoolClass: 'CM1' });
    // Another family of A does not own it either.
    const other = await openFile(A, 'open-a2', [{ firstName: 'Hugo', lastName: 'Roux', birthDate: '2020-01-01' }]);
    expect(await refusalOf(files.recordChild(staffOf(A), other.familyId, other.childId, { firstName: 'Hugo', lastName: 'Roux', birthDate: '2020-01-01', photoId: 'photo-of-lea' }, 'edit-a2'))).toEqual({
      kind: 'not_found',
      code: 'PHOTO_NOT_FOUND',
    });
    const parentOfA: SessionUser = { ...staffOf(A), role: 'guardian', familyId: opened.A.familyId };
    await files.requestChange(parentOfA, opened.A.familyId, 'upload-a', 'child', { childId: opened.A.childId }, undefined, { photoId: 'new-photo-of-lea' }, { photoStored: true });
    expect((await reads.inCommune(A).collection<FamilyDocument>(FAMILIES).get(opened.A.familyId))?.pendingChanges).toEqual([expect.objectContaining({ requestId: 'upload-a' })]);
  });
});
