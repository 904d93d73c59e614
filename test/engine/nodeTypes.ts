import {
	NodeHelpers,
	UnexpectedError,
	type IDataObject,
	type INodeType,
	type INodeTypeData,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

/**
 * The engine's view of the node types it may run, keyed by full type name as n8n names them
 * (`n8n-nodes-base.set`, `n8n-nodes-google-photos.googlePhotos`). An unknown name fails loudly:
 * n8n's `Workflow` would otherwise skip the node's parameter defaults without a word.
 */
export class NodeTypes implements INodeTypes {
	constructor(private readonly types: INodeTypeData) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const loaded = this.types[nodeType];
		if (loaded === undefined) {
			throw new UnexpectedError(
				`Unknown node type "${nodeType}". Known: ${Object.keys(this.types).join(', ')}`,
			);
		}
		return loaded.type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.entries(this.types).map(([name, { sourcePath }]) => [name, { sourcePath }]),
		);
	}

	/** Full names of the node types whose description lists `credentialType`. */
	namesUsingCredential(credentialType: string): string[] {
		return Object.keys(this.types).filter((name) =>
			this.descriptionsOf(name).some((description) =>
				description.credentials?.some(({ name: used }) => used === credentialType),
			),
		);
	}

	private descriptionsOf(name: string) {
		const type = this.getByName(name);
		if ('nodeVersions' in type) return Object.values(type.nodeVersions).map((v) => v.description);
		return [type.description];
	}
}
