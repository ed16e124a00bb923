import { isIP } from 'node:net';

/** A host name or address that only this computer can reach: localhost, 127.0.0.0/8 or ::1 (brackets and an IPv4-mapped prefix allowed). */
export function isLoopbackHost(host: string | undefined): boolean {
  const h = (host ?? '')
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/^::ffff:/, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/** A Host header (`name[:port]`, `[v6]:port`) naming this computer. */
export function isLoopbackHostHeader(value: string | undefined): boolean {
  const v = (value ?? '').trim();
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d{1,5})?$/.exec(v);
  return Boolean(m && isLoopbackHost(m[1]));
}
