/**
 * What `require('gaxios')` returns under Jest (jest.config.js maps the bare name here).
 *
 * gaxios gets its fetch with `await import('node-fetch')`, an ES module that Jest's VM refuses
 * without --experimental-vm-modules: every token exchange would fail with "Unexpected Gaxios
 * Error". Under Jest, Gaxios instances therefore default to Node's own fetch. The package itself
 * keeps gaxios's default (node-fetch, which honours HTTPS_PROXY and NO_PROXY like n8n does), so
 * only the last hop differs between tests and production.
 */
import type * as GaxiosModule from 'gaxios';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const load = createRequire(__filename);

/**
 * The copy of gaxios google-auth-library itself would load (nested or hoisted), by file path:
 * under Jest even `require.resolve('gaxios')` is mapped back to this file.
 */
function gaxiosEntry(): string {
	const libraryRoot = join(dirname(load.resolve('google-auth-library')), '../..');
	const candidates = [join(libraryRoot, 'node_modules/gaxios'), join(libraryRoot, '../gaxios')];
	const found = candidates.find((dir) => existsSync(join(dir, 'package.json')));
	if (found === undefined) throw new Error(`gaxios not found next to ${libraryRoot}`);
	return join(found, 'build/cjs/src/index.js');
}

const real = load(gaxiosEntry()) as typeof GaxiosModule;

class Gaxios extends real.Gaxios {
	constructor(defaults?: GaxiosModule.GaxiosOptions) {
		super({ fetchImplementation: fetch, ...defaults });
	}
}

export = { ...real, Gaxios };
