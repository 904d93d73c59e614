import type {
	IdRequest,
	MediaItemError,
	MediaItemId,
	MediaItemOutcome,
	MediaItemResult,
} from '../types';
import { itemError } from './googleErrors';
import type { RequestFailure } from './requestFailure';

/**
 * Pairs each requested id with the result at the same position. Google's failed results carry no
 * id, so position is the only correct key (spec §2); a missing status or code 0 means success.
 */
export function outcomesFromResults(
	mediaItemIds: readonly MediaItemId[],
	results: readonly MediaItemResult[],
): Array<[MediaItemId, MediaItemOutcome]> {
	return mediaItemIds.map((mediaItemId, position) => {
		const result = results[position];
		const failed = result.status !== undefined && (result.status.code ?? 0) !== 0;
		if (!failed && result.mediaItem)
			return [mediaItemId, { ok: true, mediaItem: result.mediaItem }];
		return [
			mediaItemId,
			{
				ok: false,
				error: itemError(
					result.status ?? {
						code: 2,
						message: 'Google returned neither a media item nor a status.',
					},
				),
			},
		];
	});
}

/** Every id of a failed request shares the request's error. */
export function outcomesFromFailure(
	mediaItemIds: readonly MediaItemId[],
	failure: RequestFailure | MediaItemError,
): Array<[MediaItemId, MediaItemOutcome]> {
	const { retry: _retry, retryAfterMs: _wait, stopsAllRequests: _stops, ...error } = failure;
	return mediaItemIds.map((mediaItemId) => [mediaItemId, { ok: false, error }]);
}

/**
 * The first id occurrence, in input order, whose whole request failed: what the node reports
 * when it stops the workflow, with the input item to point at.
 */
export function firstRequestFailure(
	requests: readonly IdRequest[],
	outcomes: ReadonlyMap<MediaItemId, MediaItemOutcome>,
): { itemIndex: number; error: MediaItemError } | undefined {
	for (const request of requests) {
		if (request.kind !== 'id') continue;
		const outcome = outcomes.get(request.mediaItemId);
		if (outcome && !outcome.ok && outcome.error.kind === 'request') {
			return { itemIndex: request.itemIndex, error: outcome.error };
		}
	}
	return undefined;
}
