import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as mediaItem from './mediaItem/MediaItem.resource';

/** Dispatches to `actions/<resource>/<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);

	if (resource === 'mediaItem' && operation === 'batchGet') {
		return await mediaItem.batchGet.execute.call(this, items);
	}
	if (operation === '__CUSTOM_API_CALL__' || resource === '__CUSTOM_API_CALL__') {
		// n8n offers "Custom API Call" on every node whose credential extends OAuth2.
		throw new NodeOperationError(
			this.getNode(),
			'Custom API calls are not supported by this node',
			{
				description:
					'Use the HTTP Request node with "Predefined Credential Type" → Google Photos OAuth2 API to call any Photos Library API endpoint with this credential.',
			},
		);
	}
	throw new NodeOperationError(
		this.getNode(),
		`The operation "${operation}" of "${resource}" is not supported`,
	);
}
