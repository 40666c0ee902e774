/**
 * Times and numbers as the window shows them. Status words and their order come from the engine
 * (main/monitor/status.ts), so the window and the CLI say the same. Pure: tested in Node.
 */

/** "30 s ago", "4 min ago", "2 h ago", "3 d ago"; "just now" under 5 s. */
export function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** A time of day today ("07:12"), or with the date when it is not today ("21 Nov 07:12"). */
export function clockTime(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (new Date(now).toDateString() === date.toDateString()) return time;
  const day = date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  return `${day} ${time}`;
}

/** How long something has lasted: "45 min", "3 h 10 min", "2 d 4 h". */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** "99.95 %", "100 %", "—" when not known. Never rounds a failure up to 100. */
export function uptimeText(share: number | undefined): string {
  if (share === undefined) return '—';
  if (share >= 1) return '100 %';
  const percent = Math.floor(share * 10_000) / 100;
  return `${percent.toFixed(percent >= 99 ? 2 : 1)} %`;
}

export function latencyText(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** "12 %": a share of reports. */
export function shareText(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** A region code as a name the person reads: "US" → "United States". */
export function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Case- and accent-insensitive text for filtering. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
