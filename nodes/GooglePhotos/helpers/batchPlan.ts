import type { BatchPlan, IdRequest, MediaItemId } from '../types';

/**
 * Plans the fewest batchGet calls: each distinct id once, in first-seen order, at most
 * `batchSize` per request. Google rejects a request with a repeated id (spec §1), and a distinct
 * id is fetched once per execution however many items ask for it.
 */
export function planBatches(requests: readonly IdRequest[], batchSize: number): BatchPlan {
	const distinct = new Set<MediaItemId>();
	for (const request of requests) {
		if (request.kind === 'id') distinct.add(request.mediaItemId);
	}
	const ids = [...distinct];
	const batches: MediaItemId[][] = [];
	for (let start = 0; start < ids.length; start += batchSize) {
		batches.push(ids.slice(start, start + batchSize));
	}
	return { batches, distinctIds: ids.length };
}
