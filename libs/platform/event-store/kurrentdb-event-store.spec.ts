import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { events, uniqueStream, withTimeout } from './event-store.contract';
import { EventStoreUnavailableError } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// Runs everywhere: no KurrentDB server is needed to check how the adapter behaves without one.
jest.setTimeout(30_000);

const CLOSED_PORT = 'kurrentdb://127.0.0.1:1?tls=false';

async function expectUnavailableWithin(ms: number, work: () => Promise<unknown>): Promise<EventStoreUnavailableError> {
  const started = Date.now();
  const error = await withTimeout(
    work().then(
      () => undefined,
      (e: unknown) => e,
    ),
    ms,
    'the call hung',
  );
  expect(error).toBeInstanceOf(EventStoreUnavailableError);
  expect(Date.now() - started).toBeLessThan(ms);
  return error as EventStoreUnavailableError;
}

describe('KurrentDB adapter without a server', () => {
  let store: KurrentDbEventStore;

  afterEach(async () => {
    await store?.close();
  });

  describe('when nothing listens on the port', () => {
    beforeEach(() => {
      store = KurrentDbEventStore.connect(CLOSED_PORT);
    });

    it('fails an append quickly with EventStoreUnavailableError naming the server', async () => {
      const error = await expectUnavailableWithin(10_000, () => store.append(uniqueStream(), events(1), 'any'));
      expect(error.message).toContain('127.0.0.1:1');
      expect(error.code).toBe('EVENT_STORE_UNAVAILABLE');
    });

    it('fails an append with an exact expected revision quickly too', async () => {
      await expectUnavailableWithin(10_000, () => store.append(uniqueStream(), events(2), 3));
      await expectUnavailableWithin(10_000, () => store.append(uniqueStream(), events(2), 'no_stream'));
    });

    it('fails reads quickly', async () => {
      await expectUnavailableWithin(10_000, () => store.readStream(uniqueStream()));
      await expectUnavailableWithin(10_000, () => store.readAll({ after: 0, limit: 10 }));
      await expectUnavailableWithin(10_000, () => store.headPosition());
    });

    it('reports itself unreachable, with a reason, instead of throwing', async () => {
      const health = await withTimeout(store.health(), 10_000, 'health hung');
      expect(health).toMatchObject({ adapter: 'kurrentdb', reachable: false, location: CLOSED_PORT });
      expect(health.detail).toBeTruthy();
    });

    it('lets a subscription that cannot connect be closed at once', async () => {
      const subscription = store.subscribeToAll();
      const pending = subscription[Symbol.asyncIterator]().next();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await subscription.close();
      expect((await withTimeout(pending, 2000, 'close() left the subscription hanging')).done).toBe(true);
    });

    it('hides credentials of the connection string in what it reports', async () => {
      const secret = KurrentDbEventStore.connect('kurrentdb://admin:changeit@127.0.0.1:1?tls=false');
      try {
        expect(secret.location).not.toContain('changeit');
        const health = await withTimeout(secret.health(), 10_000, 'health hung');
        expect(JSON.stringify(health)).not.toContain('changeit');
      } finally {
        await secret.close();
      }
    });
  });

  describe('when the server accepts connections but never answers', () => {
    let silent: Server;
    const sockets = new Set<Socket>();

    beforeAll(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    beforeEach(() => {
      const { port } = silent.address() as AddressInfo;
      store = KurrentDbEventStore.connect(`kurrentdb://127.0.0.1:${port}?tls=false`);
    });

    it('gives up on append, read and health within seconds instead of hanging', async () => {
      await Promise.all([
        expectUnavailableWithin(10_000, () => store.append(uniqueStream(), events(1), 'no_stream')),
        expectUnavailableWithin(10_000, () => store.readStream(uniqueStream())),
        withTimeout(store.health(), 10_000, 'health hung').then((health) => expect(health.reachable).toBe(false)),
      ]);
    });
  });
});
