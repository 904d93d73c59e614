/**
 * One demo run: the workflow through n8n's engine (`runWorkflow`), against the emulator or
 * Google, with the node's two outputs and the numbers the report holds them against.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_LIBRARY } from '../../examples/demoLibrary';
import { BATCH_GET_PATH } from '../../nodes/GooglePhotos/transport/endpoints';
import { startEmulator, type Emulator } from '../../test/emulator';
import {
	oauth2CredentialFor,
	runWorkflow,
	type LoadSource,
	type OAuth2Server,
	type RunWorkflowResult,
	type WorkflowJson,
} from '../../test/engine';
import { countInput, type InputCounts } from './inputCounts';
import { liveCredential, type LiveSecrets } from './liveCredentials';
import { totalAnswered, watchBatchGetRequests, type RequestCounts } from './progress';
import { googlePhotosNode, sheetRowsOf } from './workflow';

export type DemoTarget =
	| { kind: 'emulator' }
	/** `server` is Google's; tests point it at the emulator to prove the refresh path. */
	| { kind: 'live'; secrets: LiveSecrets; server?: Omit<OAuth2Server, 'client'> };

export interface DemoOptions {
	workflow: WorkflowJson;
	target: DemoTarget;
	/** How our package is loaded; the demo uses `dist`, as n8n loads an installed package. */
	load?: LoadSource;
	onRequests?: (counts: RequestCounts, planned: number) => void;
}

/** An output item with the sheet row (1-based) of the input item it is paired with. */
export interface OutputRow {
	row: number;
	json: IDataObject;
}

export interface RequestsMade {
	/** `mediaItems:batchGet` requests, whatever their answer. */
	batchGet: number;
	/** Of those, answered 401: n8n then refreshed the access token and repeated them. */
	unauthorized: number;
	/** The emulator's own log, or (against Google) Node's HTTP client in this process. */
	countedBy: 'emulator' | 'http-client';
}

export interface DemoResult {
	target: DemoTarget['kind'];
	apiOrigin: string;
	input: InputCounts;
	requests: RequestsMade;
	mediaItems: OutputRow[];
	errors: OutputRow[];
	/** Against the emulator: what its library knows about each id that failed. */
	libraryRecords?: Map<string, LibraryRecord>;
	runMs: number;
}

export type LibraryRecord = 'deleted' | "another app's" | 'unknown ID' | 'in the library';

/** The workflow ran but did not finish, or produced no output from our node. */
export class DemoFailure extends Error {
	constructor(
		message: string,
		readonly detail?: string,
	) {
		super(message);
	}
}

function rowOf(item: INodeExecutionData): number {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	const index = typeof paired === 'number' ? paired : (paired?.item ?? -1);
	return index + 1;
}

const toRows = (items: INodeExecutionData[] | null | undefined): OutputRow[] =>
	(items ?? []).map((item) => ({ row: rowOf(item), json: item.json }));

function outputsOf(result: RunWorkflowResult, nodeName: string) {
	const { error } = result;
	if (error !== undefined) {
		// A plain copy of the error n8n recorded: NodeApiError and NodeOperationError carry `node`.
		const where = (error as { node?: { name?: string } }).node?.name ?? 'a node';
		throw new DemoFailure(
			`The workflow stopped at "${where}": ${error.message}`,
			error.description ?? undefined,
		);
	}
	const main = result.runData[nodeName]?.[0]?.data?.main;
	if (main === undefined) throw new DemoFailure(`"${nodeName}" did not run.`);
	return { mediaItems: toRows(main[0]), errors: toRows(main[1]) };
}

const isItemError = (json: IDataObject) => (json.error as IDataObject | undefined)?.kind === 'item';

/** Google answers deleted ids and other apps' ids alike; the emulator knows which is which. */
function libraryRecords(emulator: Emulator, errors: OutputRow[]) {
	const deleted = new Set(emulator.library.deletedIds());
	const otherApp = new Set(emulator.library.otherAppIds());
	const records = new Map<string, LibraryRecord>();
	for (const { json } of errors.filter((row) => isItemError(row.json))) {
		const id = String(json.mediaItemId);
		if (deleted.has(id)) records.set(id, 'deleted');
		else if (otherApp.has(id)) records.set(id, "another app's");
		else records.set(id, emulator.library.get(id) === undefined ? 'unknown ID' : 'in the library');
	}
	return records;
}

function emulatorRequests(emulator: Emulator): RequestsMade {
	const batchGets = emulator.log.filter((entry) => entry.path === BATCH_GET_PATH);
	return {
		batchGet: batchGets.length,
		unauthorized: batchGets.filter((entry) => entry.status === 401).length,
		countedBy: 'emulator',
	};
}

function clientRequests(counts: RequestCounts): RequestsMade {
	return {
		batchGet: Math.max(counts.sent, totalAnswered(counts) + counts.failed),
		unauthorized: counts.answered[401] ?? 0,
		countedBy: 'http-client',
	};
}

async function connect(target: DemoTarget) {
	if (target.kind === 'live') {
		return { credential: liveCredential(target.secrets, target.server), emulator: undefined };
	}
	const emulator = await startEmulator({ port: 0, ...DEMO_LIBRARY });
	const credential = oauth2CredentialFor(emulator, {
		accessToken: emulator.tokens.mintAccessToken(),
		refreshToken: emulator.tokens.mintRefreshToken(),
	});
	return { credential, emulator };
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
	const { workflow, target } = options;
	const node = googlePhotosNode(workflow);
	const batchSize = Number((node.parameters.options as IDataObject | undefined)?.batchSize);
	const input = countInput(sheetRowsOf(workflow), batchSize > 0 ? batchSize : undefined);

	const { credential, emulator } = await connect(target);
	const watch = watchBatchGetRequests((counts) =>
		options.onRequests?.(counts, input.plannedRequests),
	);
	try {
		const started = performance.now();
		const result = await runWorkflow({
			workflow,
			credentials: { googlePhotosOAuth2Api: credential },
			load: options.load,
		});
		const runMs = performance.now() - started;
		const outputs = outputsOf(result, node.name);
		return {
			target: target.kind,
			apiOrigin: String(credential.apiOrigin),
			input,
			requests: emulator ? emulatorRequests(emulator) : clientRequests(watch.counts()),
			...outputs,
			libraryRecords: emulator ? libraryRecords(emulator, outputs.errors) : undefined,
			runMs,
		};
	} finally {
		watch.stop();
		await emulator?.stop();
	}
}
