/**
 * google-auth-library logs every request and response of its client, the token endpoint's answer
 * with the access token included, when the environment asks it to (GOOGLE_SDK_NODE_LOGGING). Users
 * turn that on to debug other Google nodes; our exchange must not write their tokens to n8n's log.
 */
import { startEmulator, type Emulator } from '../emulator';
import { CredentialStore, runNode } from '../engine';

process.env.GOOGLE_SDK_NODE_LOGGING = '*';

let emulator: Emulator;
const written: string[] = [];
const originals = {
	stderr: process.stderr.write.bind(process.stderr),
	stdout: process.stdout.write.bind(process.stdout),
	consoleMethods: { ...console },
};

beforeAll(async () => {
	emulator = await startEmulator({ port: 0, seed: 'refresh-token-logging' });
	const capture = (chunk: unknown) => (written.push(String(chunk)), true);
	process.stderr.write = capture as typeof process.stderr.write;
	process.stdout.write = capture as typeof process.stdout.write;
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		console[method] = (...args: unknown[]) => void written.push(args.map(String).join(' '));
	}
});

afterAll(async () => {
	process.stderr.write = originals.stderr;
	process.stdout.write = originals.stdout;
	Object.assign(console, originals.consoleMethods);
	delete process.env.GOOGLE_SDK_NODE_LOGGING;
	await emulator.stop();
});

it('writes no token or secret anywhere while the SDK logging is on', async () => {
	const refreshToken = emulator.tokens.mintRefreshToken();
	const store = new CredentialStore({
		googlePhotosRefreshTokenApi: {
			clientId: emulator.client.clientId,
			clientSecret: emulator.client.clientSecret,
			refreshToken,
			apiOrigin: emulator.origin,
			tokenUrl: emulator.tokenUrl,
		},
	});
	const run = await runNode({
		items: [{ id: emulator.library.ids()[0] }],
		parameters: {
			authentication: 'refreshToken',
			resource: 'mediaItem',
			operation: 'batchGet',
			mediaItemIds: '={{ $json.id }}',
		},
		credentials: store,
	});

	expect(run.error).toBeUndefined();
	expect(run.outputs[0]).toHaveLength(1);
	const accessToken = store.get('googlePhotosRefreshTokenApi').accessToken as string;
	expect(accessToken).toBeTruthy();
	const log = written.join('\n');
	for (const secret of [accessToken, refreshToken, emulator.client.clientSecret]) {
		expect(log).not.toContain(secret);
	}
});
