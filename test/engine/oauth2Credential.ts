import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { PHOTOS_READ_SCOPE } from '../../nodes/GooglePhotos/transport/endpoints';

/** The parts of an OAuth2 server (the emulator, or Google) a stored credential points at. */
export interface OAuth2Server {
	/** API origin, e.g. the emulator's `http://127.0.0.1:<port>`. */
	origin: string;
	tokenUrl: string;
	/** Unused at run time (only the editor's connect flow opens it); defaults to `<origin>/o/oauth2/v2/auth`. */
	authUrl?: string;
	client: { clientId: string; clientSecret: string };
}

export interface OAuth2Tokens {
	accessToken: string;
	refreshToken?: string;
	/** Seconds; Google grants 3599. */
	expiresIn?: number;
	/** Space-separated; defaults to our credential's scope. */
	scope?: string;
}

/**
 * What n8n stores for a connected `googlePhotosOAuth2Api` credential: the OAuth client, the
 * OAuth2 settings `googleOAuth2Api` fixes (here pointed at `server`), our hidden fields, and
 * the token response under `oauthTokenData`.
 */
export function oauth2CredentialFor(
	server: OAuth2Server,
	tokens: OAuth2Tokens,
): ICredentialDataDecryptedObject {
	const scope = tokens.scope ?? PHOTOS_READ_SCOPE;
	return {
		clientId: server.client.clientId,
		clientSecret: server.client.clientSecret,
		grantType: 'authorizationCode',
		authUrl: server.authUrl ?? `${server.origin}/o/oauth2/v2/auth`,
		accessTokenUrl: server.tokenUrl,
		authQueryParameters: 'access_type=offline&prompt=consent',
		authentication: 'body',
		scope,
		apiOrigin: server.origin,
		oauthTokenData: {
			access_token: tokens.accessToken,
			token_type: 'Bearer',
			scope,
			...(tokens.refreshToken !== undefined && { refresh_token: tokens.refreshToken }),
			...(tokens.expiresIn !== undefined && { expires_in: tokens.expiresIn }),
		},
	};
}
