/**
 * Tells whether code runs inside the work of one of a store's units of work, so that starting
 * another unit there (or closing the store) is refused instead of waiting forever for the unit
 * that runs it. The unit's work is awaited by a function whose name is unique to the store, and
 * V8's async stack traces follow awaits (of native async functions: the build targets ES2022): the
 * call is inside the work when that name is on its async stack. (AsyncLocalStorage tells it too, but its promise hooks slow every promise of the
 * process: about a sixth of a projection catch-up's main-thread time.)
 */
let stores = 0;

type StackFrames = NodeJS.CallSite[];

function asyncStack(): StackFrames {
  const { prepareStackTrace, stackTraceLimit } = Error;
  // Structured frames, not the formatted text (source-map support would map every frame).
  Error.prepareStackTrace = (_error, frames) => frames;
  Error.stackTraceLimit = Infinity;
  try {
    const holder: { stack?: StackFrames } = {};
    Error.captureStackTrace(holder, asyncStack);
    return holder.stack ?? [];
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export class UnitGuard {
  private readonly name = `runUnitOfWorkOfStore${++stores}`;
  /** Runs a unit's work; its name on an async stack means "inside this store's unit". */
  readonly run: <U, R>(work: (unit: U) => Promise<R>, unit: U) => Promise<R>;

  constructor() {
    const runners = {
      async [this.name]<U, R>(work: (unit: U) => Promise<R>, unit: U): Promise<R> {
        return await work(unit);
      },
    };
    this.run = runners[this.name] as UnitGuard['run'];
  }

  /** True when the caller runs inside (is awaited by) the work of a unit of this store. */
  inside(): boolean {
    return asyncStack().some((frame) => frame.getFunctionName() === this.name);
  }
}
