import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataService, InstanceSettings } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The n8n-core services the engine reaches through its DI container, set up once per process
 * (per test file under Jest, which gives each file its own module registry).
 *
 * Most build themselves from defaults: `OutboundHttp` (every `httpRequest*` helper),
 * `LockService` (single-flight OAuth2 refresh), `ErrorReporter`. The others read the environment
 * once, when first built, and are built here first, inside a throw-away n8n user folder:
 * - `Logger`: silent unless `N8N_LOG_LEVEL` says otherwise. n8n's `ErrorReporter` logs every
 *   node error at error level, which the harness returns to its caller anyway.
 * - `InstanceSettings`, which every node execution context asks for: it reads or creates
 *   `<N8N_USER_FOLDER>/.n8n/config` (an encryption key) — by default in the user's home.
 * - `BinaryDataService`, which `prepareBinaryData` needs `init()`ed, in `filesystem` mode
 *   (n8n's default for a regular instance) under the same folder.
 */
export interface EngineServices {
	/** The throw-away n8n user folder; binary data lives under `<userFolder>/.n8n/storage`. */
	userFolder: string;
}

const FOLDER_PREFIX = 'n8n-harness-';

let services: Promise<EngineServices> | undefined;

/** Idempotent; call it before anything else asks n8n's container for a service. */
export async function initEngineServices(): Promise<EngineServices> {
	services ??= start();
	return await services;
}

async function start(): Promise<EngineServices> {
	removeFoldersOfEndedProcesses();
	const userFolder = mkdtempSync(join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
	process.once('exit', () => rmSync(userFolder, { recursive: true, force: true }));

	const env = { N8N_USER_FOLDER: userFolder, N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'silent' };
	const instanceSettings = withEnv(env, () => {
		Container.get(Logger);
		Container.get(BinaryDataService);
		return Container.get(InstanceSettings);
	});
	if (!instanceSettings.n8nFolder.startsWith(userFolder)) {
		throw new Error(
			`n8n's InstanceSettings were built before the engine harness (folder ${instanceSettings.n8nFolder}); ` +
				'call initEngineServices() before using n8n-core.',
		);
	}
	await Container.get(BinaryDataService).init();
	return { userFolder };
}

/**
 * Jest hands each test file its own `process` object, whose `exit` never fires, so folders of
 * earlier runs are removed here, once their process has ended.
 */
function removeFoldersOfEndedProcesses() {
	for (const name of readdirSync(tmpdir())) {
		const pid = Number(name.slice(FOLDER_PREFIX.length).split('-')[0]);
		if (!name.startsWith(FOLDER_PREFIX) || !Number.isInteger(pid) || isRunning(pid)) continue;
		rmSync(join(tmpdir(), name), { recursive: true, force: true });
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Sets environment variables while `build` runs, then restores the process's own values. */
function withEnv<T>(vars: Record<string, string>, build: () => T): T {
	const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
	Object.assign(process.env, vars);
	try {
		return build();
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	}
}

/** The bytes behind a node's binary output (`item.binary.data`), read as n8n would read them. */
export async function readBinaryData(binaryData: IBinaryData): Promise<Buffer> {
	await initEngineServices();
	return await Container.get(BinaryDataService).getAsBuffer(binaryData);
}
