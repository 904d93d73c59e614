import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { checkPhotosScope, shortScopeName } from '../helpers/grantedScopes';
import { resolveGrant, tokenUrlOf } from '../helpers/refreshTokenGrant';
import { mintAccessToken } from '../transport/refreshTokenExchange';

/**
 * The Test button of the refresh-token credential (wired through `testedBy` on the node):
 * one real exchange, then the scope check. A function rather than the credential's `test`
 * request because only a function can report the granted scopes and word each token error;
 * n8n prefers a credential's own `test` over `testedBy`, so that credential declares none.
 */
export async function googlePhotosRefreshTokenApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const resolution = resolveGrant(data);
	if (!resolution.ok) return { status: 'Error', message: resolution.problem };

	const outcome = await mintAccessToken(resolution.grant, tokenUrlOf(data));
	if (!outcome.ok) {
		return {
			status: 'Error',
			message: `${outcome.problem.message}. ${outcome.problem.description}`,
		};
	}

	const check = checkPhotosScope(outcome.token.scopes);
	if (!check.ok) return { status: 'Error', message: `${check.message} ${check.description}` };
	if (check.granted === undefined) {
		return {
			status: 'OK',
			message:
				'Connection successful. Google issued an access token but did not say which scopes it granted.',
		};
	}
	return {
		status: 'OK',
		message: `Connection successful. Granted scopes: ${check.granted.map(shortScopeName).join(', ')}.`,
	};
}
