export * from './decider';
export * from './command-context';
export * from './event-sourced-streams';
export * from './tokens';
