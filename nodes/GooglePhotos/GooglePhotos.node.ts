import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as mediaItem from './actions/mediaItem/MediaItem.resource';
import { router } from './actions/router';

export class GooglePhotos implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Google Photos',
		name: 'googlePhotos',
		icon: { light: 'file:googlePhotos.svg', dark: 'file:googlePhotos.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get media items from Google Photos in as few API requests as possible',
		defaults: { name: 'Google Photos' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Media Items', 'Errors'],
		credentials: [{ name: 'googlePhotosOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Media Item', value: 'mediaItem' }],
				default: 'mediaItem',
			},
			...mediaItem.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
