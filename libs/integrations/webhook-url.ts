import { BlockList, isIP } from 'node:net';

/** Where webhooks may go. Production: https to public addresses only; tests and an operator's own network may allow more. */
export interface WebhookUrlPolicy {
  /** Allow http:// and loopback / private / link-local addresses (tests on 127.0.0.1, receivers inside the operator's network). */
  allowPrivateNetworks: boolean;
}

export interface UrlProblem {
  code: string;
  message: string;
}

/** Addresses a webhook must not reach unless the policy allows private networks (SSRF guard). */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** True for loopback, private, link-local, shared, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return NON_PUBLIC.check(mapped, 'ipv4');
  const family = isIP(bare);
  if (family === 4) return NON_PUBLIC.check(bare, 'ipv4');
  if (family === 6) return NON_PUBLIC.check(bare, 'ipv6');
  return false;
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/** The reason a webhook URL is refused, or null. Pure: names are resolved (and checked again) only when delivering. */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): UrlProblem | null {
  if (typeof raw !== 'string' || raw.length > 2048) return { code: 'WEBHOOK_URL_INVALID', message: 'Adresse de webhook invalide.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'WEBHOOK_URL_INVALID', message: 'Adresse de webhook invalide.' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivateNetworks)) {
    return { code: 'WEBHOOK_URL_NOT_HTTPS', message: 'L’adresse du webhook doit commencer par https://.' };
  }
  if (url.username || url.password) {
    return { code: 'WEBHOOK_URL_CREDENTIALS', message: 'L’adresse du webhook ne doit pas contenir d’identifiant ni de mot de passe.' };
  }
  if (url.hash) return { code: 'WEBHOOK_URL_INVALID', message: 'L’adresse du webhook ne doit pas contenir de fragment (#…).' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateNetworks && (isNonPublicAddress(host) || LOCAL_NAMES.test(host) || !host.includes('.'))) {
    return { code: 'WEBHOOK_URL_PRIVATE_ADDRESS', message: 'L’adresse du webhook doit être publique (pas d’adresse locale ou privée).' };
  }
  return null;
}
