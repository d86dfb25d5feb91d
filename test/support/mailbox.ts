// The test mailbox lives in the platform's test helpers (libs/platform/testing), so library specs use it too.
export { linksIn, startMailbox, type Mailbox, type ReceivedMail } from '@pf/testing';
