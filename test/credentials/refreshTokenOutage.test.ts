import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { PHOTOS_READ_SCOPE } from '../../nodes/GooglePhotos/transport/endpoints';
import { startEmulator, type Emulator } from '../emulator';
import { CredentialStore, runNode } from '../engine';

/** A token endpoint that can go down: it mints the emulator's tokens while up, answers 503 while down. */
let emulator: Emulator;
let down = false;
let tokenRequests = 0;
const tokenServer = createServer((req, res) => {
	tokenRequests++;
	req.resume();
	res.setHeader('content-type', 'application/json; charset=utf-8');
	if (down) {
		res.statusCode = 503;
		res.end(JSON.stringify({ error: 'internal_failure', error_description: 'Backend Error' }));
		return;
	}
	const access_token = emulator.tokens.mintAccessToken();
	res.end(
		JSON.stringify({
			access_token,
			expires_in: 3599,
			scope: PHOTOS_READ_SCOPE,
			token_type: 'Bearer',
		}),
	);
});
let tokenUrl = '';

beforeAll(async () => {
	emulator = await startEmulator({ port: 0, seed: 'refresh-token-outage' });
	await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
	tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
});
afterAll(async () => {
	await emulator.stop();
	tokenServer.closeAllConnections();
	await new Promise((resolve) => tokenServer.close(resolve));
});

const parameters = {
	authentication: 'refreshToken',
	resource: 'mediaItem',
	operation: 'batchGet',
	mediaItemIds: '={{ $json.id }}',
	options: { initialDelayMs: 0 },
};

it('tries again in the next run after the token endpoint was down during a re-mint', async () => {
	const store = new CredentialStore({
		googlePhotosRefreshTokenApi: {
			clientId: emulator.client.clientId,
			clientSecret: emulator.client.clientSecret,
			refreshToken: '1//a-refresh-token',
			apiOrigin: emulator.origin,
			tokenUrl,
		},
	});
	const items = [{ id: emulator.library.ids()[0] }];
	expect((await runNode({ items, parameters, credentials: store })).error).toBeUndefined();
	emulator.tokens.expireAccessToken(store.get('googlePhotosRefreshTokenApi').accessToken as string);

	down = true;
	const duringOutage = await runNode({ items, parameters, credentials: store });
	expect(duringOutage.error?.message).toBe("Google's token endpoint answered HTTP 503");

	down = false;
	tokenRequests = 0;
	const afterOutage = await runNode({ items, parameters, credentials: store });
	expect(afterOutage.error).toBeUndefined();
	expect(afterOutage.outputs[0]).toHaveLength(1);
	expect(tokenRequests).toBe(1);
});
