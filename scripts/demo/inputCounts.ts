/**
 * What the demo expects from its input before the run: the node's own rules (ids from a value,
 * the batch plan) applied to the sheet rows, so the report can hold the run against them.
 */
import { planBatches } from '../../nodes/GooglePhotos/helpers/batchPlan';
import { idRequestsFromValue } from '../../nodes/GooglePhotos/helpers/mediaItemIds';
import { MAX_IDS_PER_BATCH_GET } from '../../nodes/GooglePhotos/transport/endpoints';
import type { SheetRow } from './idsFile';

export interface InputCounts {
	/** Sheet rows, i.e. items into the node. */
	inputItems: number;
	/** Everything the rows carry: each id of a pasted list, each blank or unusable value. */
	values: number;
	/** Values that are IDs (sent to Google), with repeats. */
	ids: number;
	/** Values that can never be IDs (blank, "N/A", …): the node reports them without a request. */
	notIds: number;
	distinctIds: number;
	/** Requests the node plans at its batch size. */
	plannedRequests: number;
	/** The fewest requests Google allows: ⌈distinct / 50⌉. */
	requestFloor: number;
}

export function countInput(
	rows: readonly SheetRow[],
	batchSize: number = MAX_IDS_PER_BATCH_GET,
): InputCounts {
	const requests = rows.flatMap((row, index) => idRequestsFromValue(row.id, index));
	const plan = planBatches(requests, batchSize);
	const ids = requests.filter((request) => request.kind === 'id').length;
	return {
		inputItems: rows.length,
		values: requests.length,
		ids,
		notIds: requests.length - ids,
		distinctIds: plan.distinctIds,
		plannedRequests: plan.batches.length,
		requestFloor: Math.ceil(plan.distinctIds / MAX_IDS_PER_BATCH_GET),
	};
}
