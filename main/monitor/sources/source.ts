import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { HttpClient } from '../http/types.js';
import type { Logger } from '../logger.js';
import type { Reading, SignalFamily } from '../reading.js';
import type { SecretResolver, SourceMemory } from '../secrets.js';

/** Fields every source accepts (config contract v1). */
export interface BaseSourceConfig {
  readonly type: string;
  readonly label?: string | undefined;
  readonly intervalSeconds?: number | undefined;
  readonly timeoutMs?: number | undefined;
}

/** What a source gets to do its work; everything with a side effect comes through here. */
export interface ReadContext {
  /** Aborts when the engine stops or the source's timeout passes. */
  readonly signal: AbortSignal;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The effective timeout: the source's `timeoutMs` or its type's default. */
  readonly timeoutMs: number;
  /** This source's memory between polls (empty in one-shot mode): validate what you read back. */
  readonly memory: SourceMemory;
  /** Resolves a config's secret reference; undefined when it is not available. */
  readonly secret: SecretResolver;
}

/** What auto-detect gives a source type to ask a page whether it speaks its format. */
export interface DetectContext {
  readonly http: HttpClient;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

export interface SourceDefaults {
  readonly intervalSeconds: number;
  readonly timeoutMs: number;
}

/**
 * A source type is a plug-in (DESIGN.md, "A source is a plug-in"): one file exporting one of
 * these, plus one line in the registry.
 *
 * `read` must not throw for a service outcome; a thrown error is a bug, which the scheduler
 * records as `unknown` and logs.
 */
export interface SourceDefinition<C extends BaseSourceConfig> {
  readonly type: C['type'];
  readonly family: SignalFamily;
  /** What a person calls the format: "Atlassian Statuspage". */
  readonly title: string;
  /** Parses the source's config from `unknown`; issues carry the field path. */
  readonly schema: z.ZodType<C>;
  readonly defaults: SourceDefaults;
  /** A label for sources the person did not name, e.g. "twitter.com/home". */
  defaultLabel(config: C): string;
  // Method syntax on purpose: it keeps parameters bivariant, so every concrete definition fits
  // the registry's common type without casts.
  read(config: C, ctx: ReadContext): Promise<Reading>;
  /**
   * Sources that run only when asked (Globalping: when this machine's probe of the service
   * fails), never on the scheduler's timetable.
   */
  readonly onDemand?: boolean;
  /**
   * Auto-detect (`downwatch detect URL`, the app's "add by URL"): given any status page or
   * homepage URL, ask this format's well-known endpoint and return a ready config when the page
   * speaks it. Never throws; undefined means "not this format".
   */
  detect?(url: URL, ctx: DetectContext): Promise<C | undefined>;
}

/** Identity function that checks a definition and keeps its precise config type. */
export function defineSource<C extends BaseSourceConfig>(
  definition: SourceDefinition<C>,
): SourceDefinition<C> {
  return definition;
}
