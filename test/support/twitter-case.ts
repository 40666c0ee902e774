import { issueText } from '../../main/monitor/config/issues.js';
import { parseConfig, type MonitorConfig } from '../../main/monitor/config/parse.js';

/**
 * The December 2022 Twitter case, pointed at a loopback site: a probe of the desktop home page
 * with the error text as a must-not rule, and the official Statuspage.
 */
export function twitterService(
  siteUrl: string,
  probeOverrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 'twitter',
    name: 'Twitter',
    sources: [
      {
        type: 'http',
        label: 'Desktop web',
        url: `${siteUrl}/home`,
        bodyMustNotContain: ['Something went wrong'],
        ...probeOverrides,
      },
      { type: 'statuspage', url: `${siteUrl}/status` },
    ],
  };
}

/** parseConfig for tests: the parsed config, or a failure that lists the issues. */
export function validConfig(input: unknown): MonitorConfig {
  const result = parseConfig(input);
  if (!result.ok) throw new Error(`invalid test config:\n${result.issues.map(issueText).join('\n')}`);
  return result.config;
}
