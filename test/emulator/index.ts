/**
 * The Google Photos Library API emulator: a loopback stand-in for photoslibrary.googleapis.com,
 * oauth2.googleapis.com/token and the baseUrl bytes host. See README.md.
 */
export { startEmulator, DEFAULT_GUESSES } from './server';
export { READONLY_APP_CREATED, REMOVED_SCOPES, SCOPE_PREFIX } from './tokens';
export type * from './types';
