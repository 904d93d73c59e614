import type {
	ICredentialType,
	ICredentialTypeData,
	INodeType,
	INodeTypeData,
	IVersionedNodeType,
} from 'n8n-workflow';

import { CredentialTypes } from './credentialTypes';
import { NodeTypes } from './nodeTypes';
import { loadNodesBase } from './nodesBase';
import { defaultLoadSource, loadOurPackage, type LoadSource } from './ourPackage';
import type { LoadedPackage } from './packageLoader';
import { initEngineServices } from './services';

/** Types a caller brings along, e.g. a test's stand-in node; they win over loaded ones. */
export interface ExtraTypes {
	/** Keyed by full node type name, e.g. `{ 'test.echo': new Echo() }`. */
	nodes?: Record<string, INodeType | IVersionedNodeType>;
	credentials?: ICredentialType[];
}

export interface TypeRequest {
	/** The node and credential types the run refers to. */
	nodeTypeNames: string[];
	credentialTypeNames: string[];
	source?: LoadSource;
	extraTypes?: ExtraTypes;
}

export interface EngineTypes {
	nodeTypes: NodeTypes;
	credentialTypes: CredentialTypes;
}

let nodesBase: Promise<LoadedPackage> | undefined;
const ourPackage = new Map<LoadSource, Promise<LoadedPackage>>();

/**
 * n8n-nodes-base's few types, plus ours when the run names a type nothing else provides, plus
 * the caller's extras. Each package is loaded once per process: n8n's loader adjusts the classes
 * it instantiates, so loading twice would hand out two different sets.
 */
export async function loadEngineTypes(request: TypeRequest): Promise<EngineTypes> {
	await initEngineServices();
	nodesBase ??= loadNodesBase();
	const base = merge([await nodesBase], request.extraTypes);

	const needsOurs =
		request.nodeTypeNames.some((name) => !(name in base.nodes)) ||
		request.credentialTypeNames.some((name) => !(name in base.credentials));
	const packages = [await nodesBase];
	if (needsOurs) packages.push(await ours(request.source ?? defaultLoadSource()));

	const { nodes, credentials } = merge(packages, request.extraTypes);
	return { nodeTypes: new NodeTypes(nodes), credentialTypes: new CredentialTypes(credentials) };
}

function ours(source: LoadSource): Promise<LoadedPackage> {
	let loading = ourPackage.get(source);
	if (loading === undefined) {
		loading = loadOurPackage(source);
		ourPackage.set(source, loading);
	}
	return loading;
}

function merge(packages: LoadedPackage[], extra: ExtraTypes = {}) {
	const nodes: INodeTypeData = {};
	const credentials: ICredentialTypeData = {};
	for (const loaded of packages) {
		Object.assign(nodes, loaded.nodes);
		Object.assign(credentials, loaded.credentials);
	}
	for (const [name, type] of Object.entries(extra.nodes ?? {})) {
		nodes[name] = { type, sourcePath: '' };
	}
	for (const type of extra.credentials ?? []) {
		credentials[type.name] = { type, sourcePath: '' };
	}
	return { nodes, credentials };
}
