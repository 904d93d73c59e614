import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	GOOGLE_PHOTOS_API_ORIGIN,
	PHOTOS_READ_SCOPE,
} from '../nodes/GooglePhotos/transport/endpoints';

/**
 * Google's own OAuth2 flow (auth URL, token URL, offline access) comes from n8n's built-in
 * `googleOAuth2Api`; this credential only fixes the scope and where the Photos API lives.
 */
export class GooglePhotosOAuth2Api implements ICredentialType {
	name = 'googlePhotosOAuth2Api';

	extends = ['googleOAuth2Api'];

	displayName = 'Google Photos OAuth2 API';

	documentationUrl = 'https://developers.google.com/photos/library/guides/get-started';

	icon = {
		light: 'file:../nodes/GooglePhotos/googlePhotos.svg',
		dark: 'file:../nodes/GooglePhotos/googlePhotos.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName:
				'Since 31 March 2025 Google only lets an app read the photos and videos that the same OAuth client uploaded. IDs of other media in the library fail with "Invalid media item ID".',
			name: 'appCreatedDataNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: PHOTOS_READ_SCOPE,
		},
		{
			// Hidden on purpose: real users never change it. Tests, the demo and the end-to-end run
			// store the emulator's origin here (see README, "Pointing the node at the emulator").
			displayName: 'API Origin',
			name: 'apiOrigin',
			type: 'hidden',
			default: GOOGLE_PHOTOS_API_ORIGIN,
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiOrigin}}',
			// batchGet answers 200 with a per-item error for an unknown id once the token and scope
			// are right, so one junk id proves the connection without reading anyone's media.
			url: '/v1/mediaItems:batchGet?mediaItemIds=n8n-credential-test',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Google refused the request: the token lacks the photoslibrary.readonly.appcreateddata scope, or the Photos Library API is not enabled in the Google Cloud project. Enable the API, then reconnect the credential.',
				},
			},
		],
	};
}
