import { isNonPublicAddress, webhookUrlProblem } from './webhook-url';

const production = { allowPrivateNetworks: false };
const tests = { allowPrivateNetworks: true };
const problem = (url: string, policy = production) => webhookUrlProblem(url, policy)?.code ?? null;

describe('webhook addresses', () => {
  it('accepts a public https address', () => {
    expect(problem('https://compta.example.fr/hooks/portail?x=1')).toBeNull();
  });

  it('refuses plain http in production but allows it on the test loopback', () => {
    expect(problem('http://compta.example.fr/hooks')).toBe('WEBHOOK_URL_NOT_HTTPS');
    expect(problem('http://127.0.0.1:4567/hooks', tests)).toBeNull();
  });

  it('refuses other schemes, credentials in the address and fragments', () => {
    expect(problem('ftp://compta.example.fr/', tests)).toBe('WEBHOOK_URL_NOT_HTTPS');
    expect(problem('file:///etc/passwd', tests)).toBe('WEBHOOK_URL_NOT_HTTPS');
    expect(problem('https://user:secret@compta.example.fr/')).toBe('WEBHOOK_URL_CREDENTIALS');
    expect(problem('https://compta.example.fr/#x')).toBe('WEBHOOK_URL_INVALID');
    expect(problem('not a url')).toBe('WEBHOOK_URL_INVALID');
  });

  it('refuses local and private addresses in production', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://10.1.2.3/',
      'https://172.20.0.1/',
      'https://192.168.1.10/',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/',
      'https://[fd00::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://localhost/',
      'https://intranet/',
      'https://mairie.local/',
    ]) {
      expect([url, problem(url)]).toEqual([url, 'WEBHOOK_URL_PRIVATE_ADDRESS']);
    }
  });

  it('classifies resolved addresses', () => {
    expect(isNonPublicAddress('127.0.0.1')).toBe(true);
    expect(isNonPublicAddress('::ffff:10.0.0.1')).toBe(true);
    expect(isNonPublicAddress('93.184.216.34')).toBe(false);
    expect(isNonPublicAddress('2a01:e0a::1')).toBe(false);
  });
});
