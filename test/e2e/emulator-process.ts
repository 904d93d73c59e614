/**
 * Runs the Google Photos emulator as its own process for the end-to-end run, which drives separate
 * n8n processes. Writes everything the checks need into a JSON state file (see `EmulatorState`) and
 * opens a second loopback port for the checks:
 *
 *   GET  /log           the emulator's request log and counters, to prove what n8n sent
 *   POST /expire-token  expires the state's access token, the one n8n has stored
 *
 *   tsx test/e2e/emulator-process.ts --state <file>
 *
 * The library is the one the example workflow was made from (examples/demoLibrary.ts).
 *
 * Stops on SIGTERM / SIGINT, after writing the whole request log next to the state file.
 */
import { once } from 'node:events';
import { renameSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

import { DEMO_LIBRARY } from '../../examples/demoLibrary';
import { READONLY_APP_CREATED, REMOVED_SCOPES, startEmulator, type Emulator } from '../emulator';
import type { EmulatorState, LoggedRequest } from './lib/emulatorState';

const { values } = parseArgs({
	options: { state: { type: 'string' } },
});
if (!values.state) {
	console.error('usage: emulator-process.ts --state <file>');
	process.exit(2);
}
const statePath = values.state;

/** The log without request bodies' noise: the bearer token is kept, it is what the checks compare. */
function loggedRequests(emulator: Emulator): LoggedRequest[] {
	return emulator.log.map((entry) => {
		const authorization = entry.headers.authorization;
		return {
			method: entry.method,
			path: entry.path,
			rawQuery: entry.rawQuery,
			kind: entry.kind,
			status: entry.status,
			authorization: typeof authorization === 'string' ? authorization : undefined,
		};
	});
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

async function startControl(emulator: Emulator, accessToken: string): Promise<string> {
	const server = createServer((req, res) => {
		if (req.method === 'GET' && req.url === '/log') {
			return sendJson(res, 200, {
				requests: loggedRequests(emulator),
				counters: emulator.counters,
			});
		}
		if (req.method === 'POST' && req.url === '/expire-token') {
			emulator.tokens.expireAccessToken(accessToken);
			return sendJson(res, 200, { expired: true });
		}
		return sendJson(res, 404, { error: `no route ${req.method} ${req.url}` });
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	return `http://127.0.0.1:${port}`;
}

function stateOf(emulator: Emulator, controlUrl: string, accessToken: string): EmulatorState {
	const { tokens, library } = emulator;
	return {
		origin: emulator.origin,
		tokenUrl: emulator.tokenUrl,
		controlUrl,
		client: emulator.client,
		tokens: {
			accessToken,
			refreshToken: tokens.mintRefreshToken(),
			scopes: [READONLY_APP_CREATED],
			// A connection made before Google removed the broad Photos scopes: it still refreshes,
			// but every read answers 403.
			removedScopes: {
				accessToken: tokens.mintAccessToken({ scopes: REMOVED_SCOPES }),
				refreshToken: tokens.mintRefreshToken({ scopes: REMOVED_SCOPES }),
				scopes: REMOVED_SCOPES,
			},
		},
		library: {
			ids: library.ids(),
			deletedIds: library.deletedIds(),
			otherAppIds: library.otherAppIds(),
		},
	};
}

async function main(): Promise<void> {
	const emulator = await startEmulator(DEMO_LIBRARY);
	const accessToken = emulator.tokens.mintAccessToken({ scopes: [READONLY_APP_CREATED] });
	const controlUrl = await startControl(emulator, accessToken);

	// Written atomically: the caller polls for the file and must never read half of it.
	writeFileSync(
		`${statePath}.tmp`,
		JSON.stringify(stateOf(emulator, controlUrl, accessToken), null, 2),
	);
	renameSync(`${statePath}.tmp`, statePath);
	console.log(`emulator ${emulator.origin}, control ${controlUrl}, state ${statePath}`);

	const stop = async (signal: string) => {
		console.log(`${signal}: stopping after ${emulator.log.length} requests`, emulator.counters);
		writeFileSync(
			statePath.replace(/\.json$/, '') + '-requests.json',
			JSON.stringify(loggedRequests(emulator), null, 2),
		);
		await emulator.stop();
		process.exit(0);
	};
	process.once('SIGTERM', (signal) => void stop(signal));
	process.once('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
