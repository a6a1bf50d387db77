/**
 * Times as people read them: `2 Dec 2026 05:16 (3 minutes ago)`, in the local time zone, instead
 * of raw ISO strings.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** How long ago (or how far ahead) `at` is from `now`, rounded to what a person expects. */
export function relativeTime(at: Date, now: Date = new Date()): string {
  const delta = now.getTime() - at.getTime();
  const span = Math.abs(delta);
  let amount: string;
  if (span < MINUTE) return delta >= 0 ? 'just now' : 'in under a minute';
  if (span < HOUR) amount = plural(Math.round(span / MINUTE), 'minute');
  else if (span < DAY) amount = plural(Math.round(span / HOUR), 'hour');
  else if (span < 60 * DAY) amount = plural(Math.round(span / DAY), 'day');
  else if (span < 730 * DAY) amount = plural(Math.round(span / (30.44 * DAY)), 'month');
  else amount = plural(Math.round(span / (365.25 * DAY)), 'year');
  return delta >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** `2 Dec 2026 05:16 (3 minutes ago)`; the input unchanged when it is not a date. */
export function humanTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getDate()} ${MONTHS[at.getMonth()]} ${at.getFullYear()} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return `${date} (${relativeTime(at, now)})`;
}
