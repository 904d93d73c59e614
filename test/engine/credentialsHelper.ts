import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
	type IAuthenticateGeneric,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CredentialStore } from './credentialStore';
import type { CredentialTypes } from './credentialTypes';
import type { NodeTypes } from './nodeTypes';

/** One `updateCredentialsOauthTokenData` call: n8n obtained a new OAuth2 token and stored it. */
export type CredentialUpdate = ICredentialDataDecryptedObject;

/**
 * n8n's `CredentialsHelper` (packages/cli/src/credentials-helper.ts, 2.41) over an in-memory
 * `CredentialStore` instead of the encrypted database, with the same behaviour where the engine
 * can see it: parent chains, defaults for properties the stored data lacks, credential
 * expressions, `authenticate`, `preAuthentication` and token write-back.
 *
 * One deliberate difference: n8n 2.41 drops stored values of eight OAuth fields (`authUrl`,
 * `accessTokenUrl`, `grantType`, `authentication`, … — `OAUTH_PINNED_FIELDS`) whenever the
 * credential type declares them hidden, as `googleOAuth2Api` does, so a real instance always
 * refreshes at Google's token URL unless `CREDENTIALS_OVERWRITE_DATA` redirects it. Here stored
 * values win, so a test can store the emulator's token URL in the credential. See the
 * conventions spec, "Which stored credential values survive".
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Every OAuth2 token n8n stored during the run, in order. */
	readonly oauthTokenUpdates: CredentialUpdate[] = [];

	constructor(
		private readonly store: CredentialStore,
		private readonly credentialTypes: CredentialTypes,
		private readonly nodeTypes: NodeTypes,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		if (!this.credentialTypes.getByName(credentialType).restrictToSupportedNodes) return true;
		return this.nodeTypes.namesUsingCredential(credentialType).includes(nodeType);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getProperties(type);
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return this.store.credentialsOf(nodeCredentials, type);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.get(type);
		if (raw === true) return stored;

		const withDefaults = this.withDefaults(type, stored);
		if (expressionResolveValues === undefined) return withDefaults;
		return resolveExpressions(
			withDefaults,
			additionalData,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, data);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		// Like n8n, only the token data is written back; the rest of `data` is the resolved view.
		this.store.update(type, { oauthTokenData: data.oauthTokenData });
		this.oauthTokenUpdates.push(structuredClone(data));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type !== 'generic') return requestOptions as IHttpRequestOptions;
		if (workflow === undefined || node === undefined) {
			throw new Error('Workflow and node are required for declarative credential authentication');
		}
		return applyGenericAuthentication(authenticate, credentials, requestOptions, workflow, node);
	}

	/**
	 * Runs the type's `preAuthentication` when its expirable property is empty or the caller saw
	 * the credential expire (a 401), and stores the result, as n8n does. Stored expressions other
	 * than the expirable property keep their expression.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialTypes.getByName(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = await type.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		if (output[expirable.name] === undefined || node.credentials === undefined) return undefined;

		const stored = this.store.get(typeName);
		const toStore: ICredentialDataDecryptedObject = { ...stored };
		for (const [key, value] of Object.entries(output as ICredentialDataDecryptedObject)) {
			if (key === expirable.name || !isExpression(stored[key])) toStore[key] = value;
		}
		this.store.set(typeName, toStore);
		return Object.assign(credentials, output);
	}

	/** `preAuthentication` as an in-memory transform on every OAuth2 request; nothing is stored. */
	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.credentialTypes.getByName(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		const output = await preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return output as ICredentialDataDecryptedObject;
	}

	/**
	 * Stored data over the type's defaults. Properties whose `displayOptions` hide them for the
	 * stored values are dropped, the token data is kept: n8n's `applyDefaultsAndOverwrites`
	 * without overwrites (and without OAuth field pinning, see the class comment).
	 */
	private withDefaults(
		type: string,
		stored: ICredentialDataDecryptedObject,
	): ICredentialDataDecryptedObject {
		const properties = this.credentialTypes.getProperties(type);
		const data = (NodeHelpers.getNodeParameters(
			properties,
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		for (const kept of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (data[kept] === undefined && stored[kept] !== undefined) data[kept] = stored[kept];
		}
		return data;
	}
}

/**
 * A declarative `authenticate` (`{ type: 'generic', properties: { headers: { … } } }`): each
 * entry, its expressions resolved against `$credentials`, is set on the request.
 */
function applyGenericAuthentication(
	authenticate: IAuthenticateGeneric,
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	workflow: Workflow,
	node: INode,
): IHttpRequestOptions {
	const resolve = (value: string) => {
		if (!isExpression(value)) return value;
		const additionalKeys = { $credentials: credentials };
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		return String(resolved ?? '');
	};
	const target = requestOptions as unknown as Record<string, Record<string, string> | undefined>;
	for (const [section, entries] of Object.entries(authenticate.properties)) {
		const resolved = target[section] ?? {};
		for (const [key, value] of Object.entries(entries as Record<string, string>)) {
			resolved[resolve(key)] = resolve(value);
		}
		target[section] = resolved;
	}
	return requestOptions as IHttpRequestOptions;
}

function resolveExpressions(
	data: ICredentialDataDecryptedObject,
	additionalData: IWorkflowExecuteAdditionalData,
	mode: WorkflowExecuteMode,
	executeData: IExecuteData | undefined,
	at: ICredentialsExpressionResolveValues,
): ICredentialDataDecryptedObject {
	const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
	return at.workflow.expression.getParameterValue(
		data as INodeParameters,
		at.runExecutionData,
		at.runIndex,
		at.itemIndex,
		at.node.name,
		at.connectionInputData,
		mode,
		additionalKeys,
		executeData,
		false,
		data,
	) as ICredentialDataDecryptedObject;
}

/** A credential's `allowedDomains` also bind the requests its `preAuthentication` makes. */
function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new Error(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}
