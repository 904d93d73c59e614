/**
 * Prepares the imports from the emulator's state and the workflow under test:
 *
 *   tsx test/e2e/prepare-imports.ts --state <emulator-state.json> --workflow <file> --out <dir>
 *
 * Writes into <dir> credentials.json, for `n8n import:credentials` (the emulator credential and one
 * whose tokens carry only removed scopes), and run.json, what the checks need to know. The workflow
 * itself is imported as it is.
 *
 * The emulator credential takes the id and name the workflow's Google Photos node references (the
 * example's README tells users to import theirs the same way), so the workflow imports unchanged.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { readEmulatorState, type EmulatorState, type TokenSet } from './lib/emulatorState';
import type { RunPlan } from './lib/runPlan';
import { CREDENTIAL_TYPE, readWorkflow, shapeOf } from './lib/workflow';

const { values } = parseArgs({
	options: {
		state: { type: 'string' },
		workflow: { type: 'string' },
		out: { type: 'string' },
	},
});
if (!values.state || !values.workflow || !values.out) {
	console.error('usage: prepare-imports.ts --state <file> --workflow <file> --out <dir>');
	process.exit(2);
}

const REMOVED_SCOPES_CREDENTIAL = {
	id: 'e2eGPhotosOldScp',
	name: 'Google Photos (removed scopes)',
};

/** The credential as n8n stores it after the OAuth2 dance: client, tokens, our API origin. */
function credential(
	state: EmulatorState,
	{ id, name }: { id: string; name: string },
	tokens: TokenSet,
) {
	return {
		id,
		name,
		type: CREDENTIAL_TYPE,
		data: {
			clientId: state.client.clientId,
			clientSecret: state.client.clientSecret,
			apiOrigin: state.origin,
			oauthTokenData: {
				access_token: tokens.accessToken,
				refresh_token: tokens.refreshToken,
				token_type: 'Bearer',
				expires_in: 3599,
				scope: tokens.scopes.join(' '),
			},
		},
	};
}

function writeJson(path: string, value: unknown): void {
	writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

const state = readEmulatorState(values.state);
const out = resolve(values.out);
const workflowPath = resolve(values.workflow);
const workflow = readWorkflow(workflowPath);
if (!workflow.id) throw new Error(`${workflowPath} has no "id": n8n execute needs one to run it`);
const shape = shapeOf(workflow);
const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
if (!trigger) throw new Error(`${workflowPath} has no Manual Trigger: n8n execute cannot start it`);
const reference = shape.googlePhotos.credentials?.[CREDENTIAL_TYPE];
if (!reference?.id)
	throw new Error(
		`the Google Photos node in ${workflowPath} references no ${CREDENTIAL_TYPE} credential`,
	);
const EMULATOR_CREDENTIAL = { id: reference.id, name: reference.name };

writeJson(join(out, 'credentials.json'), [
	credential(state, EMULATOR_CREDENTIAL, state.tokens),
	credential(state, REMOVED_SCOPES_CREDENTIAL, state.tokens.removedScopes),
]);

const plan: RunPlan = {
	workflowId: workflow.id,
	workflowName: workflow.name,
	workflowPath,
	nodes: {
		trigger: trigger.name,
		googlePhotos: shape.googlePhotos.name,
		mediaItems: shape.mediaItemsNode,
		errors: shape.errorsNode,
		count: workflow.nodes.length,
	},
	credentials: { emulator: EMULATOR_CREDENTIAL, removedScopes: REMOVED_SCOPES_CREDENTIAL },
};
writeJson(join(out, 'run.json'), plan);
console.log(
	`workflow "${workflow.name}" (${workflow.id}), credentials ${EMULATOR_CREDENTIAL.id}, ${REMOVED_SCOPES_CREDENTIAL.id}`,
);
