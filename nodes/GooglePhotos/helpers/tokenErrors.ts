/**
 * Why exchanging a refresh token for an access token failed, in words a person can act on
 * (spec §8). None of these is worth retrying in the same run: Google's own client library has
 * already retried what was temporary.
 */

export type TokenProblemKind =
	/** The refresh token is revoked, expired (the 7-day "Testing" trap) or not a token at all. */
	| 'invalid_grant'
	/** Unknown client ID or wrong client secret. */
	| 'invalid_client'
	/** The refresh token was issued to another OAuth client. */
	| 'unauthorized_client'
	/** Any other OAuth error: Google understood the request and said no. */
	| 'rejected'
	/** Google's token endpoint had a temporary problem (5xx, 429). */
	| 'unavailable'
	/** No answer at all: DNS, refused or reset connection, timeout, proxy. */
	| 'unreachable'
	/** An answer that is no OAuth answer, or a 200 without an access token. */
	| 'unexpected'
	/** The credential lacks a value, so no request was made. */
	| 'incomplete';

export interface TokenProblem {
	kind: TokenProblemKind;
	message: string;
	description: string;
}

/** What the token endpoint (or the network) said, read from whatever the client library threw. */
export interface TokenEndpointAnswer {
	httpStatus?: number;
	/** The OAuth error code, e.g. `invalid_grant`. */
	error?: string;
	/** Google's human text, e.g. "Token has been expired or revoked." */
	errorDescription?: string;
	/** A system error code such as `ECONNREFUSED` when no HTTP answer arrived. */
	networkCode?: string;
}

const TESTING_TRAP =
	'A very common cause: the OAuth consent screen of the Google Cloud project is in "Testing" status, and Google lets refresh tokens of such apps expire after 7 days. Publish the app ("In production") in Google Cloud Console → APIs & Services → OAuth consent screen, then mint a new refresh token.';

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAt(record: Record<string, unknown> | undefined, key: string): string | undefined {
	const value = record?.[key];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `ECONNREFUSED`, `ENOTFOUND`, …: on the error or, with Node's fetch, a few causes down. */
function systemCodeOf(thrown: Record<string, unknown>): string | undefined {
	let current: unknown = thrown;
	for (let depth = 0; depth < 4 && isRecord(current); depth++) {
		const code = stringAt(current, 'code');
		if (code !== undefined && /^E[A-Z_]+$/.test(code)) return code;
		current = current.cause;
	}
	return undefined;
}

/**
 * Reads a thrown error by shape only. google-auth-library throws a `GaxiosError` whose `config`
 * holds the request — the refresh token in clear, gaxios redacts only the client secret — so
 * nothing else is ever copied from it.
 */
export function tokenAnswerOf(thrown: unknown): TokenEndpointAnswer {
	if (!isRecord(thrown)) return {};
	const response = isRecord(thrown.response) ? thrown.response : undefined;
	const data = isRecord(response?.data) ? response.data : undefined;
	const status = response?.status;
	return {
		httpStatus: typeof status === 'number' ? status : undefined,
		error: stringAt(data, 'error'),
		errorDescription: stringAt(data, 'error_description'),
		networkCode: response === undefined ? systemCodeOf(thrown) : undefined,
	};
}

function googleSaid(answer: TokenEndpointAnswer): string {
	return answer.errorDescription
		? `${answer.error}: ${answer.errorDescription}`
		: `${answer.error}`;
}

/** The message and advice for one failed exchange. */
export function describeTokenProblem(answer: TokenEndpointAnswer): TokenProblem {
	const { error, httpStatus } = answer;
	if (error === 'invalid_grant') {
		return {
			kind: 'invalid_grant',
			message: `Google refused the refresh token (${googleSaid(answer)})`,
			description: `The refresh token was revoked, has expired or is incomplete. ${TESTING_TRAP} Other causes: the Google account removed the app's access (myaccount.google.com → Security → Third-party connections), the token was not used for six months, or only part of it was pasted (it starts with "1//").`,
		};
	}
	if (error === 'invalid_client') {
		const unknownClient = /not found/i.test(answer.errorDescription ?? '');
		return {
			kind: 'invalid_client',
			message: unknownClient
				? `Google does not know this OAuth client ID (${googleSaid(answer)})`
				: `Google rejected the OAuth client secret (${googleSaid(answer)})`,
			description: unknownClient
				? 'Copy the Client ID again from Google Cloud Console → APIs & Services → Credentials (it ends in .apps.googleusercontent.com). A deleted OAuth client stays unknown.'
				: 'Copy the Client Secret again from Google Cloud Console → APIs & Services → Credentials; it must belong to the same OAuth client as the Client ID. A reset secret invalidates the old one.',
		};
	}
	if (error === 'unauthorized_client') {
		return {
			kind: 'unauthorized_client',
			message: `The refresh token belongs to a different OAuth client (${googleSaid(answer)})`,
			description:
				'A refresh token only works with the client ID and secret it was issued to. Tokens from the OAuth Playground belong to the Playground\'s own client unless "Use your own OAuth credentials" was ticked; tokens from gcloud belong to gcloud\'s client unless --client-id-file was given. Mint the token again with your own client.',
		};
	}
	if (httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429)) {
		return {
			kind: 'unavailable',
			message: `Google's token endpoint answered HTTP ${httpStatus}`,
			description:
				'Google had a temporary problem issuing an access token; its client library already retried. Run the workflow again in a few minutes.',
		};
	}
	if (error !== undefined) {
		return {
			kind: 'rejected',
			message: `Google refused the token request (${googleSaid(answer)})`,
			description:
				'Check the Client ID, Client Secret and Refresh Token; if they are right, mint a new refresh token.',
		};
	}
	if (answer.networkCode !== undefined) {
		return {
			kind: 'unreachable',
			message: `Could not reach Google's token endpoint (${answer.networkCode})`,
			description:
				"n8n could not connect to the token URL (Google's is oauth2.googleapis.com). Check the network, DNS and firewall of the n8n host; behind a proxy, set HTTPS_PROXY (and NO_PROXY) in the environment n8n runs in.",
		};
	}
	return {
		kind: 'unexpected',
		message:
			httpStatus !== undefined
				? `The token endpoint answered HTTP ${httpStatus} without an OAuth error`
				: 'The token exchange failed without an answer from Google',
		description:
			'Something between n8n and Google (a proxy or firewall) may have answered instead of Google. Check the network path and run again.',
	};
}

/**
 * A failed exchange as an error value. It carries no `response`, `config` or status code on
 * purpose: n8n re-runs `preAuthentication` when an error has `response.status` 401 (so a bad
 * client secret would be tried twice), and status-like keys replace the message with a generic
 * one in `NodeApiError`.
 */
export class TokenExchangeError extends Error {
	readonly kind: TokenProblemKind;

	readonly description: string;

	/** Recognisable where `instanceof` fails: Jest registries, two installed copies. */
	readonly isGooglePhotosTokenError = true;

	constructor(problem: TokenProblem) {
		super(problem.message);
		this.name = 'TokenExchangeError';
		this.kind = problem.kind;
		this.description = problem.description;
	}
}

/** The token failure behind an error n8n wrapped (`NodeApiError.cause`), if there is one. */
export function findTokenExchangeError(error: unknown): TokenExchangeError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && isRecord(current); depth++) {
		if (current.isGooglePhotosTokenError === true) return current as unknown as TokenExchangeError;
		current = current.cause;
	}
	return undefined;
}

/**
 * Google's texts never echo the request, but a message that reaches the editor, the execution
 * log and error items must not carry a secret even if one day they did.
 */
export function withoutSecrets(problem: TokenProblem, secrets: readonly string[]): TokenProblem {
	const redact = (text: string) =>
		secrets.reduce(
			(result, secret) => (secret.length >= 4 ? result.split(secret).join('[redacted]') : result),
			text,
		);
	return { ...problem, message: redact(problem.message), description: redact(problem.description) };
}
