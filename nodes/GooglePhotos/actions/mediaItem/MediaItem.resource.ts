import type { INodeProperties } from 'n8n-workflow';

import * as batchGet from './batchGet.operation';

export { batchGet };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['mediaItem'] } },
		options: [
			{
				name: 'Batch Get',
				value: 'batchGet',
				description: 'Get many media items by ID, up to 50 per request',
				action: 'Get many media items by ID',
			},
		],
		default: 'batchGet',
	},
	...batchGet.description,
];
