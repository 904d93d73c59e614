import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { EmulatorState } from './emulatorState';

/**
 * What the Google Photos node must output for the items it received, worked out independently of
 * the node's code: from its documented input contract ("one ID, several separated by commas, spaces
 * or new lines, or an array of IDs") and from what the emulator's library holds.
 */
export interface ExpectedItem {
	/** Index of the input item that asked for it (`pairedItem.item`). */
	itemIndex: number;
	mediaItemId: string | null;
	/** For errors: `INVALID_INPUT` (never sent to Google) or Google's `INVALID_ARGUMENT`. */
	status?: 'INVALID_INPUT' | 'INVALID_ARGUMENT';
	/** Why the oracle expects it, for failure messages and the summary. */
	why: string;
}

export interface ExpectedOutputs {
	mediaItems: ExpectedItem[];
	errors: ExpectedItem[];
}

const ID = /^[A-Za-z0-9_-]+$/;

function classify(
	library: EmulatorState['library'],
	token: string,
	itemIndex: number,
): { output: keyof ExpectedOutputs; item: ExpectedItem } {
	const error = (status: ExpectedItem['status'], why: string) => ({
		output: 'errors' as const,
		item: { itemIndex, mediaItemId: token, status, why },
	});
	if (!ID.test(token)) return error('INVALID_INPUT', 'not an id');
	if (library.ids.includes(token)) {
		return { output: 'mediaItems', item: { itemIndex, mediaItemId: token, why: 'in the library' } };
	}
	if (library.deletedIds.includes(token)) return error('INVALID_ARGUMENT', 'deleted');
	if (library.otherAppIds.includes(token)) return error('INVALID_ARGUMENT', 'made by another app');
	return error('INVALID_ARGUMENT', 'unknown id');
}

function tokensOf(value: unknown): string[] {
	if (typeof value === 'string') return value.split(/[\s,]+/).filter((token) => token !== '');
	if (Array.isArray(value)) return value.flatMap(tokensOf);
	return [];
}

export function expectedOutputs(
	inputs: INodeExecutionData[],
	idField: string,
	library: EmulatorState['library'],
): ExpectedOutputs {
	const expected: ExpectedOutputs = { mediaItems: [], errors: [] };
	inputs.forEach((input, itemIndex) => {
		const tokens = tokensOf(input.json[idField]);
		if (tokens.length === 0) {
			expected.errors.push({ itemIndex, mediaItemId: null, status: 'INVALID_INPUT', why: 'empty' });
		}
		for (const token of tokens) {
			const { output, item } = classify(library, token, itemIndex);
			expected[output].push(item);
		}
	});
	return expected;
}

function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (Array.isArray(paired)) return paired.length === 1 ? paired[0].item : undefined;
	return paired?.item;
}

function describe(item: ExpectedItem): string {
	const id = item.mediaItemId === null ? '(no id)' : `${item.mediaItemId.slice(0, 12)}…`;
	return `input ${item.itemIndex} ${id} ${item.status ?? ''} (${item.why})`;
}

/**
 * Every difference between what the node output and what the oracle expects, in words; empty when
 * both outputs are exactly right (ids, order, pairing, error kinds and texts).
 */
export function compareOutputs(
	actual: { mediaItems: INodeExecutionData[]; errors: INodeExecutionData[] },
	expected: ExpectedOutputs,
): string[] {
	const problems: string[] = [];
	const counts = (name: keyof ExpectedOutputs) => {
		if (actual[name].length !== expected[name].length) {
			problems.push(`${name}: ${actual[name].length} items, expected ${expected[name].length}`);
		}
	};
	counts('mediaItems');
	counts('errors');

	expected.mediaItems.forEach((want, index) => {
		const got = actual.mediaItems[index];
		if (!got) return;
		const json = got.json as IDataObject;
		if (json.id !== want.mediaItemId || pairedIndex(got) !== want.itemIndex) {
			problems.push(
				`mediaItems[${index}] is ${String(json.id).slice(0, 12)}… from input ${pairedIndex(got)}, expected ${describe(want)}`,
			);
		}
		for (const field of ['filename', 'mimeType', 'baseUrl', 'mediaMetadata']) {
			if (json[field] === undefined) problems.push(`mediaItems[${index}] has no ${field}`);
		}
	});

	expected.errors.forEach((want, index) => {
		const got = actual.errors[index];
		if (!got) return;
		const json = got.json as IDataObject;
		const error = (json.error ?? {}) as IDataObject;
		if (
			json.mediaItemId !== want.mediaItemId ||
			error.status !== want.status ||
			pairedIndex(got) !== want.itemIndex
		) {
			problems.push(
				`errors[${index}] is ${JSON.stringify(json.mediaItemId)} ${String(error.status)} from input ${pairedIndex(got)}, expected ${describe(want)}`,
			);
		}
		if (!error.message || !error.description) {
			problems.push(`errors[${index}] lacks a message or description`);
		}
		if (want.status === 'INVALID_ARGUMENT' && error.message !== 'Invalid media item ID.') {
			problems.push(`errors[${index}] message ${JSON.stringify(error.message)} is not Google's`);
		}
	});
	return problems;
}

/** "3 found, 4 errors: deleted ×1, empty ×1, …" */
export function summarise(expected: ExpectedOutputs): string {
	const reasons = new Map<string, number>();
	for (const item of expected.errors) reasons.set(item.why, (reasons.get(item.why) ?? 0) + 1);
	const list = [...reasons].map(([why, count]) => `${why} ×${count}`).join(', ');
	return `${expected.mediaItems.length} media items, ${expected.errors.length} errors (${list})`;
}
