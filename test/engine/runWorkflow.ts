import type { ExecutionLifecycleHooks } from 'n8n-core';

import { loadEngineTypes, type ExtraTypes } from './engineTypes';
import {
	execute,
	toStore,
	type CredentialsInput,
	type ExecutionResult,
	type WorkflowJson,
} from './execution';
import type { LoadSource } from './ourPackage';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

export interface RunWorkflowOptions {
	/** A workflow as n8n exports it, e.g. a parsed `examples/*.workflow.json`. Not modified. */
	workflow: WorkflowJson;
	/**
	 * Stored credential data by credential type name. Nodes that can use a stored type and name
	 * no credential of it get it, as a user picking it in the editor would.
	 */
	credentials: CredentialsInput;
	load?: LoadSource;
	extraTypes?: ExtraTypes;
	onHooks?: (hooks: ExecutionLifecycleHooks) => void;
}

export type RunWorkflowResult = ExecutionResult;

/**
 * Runs a whole workflow from its Manual Trigger, like "Execute workflow" in the editor or
 * `n8n execute` (which also needs a Manual Trigger). Pinned data in the file is ignored.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const { workflow } = options;
	const trigger = workflow.nodes.find(
		(node) => node.type === MANUAL_TRIGGER_TYPE && !node.disabled,
	);
	if (trigger === undefined) {
		throw new Error(
			`The workflow "${workflow.name ?? ''}" has no enabled Manual Trigger to start from`,
		);
	}

	const credentials = toStore(options.credentials);
	const types = await loadEngineTypes({
		nodeTypeNames: workflow.nodes.map((node) => node.type),
		credentialTypeNames: [
			...credentials.types(),
			...workflow.nodes.flatMap((node) => Object.keys(node.credentials ?? {})),
		],
		source: options.load,
		extraTypes: options.extraTypes,
	});

	return await execute({
		types,
		credentials,
		workflow,
		start: { trigger: trigger.name },
		onHooks: options.onHooks,
	});
}
