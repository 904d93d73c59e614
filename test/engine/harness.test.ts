import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	NodeConnectionTypes,
	NodeOperationError,
	type IAuthenticateGeneric,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestHelper,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	CredentialStore,
	GOOGLE_PHOTOS_NODE_TYPE,
	oauth2CredentialFor,
	readBinaryData,
	runNode,
	runWorkflow,
	type WorkflowJson,
} from '.';
import { loadEngineTypes } from './engineTypes';

/** A credential shaped like ours: extends n8n-nodes-base's real googleOAuth2Api. */
class TestOAuth2Api implements ICredentialType {
	name = 'testOAuth2Api';
	extends = ['googleOAuth2Api'];
	displayName = 'Test OAuth2 API';
	properties: INodeProperties[] = [];
}

/** Exchanges a secret for a short-lived token, n8n's `preAuthentication` mechanism. */
class TestTokenExchangeApi implements ICredentialType {
	name = 'testTokenExchangeApi';
	displayName = 'Test Token Exchange API';
	properties: INodeProperties[] = [
		{ displayName: 'Token URL', name: 'tokenUrl', type: 'string', default: '' },
		{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { access_token } = (await this.helpers.httpRequest({
			method: 'POST',
			url: credentials.tokenUrl as string,
			body: { secret: credentials.secret },
			json: true,
		})) as { access_token: string };
		return { accessToken: access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};
}

/** Posts each item to `url` with the chosen credential and returns the answer, paired. */
class Echo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: 1,
		description: 'Echoes items through an authenticated API',
		defaults: { name: 'Echo' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'testOAuth2Api', displayOptions: { show: { authentication: ['oAuth2'] } } },
			{
				name: 'testTokenExchangeApi',
				displayOptions: { show: { authentication: ['tokenExchange'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2', value: 'oAuth2' },
					{ name: 'Token Exchange', value: 'tokenExchange' },
				],
				default: 'oAuth2',
			},
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{
				displayName: 'Behaviour',
				name: 'behaviour',
				type: 'options',
				options: [
					{ name: 'Echo', value: 'echo' },
					{ name: 'Throw', value: 'throw' },
					{ name: 'Write a File per Item', value: 'file' },
				],
				default: 'echo',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getNodeParameter('behaviour', 0) === 'throw') {
			throw new NodeOperationError(this.getNode(), 'Echo was told to fail', { itemIndex: 0 });
		}
		if (this.getNodeParameter('behaviour', 0) === 'file')
			return [await writeFiles.call(this, items)];
		const credentialType =
			this.getNodeParameter('authentication', 0) === 'oAuth2'
				? 'testOAuth2Api'
				: 'testTokenExchangeApi';
		const out: INodeExecutionData[] = [];
		for (let item = 0; item < items.length; item++) {
			const answer = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
				method: 'POST',
				url: this.getNodeParameter('url', item) as string,
				body: items[item].json,
				json: true,
			})) as IDataObject;
			out.push({ json: answer, pairedItem: { item } });
		}
		return [out];
	}
}

async function writeFiles(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await Promise.all(
		items.map(async ({ json }, item) => {
			const bytes = Buffer.from(String(json.text));
			const data = await this.helpers.prepareBinaryData(bytes, `item-${item}.txt`, 'text/plain');
			return { json: {}, binary: { data }, pairedItem: { item } };
		}),
	);
}

const extraTypes = {
	nodes: { 'test.echo': new Echo() },
	credentials: [new TestOAuth2Api(), new TestTokenExchangeApi()],
};
const client = { clientId: 'client-1', clientSecret: 'secret-1' };

/** A loopback API that accepts one access token, and a token endpoint that grants it. */
class FakeGoogle {
	validToken = 'fresh-token';
	readonly calls: Array<{ path: string; authorization?: string; body: string }> = [];
	private server!: Server;
	origin = '';

	async start() {
		this.server = createServer((req, res) => {
			void readBody(req).then((body) => {
				const path = req.url ?? '';
				this.calls.push({ path, authorization: req.headers.authorization, body });
				res.setHeader('content-type', 'application/json');
				if (path === '/token') {
					const token = { access_token: this.validToken, expires_in: 3599, token_type: 'Bearer' };
					res.end(JSON.stringify(token));
				} else if (req.headers.authorization !== `Bearer ${this.validToken}`) {
					res.statusCode = 401;
					res.end(JSON.stringify({ error: { code: 401, status: 'UNAUTHENTICATED' } }));
				} else {
					res.end(JSON.stringify({ echoed: JSON.parse(body) as unknown }));
				}
			});
		});
		this.server.listen(0, '127.0.0.1');
		await once(this.server, 'listening');
		this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop() {
		this.server.closeAllConnections();
		this.server.close();
		await once(this.server, 'close');
	}

	credential(accessToken: string) {
		const server = { origin: this.origin, tokenUrl: `${this.origin}/token`, client };
		return oauth2CredentialFor(server, { accessToken, refreshToken: 'refresh-1', expiresIn: 3599 });
	}

	tokenExchangeCredential(accessToken: string) {
		return { tokenUrl: `${this.origin}/token`, secret: 'secret-2', accessToken };
	}
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

const google = new FakeGoogle();
beforeAll(async () => await google.start());
afterAll(async () => await google.stop());
beforeEach(() => {
	google.calls.splice(0);
	google.validToken = 'fresh-token';
});

const echo = { nodeType: 'test.echo', nodeName: 'Echo', extraTypes };
const echoUrl = () => `${google.origin}/v1/echo`;

describe('runNode', () => {
	it('feeds any JSON in as items and returns each output item paired with its input', async () => {
		const items = [{ id: 1 }, { id: null }, { id: [['a', 2], []] }, { nested: { deep: [true] } }];

		const { outputs, error } = await runNode({
			...echo,
			parameters: { url: echoUrl() },
			items,
			credentials: { testOAuth2Api: google.credential('fresh-token') },
		});

		expect(error).toBeUndefined();
		expect(outputs).toEqual([
			items.map((json, item) => ({ json: { echoed: json }, pairedItem: { item } })),
		]);
	});

	it('refreshes an expired token at the stored token URL, retries, and stores the new token', async () => {
		const store = new CredentialStore({ testOAuth2Api: google.credential('expired-token') });

		const parameters = { url: echoUrl() };
		const first = await runNode({
			...echo,
			parameters,
			items: [{ n: 1 }, { n: 2 }],
			credentials: store,
		});

		expect(first.error).toBeUndefined();
		expect(first.outputs[0].map((item) => item.json)).toEqual([
			{ echoed: { n: 1 } },
			{ echoed: { n: 2 } },
		]);
		expect(google.calls.map(({ path, authorization }) => [path, authorization])).toEqual([
			['/v1/echo', 'Bearer expired-token'],
			['/token', undefined],
			['/v1/echo', 'Bearer fresh-token'],
			['/v1/echo', 'Bearer fresh-token'],
		]);
		const refresh = new URLSearchParams(google.calls[1].body);
		expect(Object.fromEntries(refresh)).toMatchObject({
			grant_type: 'refresh_token',
			refresh_token: 'refresh-1',
			client_id: client.clientId,
			client_secret: client.clientSecret,
		});
		expect(first.credentialUpdates).toHaveLength(1);
		expect(first.credentialUpdates[0].oauthTokenData).toMatchObject({
			access_token: 'fresh-token',
			refresh_token: 'refresh-1',
		});

		google.calls.splice(0);
		const second = await runNode({ ...echo, parameters, items: [{ n: 3 }], credentials: store });

		expect(second.credentialUpdates).toEqual([]);
		expect(google.calls.map(({ authorization }) => authorization)).toEqual(['Bearer fresh-token']);
	});

	it('runs preAuthentication for an empty token and again after a 401, storing each token', async () => {
		const store = new CredentialStore({ testTokenExchangeApi: google.tokenExchangeCredential('') });
		const parameters = { authentication: 'tokenExchange', url: echoUrl() };

		const first = await runNode({ ...echo, parameters, items: [{ n: 1 }], credentials: store });
		google.validToken = 'rotated-token';
		const second = await runNode({ ...echo, parameters, items: [{ n: 2 }], credentials: store });

		expect([first.error, second.error]).toEqual([undefined, undefined]);
		expect(google.calls.map(({ path, authorization }) => [path, authorization])).toEqual([
			['/token', undefined],
			['/v1/echo', 'Bearer fresh-token'],
			['/v1/echo', 'Bearer fresh-token'],
			['/token', undefined],
			['/v1/echo', 'Bearer rotated-token'],
		]);
		expect(JSON.parse(google.calls[0].body)).toEqual({ secret: 'secret-2' });
		expect(store.get('testTokenExchangeApi').accessToken).toBe('rotated-token');
	});

	it('reports the execution error when the node throws under stopWorkflow', async () => {
		const { outputs, error } = await runNode({
			...echo,
			parameters: { url: echoUrl(), behaviour: 'throw' },
			items: [{ n: 1 }],
			credentials: { testOAuth2Api: google.credential('fresh-token') },
		});

		expect(outputs).toEqual([]);
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Echo was told to fail',
			context: { itemIndex: 0 },
		});
	});
	it('stores binary data from prepareBinaryData on disk, as n8n does in filesystem mode', async () => {
		const { outputs, error } = await runNode({
			...echo,
			parameters: { behaviour: 'file' },
			items: [{ text: 'hello bytes' }],
			credentials: {},
		});

		expect(error).toBeUndefined();
		const [{ binary }] = outputs[0];
		expect(binary?.data).toMatchObject({
			fileName: 'item-0.txt',
			mimeType: 'text/plain',
			bytes: 11,
		});
		expect(binary?.data.id).toMatch(/^filesystem-v2:/);
		expect((await readBinaryData(binary!.data)).toString()).toBe('hello bytes');
	});
});

describe('runWorkflow', () => {
	it('runs Manual Trigger → Set (raw JSON) → Split Out → No Op with the real n8n-nodes-base nodes', async () => {
		const workflow: WorkflowJson = {
			name: 'Split ids',
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
				node('Ids', 'n8n-nodes-base.set', 3.4, {
					mode: 'raw',
					jsonOutput: '{ "ids": ["a", "b", "c"] }',
				}),
				node('One per id', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'ids' }),
				node('Done', 'n8n-nodes-base.noOp', 1, {}),
			],
			connections: {
				Start: main('Ids'),
				Ids: main('One per id'),
				'One per id': main('Done'),
			},
		};

		const { runData, error } = await runWorkflow({ workflow, credentials: {} });

		expect(error).toBeUndefined();
		expect(Object.keys(runData)).toEqual(['Start', 'Ids', 'One per id', 'Done']);
		expect(runData.Done[0].data?.main[0]).toEqual([
			{ json: { ids: 'a' }, pairedItem: { item: 0 } },
			{ json: { ids: 'b' }, pairedItem: { item: 1 } },
			{ json: { ids: 'c' }, pairedItem: { item: 2 } },
		]);
		expect(workflow.nodes[1].parameters).toEqual({
			mode: 'raw',
			jsonOutput: '{ "ids": ["a", "b", "c"] }',
		});
	});
});

function node(name: string, type: string, typeVersion: number, parameters: INodeParameters) {
	return { id: name, name, type, typeVersion, position: [0, 0] as [number, number], parameters };
}

function main(to: string) {
	return { main: [[{ node: to, type: NodeConnectionTypes.Main, index: 0 }]] };
}

describe('loading our package', () => {
	it("loads our node and credential from package.json's n8n block, under n8n-nodes-base's Google OAuth2 credentials", async () => {
		const { nodeTypes, credentialTypes } = await loadEngineTypes({
			nodeTypeNames: [GOOGLE_PHOTOS_NODE_TYPE],
			credentialTypeNames: [],
		});

		const { credentials } = nodeTypes.getByNameAndVersion(GOOGLE_PHOTOS_NODE_TYPE).description;
		expect(credentials?.map(({ name }) => name)).toContain('googlePhotosOAuth2Api');
		expect(credentialTypes.getParentTypes('googlePhotosOAuth2Api')).toEqual([
			'googleOAuth2Api',
			'oAuth2Api',
		]);
	});
});
