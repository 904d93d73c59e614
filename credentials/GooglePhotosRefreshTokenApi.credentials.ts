import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { resolveGrant, tokenUrlOf } from '../nodes/GooglePhotos/helpers/refreshTokenGrant';
import { TokenExchangeError } from '../nodes/GooglePhotos/helpers/tokenErrors';
import {
	GOOGLE_PHOTOS_API_ORIGIN,
	GOOGLE_TOKEN_URL,
} from '../nodes/GooglePhotos/transport/endpoints';
import { mintAccessToken } from '../nodes/GooglePhotos/transport/refreshTokenExchange';

/**
 * For n8n instances Google cannot redirect a browser back to (LAN address, plain http, headless):
 * the user brings an OAuth client and a refresh token minted elsewhere, and google-auth-library
 * exchanges it for access tokens.
 *
 * Token lifecycle, all n8n's own mechanism for expiring credentials: `accessToken` is an
 * expirable hidden property. n8n runs `preAuthentication` when it is empty, stores the result in
 * the credential, and sends it with every request until Google answers 401 (about an hour after
 * minting); then it runs `preAuthentication` once more and retries that request once. So a token
 * serves many requests and executions, and is re-minted only when Google stops accepting it.
 * The node tests this credential through `methods.credentialTest` (see the node's credentials).
 */
export class GooglePhotosRefreshTokenApi implements ICredentialType {
	name = 'googlePhotosRefreshTokenApi';

	displayName = 'Google Photos Refresh Token API';

	documentationUrl =
		'https://github.com/n8n-nodes-google-photos/n8n-nodes-google-photos/blob/main/docs/refresh-token.md';

	icon = {
		light: 'file:../nodes/GooglePhotos/googlePhotos.svg',
		dark: 'file:../nodes/GooglePhotos/googlePhotos.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName:
				'Use this when Google cannot redirect your browser back to n8n (n8n on a LAN address, plain http, a headless server). The refresh token must be minted for your own OAuth client with the photoslibrary.readonly.appcreateddata scope; the node can only read media that client uploaded.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1234567890-abc123.apps.googleusercontent.com',
			description: 'The OAuth client ID from Google Cloud Console → APIs & Services → Credentials',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The secret of the same OAuth client',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. 1//0g…',
			description:
				'A refresh token issued to this OAuth client, e.g. from the OAuth Playground or gcloud auth application-default login',
		},
		{
			displayName: 'Authorized User JSON',
			name: 'authorizedUserSecretJson',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '{ "type": "authorized_user", "client_id": "…", … }',
			description:
				'Optional. Paste the authorized_user JSON that gcloud auth application-default login writes; when given, its client_id, client_secret and refresh_token are used instead of the three fields above.',
		},
		{
			// Hidden on purpose: real users never change it. Tests, the demo and the end-to-end run
			// store the emulator's origin here (see README, "Pointing the node at the emulator").
			displayName: 'API Origin',
			name: 'apiOrigin',
			type: 'hidden',
			default: GOOGLE_PHOTOS_API_ORIGIN,
		},
		{
			// Hidden for the same reason. Not named `accessTokenUrl`: n8n resets that OAuth field to
			// its default whenever it is hidden (conventions, "Which stored credential values survive").
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'hidden',
			default: GOOGLE_TOKEN_URL,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** Mints the access token n8n stores in `accessToken`; n8n decides when (see above). */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const resolution = resolveGrant(credentials);
		if (!resolution.ok) {
			throw new TokenExchangeError({
				kind: 'incomplete',
				message: resolution.problem,
				description: 'Open the Google Photos Refresh Token credential and complete it.',
			});
		}
		const tokenUrl = tokenUrlOf(credentials);
		const replaces = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		const outcome = await mintAccessToken(resolution.grant, tokenUrl, replaces);
		if (!outcome.ok) throw new TokenExchangeError(outcome.problem);
		return { accessToken: outcome.token.accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};
}
