// RFC 9110 §5.6.7 HTTP-date: IMF-fixdate is what we send; recipients must also accept the
// obsolete rfc850 and asctime forms. An invalid date makes the header be ignored (§13.1.3/4).

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function build(year: number, month: string, day: number, h: number, m: number, s: number): Date | null {
  const mi = MONTHS.indexOf(month);
  if (h > 23 || m > 59 || s > 60) return null;
  const date = new Date(Date.UTC(year, mi, day, h, m, Math.min(s, 59)));
  return date.getUTCDate() === day ? date : null;
}

export function parseHttpDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const v = value.trim();
  let r = IMF_FIXDATE.exec(v);
  if (r) return build(Number(r[4]), r[3]!, Number(r[2]), Number(r[5]), Number(r[6]), Number(r[7]));
  r = RFC850.exec(v);
  if (r) {
    // §5.6.7: a two-digit year more than 50 years in the future means the past century.
    const yy = Number(r[4]);
    const now = new Date().getUTCFullYear();
    let year = Math.floor(now / 100) * 100 + yy;
    if (year > now + 50) year -= 100;
    return build(year, r[3]!, Number(r[2]), Number(r[5]), Number(r[6]), Number(r[7]));
  }
  r = ASCTIME.exec(v);
  if (r) return build(Number(r[7]), r[2]!, Number(r[3]!.trim()), Number(r[4]), Number(r[5]), Number(r[6]));
  return null;
}

export function formatHttpDate(date: Date): string {
  return date.toUTCString();
}

/** HTTP dates have one-second resolution; compare what the client could have seen. */
export function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
