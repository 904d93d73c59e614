import { resolve } from 'node:path';

/** The repository root: package.json, `dist/`, `.tools/`. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
