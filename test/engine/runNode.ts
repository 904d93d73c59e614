import type { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ExecutionError,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunData,
} from 'n8n-workflow';

import type { CredentialUpdate } from './credentialsHelper';
import { loadEngineTypes, type ExtraTypes } from './engineTypes';
import { execute, latestVersionOf, toStore, type CredentialsInput } from './execution';
import { GOOGLE_PHOTOS_NODE_TYPE, type LoadSource } from './ourPackage';

export interface RunNodeOptions {
	/**
	 * Input items. Plain objects become `{ json: object }`; pass `INodeExecutionData` (every
	 * element an object whose only keys are `json`, `binary`, `pairedItem`, `error` and whose
	 * `json` is an object) to control the items themselves. Values may be anything JSON holds:
	 * numbers, null, nested arrays — hence `unknown`.
	 */
	items: Array<Record<string, unknown>> | INodeExecutionData[];
	parameters: INodeParameters;
	/** The node's *On Error* setting; n8n's default is `stopWorkflow`. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Stored credential data by credential type name (or a store shared across runs). */
	credentials: CredentialsInput;
	/** Defaults to the type's current version. */
	nodeTypeVersion?: number;
	/** Defaults to our Google Photos node. */
	nodeType?: string;
	/** Defaults to "Google Photos", the name n8n gives our node on the canvas. */
	nodeName?: string;
	/** Where our classes come from; defaults to `HARNESS_LOAD` or `ts`. */
	load?: LoadSource;
	extraTypes?: ExtraTypes;
	onHooks?: (hooks: ExecutionLifecycleHooks) => void;
}

export interface RunResult {
	/** The node's outputs for its single run: `[mediaItems, errors]`, plus `error` with `continueErrorOutput`. */
	outputs: INodeExecutionData[][];
	/** The execution's error when the node threw and stopped the workflow. */
	error?: ExecutionError;
	/** Every OAuth2 token n8n stored during the run: it refreshed a token. */
	credentialUpdates: CredentialUpdate[];
	runData: IRunData;
	run: IRun;
}

const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error']);

/**
 * Runs one node inside n8n's engine, starting the execution at that node with `items` as its
 * input, the way n8n runs a partial execution from the editor.
 */
export async function runNode(options: RunNodeOptions): Promise<RunResult> {
	const nodeType = options.nodeType ?? GOOGLE_PHOTOS_NODE_TYPE;
	const credentials = toStore(options.credentials);
	const types = await loadEngineTypes({
		nodeTypeNames: [nodeType],
		credentialTypeNames: credentials.types(),
		source: options.load,
		extraTypes: options.extraTypes,
	});

	const node: INode = {
		id: 'node-under-test',
		name: options.nodeName ?? 'Google Photos',
		type: nodeType,
		typeVersion: options.nodeTypeVersion ?? latestVersionOf(types, nodeType),
		position: [0, 0],
		parameters: structuredClone(options.parameters),
		...(options.onError && { onError: options.onError }),
	};
	const result = await execute({
		types,
		credentials,
		workflow: { nodes: [node], connections: {} },
		start: { node: node.name, items: toItems(options.items) },
		onHooks: options.onHooks,
	});

	const main = result.runData[node.name]?.[0]?.data?.main ?? [];
	return { ...result, outputs: main.map((output) => output ?? []) };
}

function toItems(input: RunNodeOptions['items']): INodeExecutionData[] {
	const items: Array<Record<string, unknown> | INodeExecutionData> = input;
	if (items.length > 0 && items.every(isExecutionData)) return structuredClone(items);
	return items.map((json) => ({ json: structuredClone(json) as IDataObject }));
}

function isExecutionData(
	item: Record<string, unknown> | INodeExecutionData,
): item is INodeExecutionData {
	const { json } = item;
	return (
		typeof json === 'object' &&
		json !== null &&
		!Array.isArray(json) &&
		Object.keys(item).every((key) => ITEM_KEYS.has(key))
	);
}
