import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { DownloadOutcome, IdRequest, MediaItemId, MediaItemOutcome } from '../types';
import { inputError } from './googleErrors';

/** The offending input value, copied as plain JSON so the output never shares or mutates it. */
function asJson(value: unknown): IDataObject[string] {
	if (value === undefined) return null;
	try {
		return JSON.parse(JSON.stringify(value)) as IDataObject[string];
	} catch {
		return String(value);
	}
}

/** The files "Download Media" fetched, by id, and the binary field to put them in. */
export interface DownloadedMedia {
	field: string;
	outcomes: ReadonlyMap<MediaItemId, DownloadOutcome>;
}

export interface NodeOutputs {
	mediaItems: INodeExecutionData[];
	errors: INodeExecutionData[];
	/** Both kinds interleaved in input order, for callers that read a single output. */
	inInputOrder: INodeExecutionData[];
}

/**
 * One output item per id occurrence, in input order, each paired with the input item that asked
 * for it. Found media items go to the first output, everything else to "Errors".
 * The error item keeps `mediaItemId` beside `error` so that n8n's "Continue (using error output)"
 * leaves it on our Errors output instead of moving it to its own error branch.
 * With `downloads`, a found item carries its file in `binary[field]` — every occurrence of an id
 * refers to the same stored file — or, when the download failed, goes to "Errors" with its
 * metadata in `mediaItem`.
 */
export function buildOutputs(
	requests: readonly IdRequest[],
	outcomes: ReadonlyMap<MediaItemId, MediaItemOutcome>,
	downloads?: DownloadedMedia,
): NodeOutputs {
	const mediaItems: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	const inInputOrder: INodeExecutionData[] = [];
	const push = (list: INodeExecutionData[], item: INodeExecutionData) => {
		list.push(item);
		inInputOrder.push(item);
	};
	for (const request of requests) {
		const pairedItem = { item: request.itemIndex };
		if (request.kind === 'invalid') {
			push(errors, {
				json: {
					mediaItemId: request.mediaItemId,
					value: asJson(request.value),
					error: inputError(request.problem),
				},
				pairedItem,
			});
			continue;
		}
		const outcome = outcomes.get(request.mediaItemId);
		const download = outcome?.ok ? downloads?.outcomes.get(request.mediaItemId) : undefined;
		if (download?.ok) {
			push(mediaItems, {
				json: { ...download.mediaItem },
				binary: { [downloads?.field ?? 'data']: { ...download.binary } },
				pairedItem,
			});
		} else if (download) {
			push(errors, {
				json: {
					mediaItemId: request.mediaItemId,
					mediaItem: { ...download.mediaItem },
					error: download.error,
				},
				pairedItem,
			});
		} else if (outcome?.ok) {
			push(mediaItems, { json: { ...outcome.mediaItem }, pairedItem });
		} else {
			push(errors, {
				json: {
					mediaItemId: request.mediaItemId,
					error: outcome?.error ?? {
						code: 2,
						status: 'UNKNOWN',
						message: 'The node did not receive an answer for this ID.',
						description: 'This should not happen; please report it with the workflow.',
						kind: 'request',
					},
				},
				pairedItem,
			});
		}
	}
	return { mediaItems, errors, inInputOrder };
}
