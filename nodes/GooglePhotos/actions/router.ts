import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as mediaItem from './mediaItem/MediaItem.resource';

function unsupported(context: IExecuteFunctions, resource: string, operation: string) {
	if (operation === '__CUSTOM_API_CALL__' || resource === '__CUSTOM_API_CALL__') {
		// n8n offers "Custom API Call" on every node whose credential extends OAuth2.
		return new NodeOperationError(
			context.getNode(),
			'Custom API calls are not supported by this node',
			{
				description:
					'Use the HTTP Request node with "Predefined Credential Type" → Google Photos OAuth2 API to call any Photos Library API endpoint with this credential.',
			},
		);
	}
	return new NodeOperationError(
		context.getNode(),
		`The operation "${operation}" of "${resource}" is not supported`,
	);
}

/** Dispatches to `actions/<resource>/<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;

	if (resource === 'mediaItem' && operation === 'batchGet') {
		return await mediaItem.batchGet.execute.call(this, items);
	}
	const error = unsupported(this, resource, operation);
	// Thrown under "continue", n8n would pass the input items on as if they were results.
	if (!this.continueOnFail()) throw error;
	const errors = items.map((_item, itemIndex) => ({
		json: { error: { message: error.message, description: error.description ?? null } },
		pairedItem: { item: itemIndex },
	}));
	return [[], errors];
}
