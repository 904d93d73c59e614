import { WorkflowExecute, type ExecutionLifecycleHooks } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IRunData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
} from 'n8n-workflow';

import { prepareExecution } from './additionalData';
import { CredentialStore } from './credentialStore';
import { HarnessCredentialsHelper, type CredentialUpdate } from './credentialsHelper';
import type { EngineTypes } from './engineTypes';
import { initEngineServices } from './services';

/** A workflow as n8n exports it (`*.workflow.json`); other fields are ignored. */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
}

/** Credential data by credential type name, or a store shared across runs. */
export type CredentialsInput = Record<string, ICredentialDataDecryptedObject> | CredentialStore;

/** Where the execution begins: at a node with given input (a partial execution) or a trigger. */
export type ExecutionStart = { node: string; items: INodeExecutionData[] } | { trigger: string };

export interface ExecutionRequest {
	types: EngineTypes;
	credentials: CredentialStore;
	workflow: WorkflowJson;
	start: ExecutionStart;
	onHooks?: (hooks: ExecutionLifecycleHooks) => void;
}

export interface ExecutionResult {
	run: IRun;
	runData: IRunData;
	/**
	 * The execution's error when a node failed and stopped the workflow. Like everything n8n
	 * records, a plain copy of the thrown error (`{ ...error, message, stack }`): check `name`,
	 * `message`, `description`, `context.itemIndex`, `httpCode` — `instanceof` does not hold.
	 */
	error?: ExecutionError;
	/** Every OAuth2 token n8n stored during the run (`updateCredentialsOauthTokenData`). */
	credentialUpdates: CredentialUpdate[];
}

let executionCount = 0;

export function toStore(credentials: CredentialsInput): CredentialStore {
	return credentials instanceof CredentialStore ? credentials : new CredentialStore(credentials);
}

/**
 * Runs a workflow in n8n-core's `WorkflowExecute`, in `manual` mode like a run from the editor.
 * Starting at a trigger is `WorkflowExecute.run`; starting at a node puts it on the execution
 * stack with the given input, which is how n8n runs a partial execution.
 */
export async function execute(request: ExecutionRequest): Promise<ExecutionResult> {
	await initEngineServices();
	const { types, credentials } = request;
	const nodes = structuredClone(request.workflow.nodes);
	attachStoredCredentials(nodes, types, credentials);

	const workflowData = asWorkflowBase({ ...request.workflow, nodes });
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections: workflowData.connections,
		settings: workflowData.settings,
		nodeTypes: types.nodeTypes,
		active: false,
	});

	const credentialsHelper = new HarnessCredentialsHelper(
		credentials,
		types.credentialTypes,
		types.nodeTypes,
	);
	executionCount += 1;
	const { additionalData, finished } = prepareExecution({
		executionId: String(executionCount),
		mode: 'manual',
		workflowData,
		credentialsHelper,
		onHooks: request.onHooks,
	});

	await startEngine(additionalData, workflow, request.start);
	const run = await finished;
	return {
		run,
		runData: run.data.resultData.runData,
		error: run.data.resultData.error,
		credentialUpdates: credentialsHelper.oauthTokenUpdates,
	};
}

async function startEngine(
	additionalData: IWorkflowExecuteAdditionalData,
	workflow: Workflow,
	start: ExecutionStart,
): Promise<void> {
	if ('trigger' in start) {
		const startNode = nodeNamed(workflow, start.trigger);
		await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode });
		return;
	}
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: nodeNamed(workflow, start.node), data: { main: [start.items] }, source: null },
			],
		},
	});
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
}

function nodeNamed(workflow: Workflow, name: string): INode {
	const node = workflow.getNode(name);
	if (node === null) throw new Error(`The workflow has no node named "${name}"`);
	return node;
}

/**
 * A workflow file names credentials by id, which only mean something in the instance it came
 * from. Every node that can use a stored credential type and names none gets the stored one,
 * as a user picking it in the editor would.
 */
function attachStoredCredentials(nodes: INode[], types: EngineTypes, store: CredentialStore) {
	for (const node of nodes) {
		const nodeType = types.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		for (const { name } of nodeType.description.credentials ?? []) {
			if (!store.has(name) || node.credentials?.[name] !== undefined) continue;
			node.credentials = { ...node.credentials, [name]: { id: name, name } };
		}
	}
}

function asWorkflowBase(workflow: WorkflowJson): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id ?? 'harness-workflow',
		name: workflow.name ?? 'Engine harness workflow',
		active: false,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		activeVersionId: null,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: { executionOrder: 'v1', ...workflow.settings },
	};
}

/** The type version a node gets when a user drops it on the canvas today. */
export function latestVersionOf(types: EngineTypes, nodeTypeName: string): number {
	const nodeType = types.nodeTypes.getByName(nodeTypeName);
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version, defaultVersion } = nodeType.description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}
