/**
 * The embedded default set: a few well-known services with their real public status pages
 * and homepages, so `downwatch check` is useful before any config is written. Each pairs the
 * vendor's own word (official) with a probe from this machine.
 */
export const DEFAULT_CONFIG = {
  version: 1,
  services: [
    {
      id: 'github',
      name: 'GitHub',
      sources: [
        { type: 'statuspage', url: 'https://www.githubstatus.com' },
        { type: 'http', label: 'github.com', url: 'https://github.com/', degradedAboveMs: 3000 },
      ],
    },
    {
      id: 'cloudflare',
      name: 'Cloudflare',
      sources: [
        { type: 'statuspage', url: 'https://www.cloudflarestatus.com' },
        { type: 'http', label: 'cloudflare.com', url: 'https://www.cloudflare.com/', degradedAboveMs: 3000 },
      ],
    },
    {
      id: 'npm',
      name: 'npm',
      sources: [
        { type: 'statuspage', url: 'https://status.npmjs.org' },
        {
          type: 'http',
          label: 'Registry ping',
          url: 'https://registry.npmjs.org/-/ping',
          degradedAboveMs: 3000,
        },
      ],
    },
    {
      id: 'discord',
      name: 'Discord',
      sources: [
        { type: 'statuspage', url: 'https://discordstatus.com' },
        { type: 'http', label: 'discord.com', url: 'https://discord.com/', degradedAboveMs: 3000 },
      ],
    },
  ],
} as const;
