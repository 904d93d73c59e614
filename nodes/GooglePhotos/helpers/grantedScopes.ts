import { PHOTOS_READ_SCOPE } from '../transport/endpoints';

const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';

/** Removed on 2025-03-31: tokens with only these still refresh, every read answers 403 (spec §7). */
const REMOVED_SCOPES = new Set(
	['photoslibrary', 'photoslibrary.readonly', 'photoslibrary.sharing'].map(
		(name) => SCOPE_PREFIX + name,
	),
);

/** The token endpoint's `scope`: granted scopes, space separated (spec §8). */
export function parseScopes(scope: string): string[] {
	return scope.split(/\s+/).filter((entry) => entry !== '');
}

/** `https://www.googleapis.com/auth/photoslibrary.readonly` → `photoslibrary.readonly`. */
export function shortScopeName(scope: string): string {
	return scope.startsWith(SCOPE_PREFIX) ? scope.slice(SCOPE_PREFIX.length) : scope;
}

export type ScopeCheck =
	| { ok: true; granted: string[] }
	/** Google's answer named no scopes, so nothing can be said either way. */
	| { ok: true; granted: undefined }
	| { ok: false; granted: string[]; message: string; description: string };

const MINT_AGAIN = `Mint a new refresh token that includes ${PHOTOS_READ_SCOPE} (OAuth Playground: type the scope into "Input your own scopes"; gcloud: add it to --scopes), then paste it into the credential.`;

/** Does a freshly minted token carry the one scope batchGet accepts (spec §7)? */
export function checkPhotosScope(granted: string[] | undefined): ScopeCheck {
	if (granted === undefined) return { ok: true, granted: undefined };
	if (granted.includes(PHOTOS_READ_SCOPE)) return { ok: true, granted };

	const names = granted.map(shortScopeName);
	const listed = names.length > 0 ? names.join(', ') : 'no scopes';
	const hasRemoved = granted.length > 0 && granted.some((scope) => REMOVED_SCOPES.has(scope));
	if (hasRemoved) {
		return {
			ok: false,
			granted,
			message: `The refresh token carries scopes Google removed on 31 March 2025 (${listed}) but not ${shortScopeName(PHOTOS_READ_SCOPE)}.`,
			description: `Google still refreshes such tokens, but every Photos request is refused with "insufficient authentication scopes". ${MINT_AGAIN}`,
		};
	}
	return {
		ok: false,
		granted,
		message: `The refresh token was granted ${listed}, but not ${shortScopeName(PHOTOS_READ_SCOPE)}.`,
		description: `Google Photos refuses every request without that scope. ${MINT_AGAIN}`,
	};
}
