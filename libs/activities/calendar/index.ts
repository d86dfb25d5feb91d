// Calendar of a commune: bank holidays, school holidays per zone, closed days, working days.
// Pure functions over 'YYYY-MM-DD' days; libs/activities/index.ts re-exports this folder.
// Day arithmetic (addDays, isoWeekday…) stays internal: import './calendar-day' directly if needed.
export type { CalendarDay } from './calendar-day';
export { isCalendarDay } from './calendar-day';
export * from './bank-holidays';
export * from './school-holidays';
export * from './commune-calendar';
