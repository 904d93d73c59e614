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
	throw new NodeOperationError(
		this.getNode(),
		`The operation "${operation}" of "${resource}" is not supported`,
	);
}
