// Calendar of a commune: bank holidays, school holidays per zone, closed days, working days.
// Pure functions over 'YYYY-MM-DD' days, day arithmetic included; libs/activities/index.ts
// re-exports this folder.
export * from './calendar-day';
export * from './bank-holidays';
export * from './school-holidays';
export * from './commune-calendar';
