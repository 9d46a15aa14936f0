/**
 * Each provider's name as people read it is written once, in its vendor module
 * (src/providers/<vendor>/vendor.ts), and reaches the domain through the provider roster.
 */
export { providerLabel } from './provider-roster.ts';
