import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { loadPackage, type LoadedPackage } from './packageLoader';
import { PROJECT_ROOT } from './paths';

/**
 * The real n8n-nodes-base files the engine runs around our node: the Google OAuth2 credential our
 * credential extends (and its own parent), and the core nodes of the example workflows.
 * `scripts/toolchain.sh` unpacks them, version-pinned, into `.tools/n8n-nodes-base/package`.
 */
export const NODES_BASE_DIR = join(PROJECT_ROOT, '.tools', 'n8n-nodes-base', 'package');

const FILES = {
	nodes: [
		'dist/nodes/ManualTrigger/ManualTrigger.node.js',
		'dist/nodes/Set/Set.node.js',
		'dist/nodes/Transform/SplitOut/SplitOut.node.js',
		'dist/nodes/NoOp/NoOp.node.js',
	],
	credentials: [
		'dist/credentials/OAuth2Api.credentials.js',
		'dist/credentials/GoogleOAuth2Api.credentials.js',
	],
};

export async function loadNodesBase(): Promise<LoadedPackage> {
	if (!existsSync(join(NODES_BASE_DIR, 'package.json'))) {
		throw new Error(
			`n8n-nodes-base is not unpacked at ${NODES_BASE_DIR}. Run the command through ` +
				'`bash scripts/toolchain.sh …` (npm scripts do), which fetches it once.',
		);
	}
	return await loadPackage(NODES_BASE_DIR, FILES);
}
