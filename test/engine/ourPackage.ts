import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadPackage, type LoadedPackage } from './packageLoader';
import { PROJECT_ROOT } from './paths';

interface PackageJson {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
}

const packageJson = JSON.parse(
	readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'),
) as PackageJson;

export const PACKAGE_NAME = packageJson.name;

/** Our node's type as n8n names an installed community node; the example workflows use it. */
export const GOOGLE_PHOTOS_NODE_TYPE = `${PACKAGE_NAME}.googlePhotos`;

/**
 * Where our classes come from: `ts` — the TypeScript sources (Jest and tsx compile them on the
 * fly); `dist` — the compiled package, read through package.json's `n8n` block as n8n reads an
 * installed package. `HARNESS_LOAD=dist` switches the default.
 */
export type LoadSource = 'ts' | 'dist';

export function defaultLoadSource(): LoadSource {
	return process.env.HARNESS_LOAD === 'dist' ? 'dist' : 'ts';
}

export async function loadOurPackage(source: LoadSource): Promise<LoadedPackage> {
	if (source === 'ts') return await loadPackage(PROJECT_ROOT, sourcesOf(packageJson.n8n));

	const missing = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials].filter(
		(file) => !existsSync(join(PROJECT_ROOT, file)),
	);
	if (missing.length > 0) {
		throw new Error(`Not built: ${missing.join(', ')}. Run \`npm run build\` first.`);
	}
	return await loadPackage(PROJECT_ROOT);
}

/** `dist/nodes/X/X.node.js` → `nodes/X/X.node.ts`: the sources behind the `n8n` block. */
function sourcesOf(block: PackageJson['n8n']) {
	const toSource = (file: string) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
	return { nodes: block.nodes.map(toSource), credentials: block.credentials.map(toSource) };
}
