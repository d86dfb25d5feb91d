import { DomainError } from './domain-error';

/**
 * The kind and code a command was refused with, for specs that compare refusals
 * (`expect(await refusalOf(work)).toEqual({ kind: 'not_found', code: 'CHILD_NOT_FOUND' })`).
 * A command that succeeds, or fails with anything but a DomainError, makes it throw.
 */
export async function refusalOf(work: Promise<unknown>): Promise<{ kind: DomainError['kind']; code: string }> {
  const outcome = await work.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error('The command was accepted where a refusal was expected');
  if (!(outcome.error instanceof DomainError)) throw outcome.error;
  return { kind: outcome.error.kind, code: outcome.error.code };
}
