import type { IDataObject } from 'n8n-workflow';

import {
	errorReason,
	jsonReport,
	renderReport,
	shortId,
	type ReportContext,
} from '../../scripts/demo/report';
import type { DemoResult, OutputRow } from '../../scripts/demo/run';

const id = (n: number) => `AOTPd3s${String(n).padStart(4, '0')}`.padEnd(98, 'x') + `end${n}`;

const mediaRow = (n: number): OutputRow => ({
	row: n,
	json: {
		id: id(n),
		filename:
			n === 1 ? `a-very-long-file-name-that-goes-on-and-on-${'z'.repeat(60)}.jpg` : `IMG_${n}.jpg`,
		mimeType: 'image/jpeg',
		mediaMetadata: { creationTime: '2024-06-12T14:30:12Z', width: '4032', height: '3024' },
	},
});

const itemError = (n: number): OutputRow => ({
	row: n,
	json: {
		mediaItemId: id(n),
		error: {
			code: 3,
			status: 'INVALID_ARGUMENT',
			message: 'Invalid media item ID.',
			description: '…',
			kind: 'item',
		},
	},
});

const blankCell: OutputRow = {
	row: 7,
	json: {
		mediaItemId: null,
		value: '',
		error: {
			code: 3,
			status: 'INVALID_INPUT',
			message: 'No media item ID: the value is empty.',
			kind: 'input',
		},
	},
};

function result(
	media: number,
	errors: OutputRow[],
	overrides: Partial<DemoResult> = {},
): DemoResult {
	return {
		target: 'emulator',
		apiOrigin: 'http://127.0.0.1:1234',
		input: {
			inputItems: media + errors.length,
			values: media + errors.length,
			ids: media + errors.length - 1,
			notIds: 1,
			distinctIds: media + errors.length - 1,
			plannedRequests: 1,
			requestFloor: 1,
		},
		requests: { batchGet: 1, unauthorized: 0, countedBy: 'emulator' },
		mediaItems: Array.from({ length: media }, (_, i) => mediaRow(i + 1)),
		errors,
		libraryRecords: new Map(
			errors.map(({ json }) => [String(json.mediaItemId), 'deleted' as const]),
		),
		runMs: 412,
		...overrides,
	};
}

const context: ReportContext = {
	workflowFile: 'examples/batch-get-media-items.workflow.json',
	all: false,
	width: 100,
	totalMs: 2345,
};

const manyErrors = [blankCell, ...Array.from({ length: 24 }, (_, i) => itemError(100 + i))];

describe('renderReport', () => {
	it('fits every line in 100 columns', () => {
		for (const all of [false, true]) {
			const report = renderReport(result(40, manyErrors), { ...context, all });
			for (const line of report.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
		}
	});

	it('shows the first rows of long tables, says how many more, and keeps the totals', () => {
		const report = renderReport(result(40, manyErrors), context);
		expect(report).toContain('Media Items: 40 (the first 10; --all prints every row)');
		expect(report).toContain('  … 30 more');
		expect(report).toContain('Errors: 25 (the first 15; --all prints every row)');
		expect(report).toContain('  … 10 more');
		expect(report).toMatch(
			/by reason:\n\s+24 × Invalid media item ID: deleted, malformed, or another app's\n\s+1 × No media item ID/,
		);
		expect(report).not.toContain('IMG_40.jpg');
	});

	it('prints every row with --all', () => {
		const report = renderReport(result(40, manyErrors), { ...context, all: true });
		expect(report).toContain('IMG_40.jpg');
		expect(report).not.toContain('more');
	});

	it('states input, requests against the floor, outputs and wall time', () => {
		const report = renderReport(result(3, [blankCell]), context);
		expect(report).toContain(
			'Input      4 items (sheet rows) carrying 4 values: 3 IDs, 3 distinct; 1 value is not an ID',
		);
		expect(report).toContain(
			'Requests   1 batchGet request (counted by the emulator) · floor ⌈3 distinct IDs / 50⌉ = 1',
		);
		expect(report).toContain('Outputs    Media Items 3 · Errors 1: every value accounted for (4)');
		expect(report).toContain('Wall time  0.41 s to run the workflow · 2.35 s in all');
	});

	it('explains requests answered 401 in live mode, and that the example ids are not Google ids', () => {
		const live = result(0, [itemError(1)], {
			target: 'live',
			apiOrigin: 'https://photoslibrary.googleapis.com',
			requests: { batchGet: 2, unauthorized: 1, countedBy: 'http-client' },
			libraryRecords: undefined,
		});
		const report = renderReport(live, context);
		expect(report).toContain("(counted by this process's HTTP client)");
		expect(report.replace(/\s+/g, ' ')).toContain(
			'; 1 was answered 401, then repeated once n8n had refreshed the expired access token',
		);
		expect(report).toContain("the example's IDs belong to the emulator's library");
		expect(report).not.toContain('emulator says');
	});

	it("says ids from the user's file are unknown to the emulator, as expected", () => {
		const fromFile = result(0, [itemError(1)], {
			libraryRecords: new Map([[id(1), 'unknown ID']]),
		});
		const report = renderReport(fromFile, {
			...context,
			idsFile: {
				name: 'mine.csv',
				format: { kind: 'csv', column: 'id', delimiter: ',' },
				skippedBlankRows: 2,
			},
		});
		expect(report).toContain('sheet rows mine.csv (column "id", 2 blank rows skipped)');
		expect(report).toMatch(/1 of your IDs is unknown to the emulator/);
	});
});

describe('report parts', () => {
	it('shortens ids to their start and end', () => {
		expect(shortId(id(5))).toBe('AOTPd3s0…xxxxend5');
		expect(shortId('short_id')).toBe('short_id');
	});

	it.each<[string, IDataObject, string]>([
		[
			'an input problem',
			blankCell.json,
			'No media item ID: the value is empty (not sent to Google)',
		],
		[
			'a per-item code 3',
			itemError(1).json,
			"Invalid media item ID: deleted, malformed, or another app's",
		],
		[
			'a failed request',
			{
				mediaItemId: 'x',
				error: {
					kind: 'request',
					code: 403,
					httpCode: 403,
					message: 'Request had insufficient authentication scopes.',
				},
			},
			'HTTP 403: Request had insufficient authentication scopes',
		],
	])('gives a short reason for %s', (_, json, reason) => {
		expect(errorReason(json)).toBe(reason);
	});
});

describe('jsonReport', () => {
	it('holds both outputs exactly as the node emitted them, and the numbers', () => {
		const run = result(2, [blankCell]);
		const json = jsonReport(run, context);
		expect(json.mediaItems).toEqual(run.mediaItems.map((row) => row.json));
		expect(json.errors).toEqual([blankCell.json]);
		expect(json.stats).toMatchObject({
			target: 'emulator',
			inputItems: 3,
			distinctIds: 2,
			requests: { batchGet: 1, floor: 1, unauthorized: 0 },
			mediaItems: 2,
			errors: 1,
			wallTimeMs: { workflow: 412, total: 2345 },
		});
	});
});
