import { DEMO_LIBRARY } from '../../examples/demoLibrary';
import { DemoFailure, runDemo } from '../../scripts/demo/run';
import { loadExampleWorkflow, withSheetRows } from '../../scripts/demo/workflow';
import { startEmulator, type Emulator } from '../emulator';

const example = loadExampleWorkflow();
const errorRows = (result: Awaited<ReturnType<typeof runDemo>>) =>
	result.errors.map(({ row, json }) => [row, json.mediaItemId]);

describe('the demo against the emulator', () => {
	it('runs the example: every failure reason shows, in as few requests as Google allows', async () => {
		const result = await runDemo({ workflow: example, target: { kind: 'emulator' } });

		expect(result.input).toEqual({
			inputItems: 276,
			values: 278,
			ids: 276,
			notIds: 2,
			distinctIds: 244,
			plannedRequests: 5,
			requestFloor: 5,
		});
		expect(result.requests).toEqual({ batchGet: 5, unauthorized: 0, countedBy: 'emulator' });
		expect(result.mediaItems).toHaveLength(272);
		expect(
			result.errors.map(({ row, json }) => [
				row,
				result.libraryRecords?.get(String(json.mediaItemId)) ?? json.value,
			]),
		).toEqual([
			[38, 'deleted'],
			[92, "another app's"],
			[151, ''],
			[152, 'N/A'],
			[181, "another app's"],
			[231, 'deleted'],
		]);
		expect(result.apiOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it("runs the user's rows instead and marks ids the emulator does not know", async () => {
		const workflow = withSheetRows(example, [{ id: 'userId_1' }, { id: 'userId_2, userId_1' }]);
		const result = await runDemo({ workflow, target: { kind: 'emulator' } });

		expect(result.mediaItems).toEqual([]);
		expect(errorRows(result)).toEqual([
			[1, 'userId_1'],
			[2, 'userId_2'],
			[2, 'userId_1'],
		]);
		expect([...(result.libraryRecords?.values() ?? [])]).toEqual(['unknown ID', 'unknown ID']);
		expect(result.requests.batchGet).toBe(1);
	});
});

describe('the live path, pointed at the emulator', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0, ...DEMO_LIBRARY });
	});
	afterEach(() => emulator.reset());
	afterAll(async () => await emulator.stop());

	const liveTarget = (refreshToken: string) => ({
		kind: 'live' as const,
		secrets: { ...emulator.client, refreshToken },
		server: { origin: emulator.origin, tokenUrl: emulator.tokenUrl, authUrl: emulator.authUrl },
	});

	it('refreshes the expired access token through n8n, then gets the same outputs', async () => {
		const progress: Array<[number, number]> = [];
		const result = await runDemo({
			workflow: example,
			target: liveTarget(emulator.tokens.mintRefreshToken()),
			onRequests: (counts, planned) => progress.push([counts.sent, planned]),
		});

		const tokenRequests = emulator.log.filter((entry) => entry.kind === 'token');
		expect(tokenRequests.map((entry) => entry.status)).toEqual([200]);
		const batchGets = emulator.log.filter((entry) => entry.path === '/v1/mediaItems:batchGet');
		const refused = batchGets.filter((entry) => entry.status === 401).length;
		expect(refused).toBeGreaterThan(0);
		expect(result.requests).toEqual({
			batchGet: batchGets.length,
			unauthorized: refused,
			countedBy: 'http-client',
		});
		expect(batchGets.length - refused).toBe(5);
		expect([result.mediaItems.length, result.errors.length]).toEqual([272, 6]);
		expect(progress.at(-1)).toEqual([batchGets.length, 5]);
	});

	it('fails with the reason, and never the refresh token, when Google refuses the refresh token', async () => {
		const refreshToken = emulator.tokens.mintRefreshToken();
		emulator.tokens.revokeRefreshToken(refreshToken);

		const run = runDemo({ workflow: example, target: liveTarget(refreshToken) });

		await expect(run).rejects.toBeInstanceOf(DemoFailure);
		const failure = (await run.catch((error: unknown) => error)) as DemoFailure;
		expect(failure.message).toMatch(/^The workflow stopped at "Google Photos": /);
		expect(`${failure.message} ${failure.detail}`).toMatch(/reconnect/i);
		expect(`${failure.message} ${failure.detail}`).not.toContain(refreshToken);
	});
});
