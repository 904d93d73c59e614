import {
	TokenExchangeError,
	describeTokenProblem,
	findTokenExchangeError,
	tokenAnswerOf,
	withoutSecrets,
} from '../../../nodes/GooglePhotos/helpers/tokenErrors';

/** The shape google-auth-library throws: a GaxiosError whose config holds the request. */
function gaxiosLike(status: number, data: unknown) {
	return Object.assign(new Error(typeof data === 'object' ? 'invalid_grant' : 'x'), {
		config: { data: 'refresh_token=1//0secret-refresh&client_secret=<<REDACTED>>' },
		response: { status, data },
		status,
	});
}

describe('tokenAnswerOf', () => {
	it("reads Google's OAuth error and nothing from the request", () => {
		const answer = tokenAnswerOf(
			gaxiosLike(400, {
				error: 'invalid_grant',
				error_description: 'Token has been expired or revoked.',
			}),
		);
		expect(answer).toEqual({
			httpStatus: 400,
			error: 'invalid_grant',
			errorDescription: 'Token has been expired or revoked.',
			networkCode: undefined,
		});
		expect(JSON.stringify(answer)).not.toContain('secret-refresh');
	});

	it("finds a connection error's code on the error (node-fetch) or a few causes down (Node's fetch)", () => {
		expect(
			tokenAnswerOf(Object.assign(new Error('request failed'), { code: 'ECONNREFUSED' }))
				.networkCode,
		).toBe('ECONNREFUSED');
		const nativeFetch = new Error('Unexpected Gaxios Error', {
			cause: new TypeError('fetch failed', {
				cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
			}),
		});
		expect(tokenAnswerOf(nativeFetch).networkCode).toBe('ENOTFOUND');
	});

	it('reads nothing from values that are not errors', () => {
		expect(tokenAnswerOf('boom')).toEqual({});
		expect(tokenAnswerOf(null)).toEqual({});
	});
});

describe('describeTokenProblem', () => {
	it('explains invalid_grant with the 7-day Testing trap', () => {
		const problem = describeTokenProblem({
			httpStatus: 400,
			error: 'invalid_grant',
			errorDescription: 'Token has been expired or revoked.',
		});
		expect(problem.kind).toBe('invalid_grant');
		expect(problem.message).toBe(
			'Google refused the refresh token (invalid_grant: Token has been expired or revoked.)',
		);
		expect(problem.description).toMatch(/"Testing" status.*7 days/);
		expect(problem.description).toMatch(/In production/);
	});

	it('tells an unknown client ID from a wrong client secret (both invalid_client)', () => {
		const unknown = describeTokenProblem({
			httpStatus: 401,
			error: 'invalid_client',
			errorDescription: 'The OAuth client was not found.',
		});
		const wrongSecret = describeTokenProblem({
			httpStatus: 401,
			error: 'invalid_client',
			errorDescription: 'Unauthorized',
		});
		expect(unknown.kind).toBe('invalid_client');
		expect(unknown.message).toMatch(/does not know this OAuth client ID/);
		expect(wrongSecret.kind).toBe('invalid_client');
		expect(wrongSecret.message).toMatch(/rejected the OAuth client secret/);
	});

	it('says a refresh token of another client (unauthorized_client) must be minted again', () => {
		const problem = describeTokenProblem({
			httpStatus: 400,
			error: 'unauthorized_client',
			errorDescription: 'Unauthorized',
		});
		expect(problem.kind).toBe('unauthorized_client');
		expect(problem.message).toMatch(/belongs to a different OAuth client/);
		expect(problem.description).toMatch(/Use your own OAuth credentials/);
	});

	it.each([
		[
			{
				httpStatus: 400,
				error: 'invalid_request',
				errorDescription: 'Missing required parameter: refresh_token',
			},
			'rejected',
		],
		[{ httpStatus: 503 }, 'unavailable'],
		[{ httpStatus: 429, error: 'rate_limit_exceeded' }, 'unavailable'],
		[{ networkCode: 'ETIMEDOUT' }, 'unreachable'],
		[{ httpStatus: 404 }, 'unexpected'],
		[{}, 'unexpected'],
	])('classifies %j as %s', (answer, kind) => {
		expect(describeTokenProblem(answer).kind).toBe(kind);
	});
});

describe('withoutSecrets', () => {
	it('replaces every occurrence of a secret in message and description', () => {
		const problem = withoutSecrets(
			{ kind: 'rejected', message: 'bad 1//0abc and 1//0abc', description: 'GOCSPX-x1 leaked' },
			['1//0abc', 'GOCSPX-x1'],
		);
		expect(problem.message).toBe('bad [redacted] and [redacted]');
		expect(problem.description).toBe('[redacted] leaked');
	});
});

describe('findTokenExchangeError', () => {
	const tokenError = new TokenExchangeError({
		kind: 'invalid_grant',
		message: 'm',
		description: 'd',
	});

	it('finds the token failure behind the errors n8n wraps it in', () => {
		const wrapped = new Error('outer', { cause: new Error('middle', { cause: tokenError }) });
		expect(findTokenExchangeError(wrapped)).toBe(tokenError);
	});

	it('finds nothing behind other errors', () => {
		expect(findTokenExchangeError(new Error('x', { cause: new Error('y') }))).toBeUndefined();
		expect(findTokenExchangeError(undefined)).toBeUndefined();
	});

	it('carries no response, config or status code that n8n would act on', () => {
		expect(Object.keys(tokenError).sort()).toEqual([
			'description',
			'isGooglePhotosTokenError',
			'kind',
			'name',
		]);
	});
});
