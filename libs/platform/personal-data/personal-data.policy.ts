/**
 * What an event type holds of a person, and whose it is. Each capability exports a map of these
 * for its events; the app composes them. Events not listed carry no personal data in `data`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the default stands for « some event's data » in the composed maps: `fields: (keyof D)[]` makes a policy of one event's data unassignable to PersonalDataPolicy<unknown>
export interface PersonalDataPolicy<D = any> {
  /** 'family:<familyId>' or 'account:<accountId>': whose key seals this event's personal fields. */
  subject(data: D): string;
  /** Top-level fields of `data` holding personal data; they are sealed together. */
  personalFields: Array<keyof D & string>;
  /**
   * The same data with the personal data taken out but the shape kept (ids, counts and amounts
   * stay): what is stored in clear, and what readers get once the subject's key is destroyed.
   */
  redact(data: D): D;
  /**
   * Fields among `personalFields` that are credentials (a password hash, a token hash). Only the
   * command path's reads of a stream get them (`readStream(…, { withCredentials: true })`, which
   * EventSourcedStreams asks for); every other read (projections, reactors, feeds, audits,
   * exports) gets the event without them, so no read model, export, mail or log can hold one.
   */
  credentialFields?: Array<keyof D & string>;
}

export type PersonalDataPolicies = Record<string, PersonalDataPolicy>;

/** Composes the capabilities' maps; one event type has one policy. */
export function composePolicies(...maps: PersonalDataPolicies[]): PersonalDataPolicies {
  const all: PersonalDataPolicies = {};
  for (const map of maps) {
    for (const [type, policy] of Object.entries(map)) {
      if (all[type]) throw new Error(`Two personal data policies for ${type}`);
      all[type] = policy;
    }
  }
  return all;
}

export const familySubject = (familyId: string) => `family:${familyId}`;
export const accountSubject = (accountId: string) => `account:${accountId}`;

/** Placeholder left where a name was, once erased. */
export const ERASED = '';
