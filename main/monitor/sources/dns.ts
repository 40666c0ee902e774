import { promises as dns } from 'node:dns';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import type { Reading } from '../reading.js';
import { commonSourceFields, hostname, nonEmptyStrings } from './fields.js';
import { defineSource } from './source.js';
import { elapsedSince, isTimeoutReason } from './tcp.js';
import { errorCode } from '../http/errors.js';

const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT'] as const;
type RecordType = (typeof RECORD_TYPES)[number];

/** "1.1.1.1", "1.1.1.1:53", "2606:4700::1111" or "[2606:4700::1111]:53": what setServers takes. */
export function isResolverAddress(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const [, v6, v4, portText] = match;
  const portNumber = Number(portText);
  if (portNumber < 1 || portNumber > 65535) return false;
  return v6 !== undefined ? isIPv6(v6) : isIPv4(v4 ?? '');
}

const dnsConfig = z
  .strictObject({
    type: z.literal('dns'),
    ...commonSourceFields,
    hostname: hostname.refine((value) => isIP(value) === 0, {
      error: 'expected a host name, not an IP address',
    }),
    recordType: z.enum(RECORD_TYPES, { error: `expected one of ${RECORD_TYPES.join(', ')}` }).default('A'),
    resolver: z
      .string({ error: 'expected a resolver address' })
      .refine(isResolverAddress, {
        error: 'expected an IP address, optionally with a port (1.1.1.1:53, [::1]:53)',
      })
      .optional(),
    mustInclude: nonEmptyStrings.optional(),
  })
  .superRefine((config, issues) => {
    // An IPv6 address can never appear among A records: say so now, not as a false outage later.
    const family = config.recordType === 'A' ? 4 : config.recordType === 'AAAA' ? 6 : undefined;
    config.mustInclude?.forEach((value, index) => {
      if (family !== undefined && isIP(value) !== family) {
        const message = `expected an IPv${family} address for ${config.recordType} records`;
        issues.addIssue({ code: 'custom', message, path: ['mustInclude', index] });
      }
    });
  });

export type DnsSourceConfig = z.infer<typeof dnsConfig>;

/** One answer: how it is shown, and the strings `mustInclude` is compared with. */
interface Answer {
  readonly shown: string;
  readonly keys: readonly string[];
}

/** Case and a trailing root dot do not change a name; AAAA gets its canonical compressed form. */
function normalise(value: string, recordType: RecordType): string {
  const lower = value.toLowerCase().replace(/\.$/, '');
  return recordType === 'AAAA' && isIPv6(lower) ? new URL(`http://[${lower}]`).hostname.slice(1, -1) : lower;
}

async function query(resolver: dns.Resolver, name: string, recordType: RecordType): Promise<Answer[]> {
  switch (recordType) {
    case 'A':
      return (await resolver.resolve4(name)).map((address) => ({ shown: address, keys: [address] }));
    case 'AAAA':
      return (await resolver.resolve6(name)).map((address) => ({ shown: address, keys: [address] }));
    case 'CNAME':
      return (await resolver.resolveCname(name)).map((target) => ({ shown: target, keys: [target] }));
    case 'MX':
      return (await resolver.resolveMx(name)).map((mx) => ({
        shown: `${mx.priority} ${mx.exchange}`,
        keys: [mx.exchange],
      }));
    case 'TXT':
      // A TXT record arrives as 255-byte chunks that mean one string joined together.
      return (await resolver.resolveTxt(name)).map((chunks) => ({
        shown: `"${chunks.join('')}"`,
        keys: [chunks.join('')],
      }));
  }
}

/** TXT values are long (SPF, verification tokens): a TXT expectation matches when contained. */
function includes(answers: readonly Answer[], expected: string, recordType: RecordType): boolean {
  const wanted = normalise(expected, recordType);
  return answers.some((answer) =>
    answer.keys.some((key) => {
      const have = normalise(key, recordType);
      return recordType === 'TXT' ? have.includes(wanted) : have === wanted;
    }),
  );
}

const SHOWN_ANSWERS = 5;
const SHOWN_CHARS = 60;

function listAnswers(answers: readonly Answer[]): string {
  const shown = answers
    .slice(0, SHOWN_ANSWERS)
    .map((answer) =>
      answer.shown.length > SHOWN_CHARS ? `${answer.shown.slice(0, SHOWN_CHARS - 1)}…` : answer.shown,
    );
  const more = answers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/**
 * What a failed lookup says. Every failure is a major outage; `reached` is whether a DNS server
 * answered at all (NXDOMAIN and SERVFAIL are answers, silence and ICMP unreachable are not).
 */
function describeFailure(
  code: string | undefined,
  config: DnsSourceConfig,
  resolverName: string,
  timeoutMs: number,
): { readonly detail: string; readonly reached: boolean } {
  const name = config.hostname;
  const known: Readonly<Record<string, readonly [string, boolean]>> = {
    ENOTFOUND: [`${name} does not exist (NXDOMAIN)`, true],
    ENODATA: [`${name} has no ${config.recordType} records`, true],
    ESERVFAIL: [`${resolverName} could not resolve ${name} (SERVFAIL)`, true],
    EREFUSED: [`${resolverName} refused to answer (REFUSED)`, true],
    ETIMEOUT: [`${resolverName} did not answer within ${timeoutMs} ms`, false],
    ECONNREFUSED: [`${resolverName} refused the connection`, false],
  };
  const [detail, reached] = (code !== undefined ? known[code] : undefined) ?? [
    `lookup of ${name} failed (${code ?? 'unknown error'})`,
    false,
  ];
  return { detail, reached };
}

export const dnsSource = defineSource<DnsSourceConfig>({
  type: 'dns',
  family: 'probe',
  title: 'DNS probe',
  schema: dnsConfig,
  defaults: { intervalSeconds: 60, timeoutMs: 5000 },
  defaultLabel: (config) => `${config.hostname} ${config.recordType}`,
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    // maxTimeout: c-ares 1.34 otherwise stretches `timeout` (a 1000 ms timeout took 2000 ms).
    const resolver = new dns.Resolver({ timeout: ctx.timeoutMs, maxTimeout: ctx.timeoutMs, tries: 1 });
    if (config.resolver !== undefined) resolver.setServers([config.resolver]);
    const resolverName =
      config.resolver !== undefined
        ? `resolver ${config.resolver}`
        : `the system resolver (${resolver.getServers()[0] ?? 'none configured'})`;

    // Our own timer too, so the budget holds whatever c-ares does with its retry timers.
    let ending: 'timeout' | 'cancelled' | undefined;
    const stop = (why: 'timeout' | 'cancelled'): void => {
      ending ??= why;
      resolver.cancel();
    };
    const timer = ctx.clock.setTimer(ctx.timeoutMs, () => {
      stop('timeout');
    });
    const onAbort = (): void => {
      stop(isTimeoutReason(ctx.signal.reason) ? 'timeout' : 'cancelled');
    };
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });

    const ended = (code: string | undefined): Reading => {
      if (ending === 'cancelled')
        return { status: 'unknown', detail: 'check cancelled', checkedAt, reached: false };
      const failure = describeFailure(
        ending === 'timeout' ? 'ETIMEOUT' : code,
        config,
        resolverName,
        ctx.timeoutMs,
      );
      return { status: 'major_outage', ...failure, checkedAt };
    };

    try {
      // Already aborted: cancel() only affects queries in flight, so do not start one.
      if (ending !== undefined) return ended(undefined);
      const answers = await query(resolver, config.hostname, config.recordType);
      const latencyMs = elapsedSince(checkedAt, ctx);
      const listed = listAnswers(answers);
      const missing = (config.mustInclude ?? []).filter(
        (value) => !includes(answers, value, config.recordType),
      );
      if (missing.length > 0) {
        const detail = `expected ${missing.join(', ')} among the ${config.recordType} records, got ${listed}`;
        return { status: 'major_outage', detail, checkedAt, reached: true, latencyMs };
      }
      const noun = answers.length === 1 ? 'record' : 'records';
      const detail = `${answers.length} ${config.recordType} ${noun}: ${listed}`;
      return { status: 'operational', detail, checkedAt, reached: true, latencyMs };
    } catch (error) {
      return ended(errorCode(error));
    } finally {
      timer.cancel();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  },
});
