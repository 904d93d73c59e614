import {
	NodeHelpers,
	UnexpectedError,
	type ICredentialType,
	type ICredentialTypeData,
	type INodeProperties,
} from 'n8n-workflow';

/** Where n8n keeps an OAuth credential's tokens; it is no declared property of any type. */
const OAUTH_TOKEN_DATA: INodeProperties = {
	displayName: 'oauthTokenData',
	name: 'oauthTokenData',
	type: 'json',
	required: false,
	default: {},
};

/**
 * The credential types the engine knows, with the two questions n8n's CLI answers about them:
 * the `extends` chain, and the properties a type has once its parents' are merged in.
 */
export class CredentialTypes {
	constructor(private readonly types: ICredentialTypeData) {}

	recognizes(name: string): boolean {
		return name in this.types;
	}

	getByName(name: string): ICredentialType {
		const loaded = this.types[name];
		if (loaded === undefined) {
			throw new UnexpectedError(
				`Unknown credential type "${name}". Known: ${Object.keys(this.types).join(', ')}`,
			);
		}
		return loaded.type;
	}

	/** Every ancestor, nearest first: `googlePhotosOAuth2Api` → `['googleOAuth2Api', 'oAuth2Api']`. */
	getParentTypes(name: string): string[] {
		const parents = this.types[name]?.type.extends ?? [];
		return [...parents, ...parents.flatMap((parent) => this.getParentTypes(parent))];
	}

	/** The type's properties merged over its parents', as n8n's `getCredentialsProperties` does. */
	getProperties(name: string): INodeProperties[] {
		const type = this.getByName(name);
		if (type.extends === undefined) {
			const isOAuth = name === 'oAuth1Api' || name === 'oAuth2Api';
			return isOAuth ? [...type.properties, OAUTH_TOKEN_DATA] : type.properties;
		}
		const merged: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(merged, this.getProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, type.properties);
		return merged;
	}
}
