import { SessionCodec } from './session';

const codec = new SessionCodec('a-test-secret-that-is-long-enough-0123456789');
const now = Date.parse('2026-11-25T10:00:00Z');

describe('session cookie', () => {
  it('gives back the account of a token it issued', () => {
    expect(codec.verify(codec.issue('acc-1', 'sid-1', now, 3600), now + 1000)).toMatchObject({ sub: 'acc-1', sid: 'sid-1' });
  });

  it('refuses an expired token', () => {
    expect(codec.verify(codec.issue('acc-1', 'sid-1', now, 3600), now + 3601_000)).toBeNull();
  });

  it('refuses a token whose claims were altered', () => {
    const [, signature] = codec.issue('acc-1', 'sid-1', now, 3600).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'acc-2', sid: 'sid-1', exp: now / 1000 + 3600 })).toString('base64url');
    expect(codec.verify(`${forged}.${signature}`, now)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const other = new SessionCodec('another-secret-that-is-long-enough-9876543210');
    expect(codec.verify(other.issue('acc-1', 'sid-1', now, 3600), now)).toBeNull();
  });

  it('refuses garbage', () => {
    expect(codec.verify('not-a-token', now)).toBeNull();
    expect(codec.verify('a.b.c', now)).toBeNull();
  });
});
