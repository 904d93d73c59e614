import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as mediaItem from './actions/mediaItem/MediaItem.resource';
import { router } from './actions/router';
import { googlePhotosRefreshTokenApiTest } from './methods/credentialTest';

export class GooglePhotos implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Google Photos',
		name: 'googlePhotos',
		icon: { light: 'file:googlePhotos.svg', dark: 'file:googlePhotos.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "batchGet" ? "Batch get media items" : $parameter["operation"] }}',
		description: 'Get media items from Google Photos in as few API requests as possible',
		defaults: { name: 'Google Photos' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Media Items', 'Errors'],
		credentials: [
			{
				name: 'googlePhotosOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'googlePhotosRefreshTokenApi',
				required: true,
				displayOptions: { show: { authentication: ['refreshToken'] } },
				testedBy: 'googlePhotosRefreshTokenApiTest',
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2 (Recommended)', value: 'oAuth2' },
					{
						name: 'Refresh Token',
						value: 'refreshToken',
						description:
							'For n8n instances Google cannot redirect a browser back to: an OAuth client plus a refresh token minted elsewhere',
					},
				],
				default: 'oAuth2',
			},
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

	methods = { credentialTest: { googlePhotosRefreshTokenApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
