/**
 * What the demo prints: the numbers of the run, a table per output, the wall time — or, with
 * `--json`, both outputs and the numbers as one JSON document.
 */
import type { IDataObject } from 'n8n-workflow';

import type { IdsFileFormat } from './idsFile';
import type { DemoResult, OutputRow } from './run';
import { renderTable, wrap, type Column } from './layout';

export interface ReportContext {
	workflowFile: string;
	idsFile?: { name: string; format: IdsFileFormat; skippedBlankRows: number };
	/** Print every row instead of the first few of each table. */
	all: boolean;
	/** Terminal columns the tables must fit. */
	width: number;
	/** Since the demo process started (loading n8n, the emulator, the run). */
	totalMs: number;
}

/** Rows each table shows without `--all`. */
export const SHOWN_ROWS = { mediaItems: 10, errors: 15 };

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** Long enough to tell ids apart (their start is often shared), short enough for a table. */
export function shortId(id: string): string {
	return id.length <= 17 ? id : `${id.slice(0, 8)}…${id.slice(-8)}`;
}

/** The hint behind Google's per-item codes, as the node's Errors description explains them. */
const ITEM_HINTS: Record<number, string> = {
	3: "deleted, malformed, or another app's",
	5: 'not found, perhaps deleted',
	7: 'this account or app may not read it',
};

const firstClause = (text: string) => text.split(/[;.](?:\s|$)/)[0].trim();

/** One line a person can read: what the node's error says, without its full explanation. */
export function errorReason(json: IDataObject): string {
	const error = (json.error ?? {}) as IDataObject;
	const message = String(error.message ?? 'no message');
	if (error.kind === 'input') return `${firstClause(message)} (not sent to Google)`;
	if (error.kind === 'item') {
		const hint = ITEM_HINTS[Number(error.code)];
		return hint ? `${firstClause(message)}: ${hint}` : `${error.status}: ${message}`;
	}
	const http = error.httpCode ?? error.code;
	return `HTTP ${String(http)}: ${firstClause(message)}`;
}

function errorValue(json: IDataObject): string {
	if (typeof json.mediaItemId === 'string') return shortId(json.mediaItemId);
	return JSON.stringify(json.value ?? null);
}

function mediaColumns(): Column<OutputRow>[] {
	const metadata = (row: OutputRow) => (row.json.mediaMetadata ?? {}) as IDataObject;
	return [
		{ header: 'row', cell: (row) => String(row.row), align: 'right' },
		{ header: 'id', cell: (row) => shortId(String(row.json.id)) },
		{ header: 'filename', cell: (row) => String(row.json.filename ?? ''), shrink: true, max: 40 },
		{ header: 'type', cell: (row) => String(row.json.mimeType ?? ''), shrink: true, min: 10 },
		{
			header: 'size',
			cell: (row) => `${String(metadata(row).width ?? '?')}×${String(metadata(row).height ?? '?')}`,
		},
		{
			header: 'created (UTC)',
			cell: (row) =>
				String(metadata(row).creationTime ?? '')
					.slice(0, 16)
					.replace('T', ' '),
		},
	];
}

function errorColumns(result: DemoResult): Column<OutputRow>[] {
	const columns: Column<OutputRow>[] = [
		{ header: 'row', cell: (row) => String(row.row), align: 'right' },
		{ header: 'id / value', cell: (row) => errorValue(row.json), max: 17 },
		{ header: 'reason', cell: (row) => errorReason(row.json), shrink: true, min: 20 },
	];
	const records = result.libraryRecords;
	if (records === undefined) return columns;
	return [
		...columns,
		{
			header: 'emulator says',
			cell: (row) => records.get(String(row.json.mediaItemId)) ?? '',
		},
	];
}

function table(
	title: string,
	rows: OutputRow[],
	columns: Column<OutputRow>[],
	shown: number,
	context: ReportContext,
): string[] {
	if (rows.length === 0) return [`${title}: none`];
	const limit = context.all ? rows.length : shown;
	const heading =
		rows.length > limit
			? `${title}: ${count(rows.length)} (the first ${limit}; --all prints every row)`
			: `${title}: ${count(rows.length)}`;
	const lines = [heading, ...renderTable(columns, rows.slice(0, limit), context.width)];
	if (rows.length > limit) lines.push(`  … ${count(rows.length - limit)} more`);
	return lines;
}

function reasonTally(errors: OutputRow[]): string[] {
	const tally = new Map<string, number>();
	for (const { json } of errors) {
		const reason = errorReason(json);
		tally.set(reason, (tally.get(reason) ?? 0) + 1);
	}
	return [...tally]
		.sort(([, a], [, b]) => b - a)
		.map(([reason, n]) => `  ${count(n).padStart(6)} × ${reason}`);
}

function sourceLines(result: DemoResult, context: ReportContext): string[] {
	const api =
		result.target === 'emulator'
			? `the bundled emulator at ${result.apiOrigin} (a seeded library, no Google account)`
			: `Google, ${result.apiOrigin}, as your OAuth client`;
	const lines = [`  workflow   ${context.workflowFile}`];
	const file = context.idsFile;
	if (file !== undefined) {
		const how =
			file.format.kind === 'csv' ? `column "${file.format.column}"` : 'one value per line';
		const skipped =
			file.skippedBlankRows > 0 ? `, ${plural(file.skippedBlankRows, 'blank row')} skipped` : '';
		lines.push(`  sheet rows ${file.name} (${how}${skipped})`);
	}
	lines.push(`  API        ${api}`);
	return lines;
}

/** `label` in an 11-character margin, `text` wrapped beside it. */
function labelled(label: string, text: string, width: number): string[] {
	return wrap(label.padEnd(11) + text, width, 11).map((line) => line.replace(/\u00a0/g, ' '));
}

/** Keeps a phrase on one line when the text around it wraps. */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

const COUNTED_BY: Record<DemoResult['requests']['countedBy'], string> = {
	emulator: 'the emulator',
	'http-client': "this process's HTTP client",
};

function inputText({ input }: DemoResult): string {
	const values = `${plural(input.inputItems, 'item')} (sheet rows) carrying ${plural(input.values, 'value')}`;
	const ids = `${plural(input.ids, 'ID')}, ${count(input.distinctIds)} distinct`;
	if (input.notIds === 0) return `${values}: ${ids}`;
	const notIds =
		input.notIds === 1 ? '1 value is not an ID' : `${count(input.notIds)} values are not IDs`;
	return `${values}: ${ids}; ${notIds}`;
}

function requestsText({ input, requests }: DemoResult): string {
	const floor = unbroken(
		`⌈${plural(input.distinctIds, 'distinct ID')} / 50⌉ = ${count(input.requestFloor)}`,
	);
	const made = `${plural(requests.batchGet, 'batchGet request')} (counted by ${COUNTED_BY[requests.countedBy]}) · floor ${floor}`;
	if (requests.unauthorized === 0) return made;
	return `${made}; ${plural(requests.unauthorized, 'was', 'were')} answered 401, then repeated once n8n had refreshed the expired access token`;
}

function outputsText(result: DemoResult): string {
	const { mediaItems, errors, input } = result;
	const outputs = mediaItems.length + errors.length;
	const accounted =
		outputs === input.values
			? `every value accounted for (${count(input.values)})`
			: `${count(outputs)} output items for ${count(input.values)} values`;
	return `Media Items ${count(mediaItems.length)} · Errors ${count(errors.length)}: ${accounted}`;
}

function note(result: DemoResult, context: ReportContext): string | undefined {
	if (result.target === 'emulator' && context.idsFile !== undefined) {
		const unknown = [...(result.libraryRecords?.values() ?? [])].filter(
			(record) => record === 'unknown ID',
		).length;
		if (unknown === 0) return undefined;
		return `Note: ${plural(unknown, 'of your IDs is', 'of your IDs are')} unknown to the emulator, which only holds its own seeded library, so per-item code 3 "Invalid media item ID." is the expected answer. Run with --live to ask Google (see README.md, "The demo").`;
	}
	if (result.target === 'live' && context.idsFile === undefined) {
		return "Note: the example's IDs belong to the emulator's library, so Google answers code 3 for them; that the requests got answers proves the credential works. Try --ids-file with IDs your OAuth client uploaded.";
	}
	return undefined;
}

/** The report for a terminal (or a pipe): lines no wider than `context.width`. */
export function renderReport(result: DemoResult, context: ReportContext): string {
	const errorsShown = context.all ? result.errors.length : SHOWN_ROWS.errors;
	const remark = note(result, context);
	const lines = [
		"Google Photos → Media Item → Batch Get, run by n8n's engine (WorkflowExecute)",
		...sourceLines(result, context),
		'',
		...labelled('Input', inputText(result), context.width),
		...labelled('Requests', requestsText(result), context.width),
		...labelled('Outputs', outputsText(result), context.width),
		'',
		...table('Media Items', result.mediaItems, mediaColumns(), SHOWN_ROWS.mediaItems, context),
		'',
		...table('Errors', result.errors, errorColumns(result), SHOWN_ROWS.errors, context),
		...(result.errors.length > errorsShown ? ['  by reason:', ...reasonTally(result.errors)] : []),
		'',
		...(remark ? [...wrap(remark, context.width), ''] : []),
		...labelled(
			'Wall time',
			`${seconds(result.runMs)} to run the workflow · ${seconds(context.totalMs)} in all, loading n8n included`,
			context.width,
		),
	];
	return lines.join('\n') + '\n';
}

/** `--json`: both outputs as the node emits them, and the numbers. */
export function jsonReport(result: DemoResult, context: ReportContext) {
	return {
		mediaItems: result.mediaItems.map((row) => row.json),
		errors: result.errors.map((row) => row.json),
		stats: {
			target: result.target,
			apiOrigin: result.apiOrigin,
			workflow: context.workflowFile,
			...(context.idsFile && { idsFile: context.idsFile.name }),
			inputItems: result.input.inputItems,
			values: result.input.values,
			ids: result.input.ids,
			distinctIds: result.input.distinctIds,
			notIds: result.input.notIds,
			requests: {
				batchGet: result.requests.batchGet,
				floor: result.input.requestFloor,
				unauthorized: result.requests.unauthorized,
				countedBy: result.requests.countedBy,
			},
			mediaItems: result.mediaItems.length,
			errors: result.errors.length,
			wallTimeMs: { workflow: Math.round(result.runMs), total: Math.round(context.totalMs) },
		},
	};
}
