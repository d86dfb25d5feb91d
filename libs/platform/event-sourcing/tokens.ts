/** Injection tokens for the ports, so capabilities depend on the port and never on an adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_STORE = Symbol('READ_STORE');
export const CLOCK = Symbol('CLOCK');
