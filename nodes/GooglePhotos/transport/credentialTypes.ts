/** The node's Authentication parameter: which credential type its requests use. */
export type CredentialType = 'googlePhotosOAuth2Api' | 'googlePhotosRefreshTokenApi';

/** `oAuth2` | `refreshToken`. Workflows saved before the parameter existed have none: OAuth2. */
export function credentialTypeFor(authentication: unknown): CredentialType {
	return authentication === 'refreshToken'
		? 'googlePhotosRefreshTokenApi'
		: 'googlePhotosOAuth2Api';
}
