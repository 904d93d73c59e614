import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { oauth2CredentialFor, runNode, type RunNodeOptions, type RunResult } from '../engine';

/** Options that keep retries instant in tests; production defaults wait ≥ 1 s / ≥ 30 s. */
export const FAST_RETRIES = { initialDelayMs: 1, rateLimitDelayMs: 1 } as const;

export interface BatchGetRun extends RunResult {
	mediaItems: INodeExecutionData[];
	errors: INodeExecutionData[];
}

export interface NodeFixture {
	emulator: Emulator;
	/** A fresh, valid OAuth2 credential for the emulator (tokens are minted per call). */
	credential(overrides?: {
		accessToken?: string;
		refreshToken?: string;
		scopes?: string[];
	}): ICredentialDataDecryptedObject;
	batchGet(
		items: RunNodeOptions['items'],
		options?: IDataObject,
		run?: Partial<Pick<RunNodeOptions, 'onError' | 'credentials' | 'parameters'>>,
	): Promise<BatchGetRun>;
	/** batchGet requests the emulator received, as lists of the ids each carried. */
	requestedBatches(): string[][];
}

/** Starts one emulator for a test file and drives our node through n8n's engine against it. */
export function useNodeFixture(options: EmulatorOptions = {}): NodeFixture {
	const fixture = {} as NodeFixture;
	beforeAll(async () => {
		fixture.emulator = await startEmulator({ port: 0, ...options });
	});
	afterAll(async () => await fixture.emulator.stop());
	beforeEach(() => fixture.emulator.reset());

	fixture.credential = (overrides = {}) => {
		const { emulator } = fixture;
		return oauth2CredentialFor(emulator, {
			accessToken:
				overrides.accessToken ??
				emulator.tokens.mintAccessToken(overrides.scopes ? { scopes: overrides.scopes } : {}),
			refreshToken:
				overrides.refreshToken ??
				emulator.tokens.mintRefreshToken(overrides.scopes ? { scopes: overrides.scopes } : {}),
		});
	};

	fixture.batchGet = async (items, options = {}, run = {}) => {
		const result = await runNode({
			items,
			parameters: {
				resource: 'mediaItem',
				operation: 'batchGet',
				mediaItemIds: '={{ $json.id }}',
				options: { ...FAST_RETRIES, ...options },
				...run.parameters,
			},
			onError: run.onError,
			credentials: run.credentials ?? { googlePhotosOAuth2Api: fixture.credential() },
		});
		return { ...result, mediaItems: result.outputs[0] ?? [], errors: result.outputs[1] ?? [] };
	};

	fixture.requestedBatches = () =>
		fixture.emulator.log
			.filter((entry) => entry.kind === 'api' && entry.path === '/v1/mediaItems:batchGet')
			.map((entry) =>
				entry.query.filter(([key]) => key === 'mediaItemIds').map(([, value]) => value),
			);

	return fixture;
}

export const idsOf = (items: INodeExecutionData[]) =>
	items.map((item) => item.json.id ?? item.json.mediaItemId);
export const pairedOf = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);
