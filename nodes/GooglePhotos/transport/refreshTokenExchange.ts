import { createHash } from 'node:crypto';

import { parseScopes } from '../helpers/grantedScopes';
import type { RefreshTokenGrant } from '../helpers/refreshTokenGrant';
import {
	describeTokenProblem,
	tokenAnswerOf,
	withoutSecrets,
	type TokenProblem,
} from '../helpers/tokenErrors';

/** What one refresh-token exchange yields. */
export interface MintedAccessToken {
	accessToken: string;
	/** Epoch milliseconds, from Google's `expires_in` (about an hour). */
	expiresAt?: number;
	/** The scopes Google really granted; `undefined` when its answer named none (spec §8). */
	scopes?: string[];
}

export type ExchangeOutcome =
	{ ok: true; token: MintedAccessToken } | { ok: false; problem: TokenProblem };

/**
 * Exchanges under way, and recent replacements of a rejected token, by grant and the access
 * token they replace (hashed). n8n runs a credential's `preAuthentication` once per request that
 * finds no token or got a 401, and the node sends several requests at once: without this, a run
 * would start with one exchange per concurrent request, and an expired token would be replaced
 * once per request that was in flight with it — their 401s arrive spread over many milliseconds.
 * (One google-auth-library client would coalesce the first case too, but a client lives no
 * longer than one call here.)
 *
 * A replacement's outcome (a new token, or a refusal such as invalid_grant; never a temporary
 * failure like a 503 or a lost connection) is reused for `REPLACEMENT_REUSE_MS` only: long
 * enough for requests already in flight with the old token to come back, far shorter than the
 * new token's life. What makes a token last across requests and executions is n8n storing it in
 * the credential, not this map; queue-mode workers share no memory and each simply does its own exchange.
 */
interface Exchange {
	outcome: Promise<ExchangeOutcome>;
	/** Epoch ms; `Infinity` while the exchange is under way. */
	reusableUntil: number;
}

const exchanges = new Map<string, Exchange>();

const REPLACEMENT_REUSE_MS = 60_000;

function keyOf(grant: RefreshTokenGrant, tokenUrl: string, replaces: string): string {
	const hash = createHash('sha256');
	for (const part of [tokenUrl, grant.clientId, grant.clientSecret, grant.refreshToken, replaces]) {
		hash.update(part).update('\0');
	}
	return hash.digest('hex');
}

function forgetStale(now: number): void {
	for (const [key, exchange] of exchanges) {
		if (exchange.reusableUntil <= now) exchanges.delete(key);
	}
}

/** Failures that say nothing about the next try: never handed to a later request. */
const TRANSIENT = new Set<TokenProblem['kind']>(['unavailable', 'unreachable', 'unexpected']);

function isWorthReusing(outcome: ExchangeOutcome): boolean {
	return outcome.ok || !TRANSIENT.has(outcome.problem.kind);
}

/**
 * Mints an access token from a refresh token with Google's own client library. `replaces` is
 * the token Google just rejected ('' when there was none): concurrent calls that replace the same
 * token share one exchange, and a rejected token that was replaced moments ago gets the same
 * outcome — the same new token, or the same refusal. Never rejects: a failure comes back as a
 * problem whose words hold no secret.
 */
export async function mintAccessToken(
	grant: RefreshTokenGrant,
	tokenUrl: string,
	replaces = '',
): Promise<ExchangeOutcome> {
	forgetStale(Date.now());
	const key = keyOf(grant, tokenUrl, replaces);
	const known = exchanges.get(key);
	if (known) return await known.outcome;

	const exchange: Exchange = { outcome: exchangeOnce(grant, tokenUrl), reusableUntil: Infinity };
	exchanges.set(key, exchange);
	const outcome = await exchange.outcome;
	if (replaces !== '' && isWorthReusing(outcome)) {
		exchange.reusableUntil = Date.now() + REPLACEMENT_REUSE_MS;
	} else exchanges.delete(key);
	return outcome;
}

type Library = typeof import('google-auth-library');

/**
 * Loaded on the first exchange, not when n8n loads the credential: it is the package's only
 * dependency and the OAuth2 credential never needs it.
 */
async function loadLibrary(): Promise<Library | TokenProblem> {
	try {
		return await import('google-auth-library');
	} catch (error) {
		return {
			kind: 'unexpected',
			message: `google-auth-library could not be loaded (${error instanceof Error ? error.message : String(error)})`,
			description:
				'The package n8n-nodes-google-photos is installed incompletely. Reinstall it from Settings → Community Nodes (or npm install it again in ~/.n8n/nodes) and restart n8n.',
		};
	}
}

async function exchangeOnce(grant: RefreshTokenGrant, tokenUrl: string): Promise<ExchangeOutcome> {
	const library = await loadLibrary();
	if ('kind' in library) return { ok: false, problem: library };

	const client = new library.UserRefreshClient({
		clientId: grant.clientId,
		clientSecret: grant.clientSecret,
		refreshToken: grant.refreshToken,
		endpoints: { oauth2TokenUrl: tokenUrl },
		// Its default interceptors log each token response, access token included, whenever
		// GOOGLE_SDK_NODE_LOGGING is set; they add nothing the token endpoint needs.
		useAuthRequestParameters: false,
	});
	let token: string | null | undefined;
	try {
		({ token } = await client.getAccessToken());
	} catch (error) {
		const problem = describeTokenProblem(tokenAnswerOf(error));
		return {
			ok: false,
			problem: withoutSecrets(problem, [grant.clientSecret, grant.refreshToken]),
		};
	}
	if (!token) {
		return {
			ok: false,
			problem: {
				kind: 'unexpected',
				message: 'The token endpoint answered without an access token',
				description:
					'Something between n8n and Google (a proxy or firewall) may have answered instead of Google. Check the network path and run again.',
			},
		};
	}

	const { scope, expiry_date: expiresAt } = client.credentials;
	return {
		ok: true,
		token: {
			accessToken: token,
			expiresAt: typeof expiresAt === 'number' ? expiresAt : undefined,
			scopes: typeof scope === 'string' ? parseScopes(scope) : undefined,
		},
	};
}
