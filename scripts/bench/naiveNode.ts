/**
 * The approach the benchmark compares against: one `GET /v1/mediaItems/{id}` per id occurrence, as
 * an HTTP Request node per item or a community node's single "Get" would do. Bench-only; registered
 * through the engine harness's `extraTypes`, never shipped.
 *
 * To isolate what batching and de-duplication are worth, everything else matches our node: the
 * same credential and `httpRequestWithAuthentication`, the same input validation (invalid values
 * are never sent), the same concurrency pool and limit, one output item per id occurrence.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { runWithConcurrency } from '../../nodes/GooglePhotos/helpers/concurrency';
import { idRequestsFromValue } from '../../nodes/GooglePhotos/helpers/mediaItemIds';
import { GOOGLE_PHOTOS_API_ORIGIN } from '../../nodes/GooglePhotos/transport/endpoints';

export const NAIVE_NODE_TYPE = 'bench.naiveGooglePhotosGet';

export class NaiveGooglePhotosGet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Naive Google Photos Get (benchmark)',
		name: 'naiveGooglePhotosGet',
		group: ['input'],
		version: 1,
		description: 'One GET /v1/mediaItems/{id} per id occurrence',
		defaults: { name: 'Naive Get' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Media Items', 'Errors'],
		credentials: [{ name: 'googlePhotosOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Media Item ID',
				name: 'mediaItemId',
				type: 'string',
				default: '={{ $json.id }}',
			},
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 4 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const concurrency = this.getNodeParameter('concurrency', 0) as number;
		const { apiOrigin } = await this.getCredentials<{ apiOrigin?: string }>(
			'googlePhotosOAuth2Api',
		);
		const requests = items.flatMap((_, itemIndex) =>
			idRequestsFromValue(this.getNodeParameter('mediaItemId', itemIndex), itemIndex),
		);

		const answers: Array<{ ok: boolean; json: IDataObject }> = new Array(requests.length);
		await runWithConcurrency(requests, concurrency, async (request, index) => {
			if (request.kind === 'invalid') {
				answers[index] = {
					ok: false,
					json: { value: request.mediaItemId, error: request.problem },
				};
				return;
			}
			try {
				const mediaItem = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'googlePhotosOAuth2Api',
					{
						method: 'GET',
						baseURL: apiOrigin || GOOGLE_PHOTOS_API_ORIGIN,
						url: `/v1/mediaItems/${encodeURIComponent(request.mediaItemId)}`,
						json: true,
					},
				)) as IDataObject;
				answers[index] = { ok: true, json: mediaItem };
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				answers[index] = { ok: false, json: { mediaItemId: request.mediaItemId, error: message } };
			}
		});

		const mediaItems: INodeExecutionData[] = [];
		const errors: INodeExecutionData[] = [];
		answers.forEach(({ ok, json }, index) => {
			(ok ? mediaItems : errors).push({ json, pairedItem: { item: requests[index].itemIndex } });
		});
		return [mediaItems, errors];
	}
}
