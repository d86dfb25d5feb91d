/**
 * The family quotient (QF) as billing sees it: a timeline of values, each in force from a day.
 * A QF recorded in the family file applies from the day it was recorded (never backwards);
 * staff may regularise: the value then applies from the day they state, earlier months included.
 */
export interface QuotientEntry {
  /** 'YYYY-MM-DD': first day the value is in force. */
  validFrom: string;
  /** Euros, whole number, as the CAF states it. */
  quotient: number;
  /** When it was recorded (ISO instant): of two entries from the same day, the later one wins. */
  recordedAt: string;
  source: 'family_file' | 'regularisation';
}

/**
 * The QF in force on `day`, or null when none was known yet. A regularisation overrides what was
 * recorded before it from its own first day on (staff said: this value, from then).
 */
export function quotientOn(entries: readonly QuotientEntry[], day: string): number | null {
  return entryOn(entries, day)?.quotient ?? null;
}

/** The entry of the timeline in force on `day` (its value, since when, recorded or regularised), or null. */
export function entryOn(entries: readonly QuotientEntry[], day: string): QuotientEntry | null {
  const superseded = (e: QuotientEntry) => entries.some((r) => r.source === 'regularisation' && r.recordedAt > e.recordedAt && r.validFrom <= e.validFrom);
  let best: QuotientEntry | null = null;
  for (const e of entries) {
    if (e.validFrom > day || superseded(e)) continue;
    if (!best || e.validFrom > best.validFrom || (e.validFrom === best.validFrom && e.recordedAt >= best.recordedAt)) best = e;
  }
  return best;
}

/** Adds an entry, keeping the timeline sorted; the same entry twice is kept once (replays). */
export function withEntry(entries: readonly QuotientEntry[], entry: QuotientEntry): QuotientEntry[] {
  const same = (e: QuotientEntry) => e.validFrom === entry.validFrom && e.recordedAt === entry.recordedAt && e.source === entry.source;
  return [...entries.filter((e) => !same(e)), entry].sort((a, b) => a.validFrom.localeCompare(b.validFrom) || a.recordedAt.localeCompare(b.recordedAt));
}
