// The library surface for scripted audits: everything the CLI does is callable from here.
export * from './store/index.js';
export * from './probes/messages.js';
export { UserError } from './util/errors.js';
