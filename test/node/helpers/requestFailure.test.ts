import {
	failureFromResponse,
	malformedResponseFailure,
} from '../../../nodes/GooglePhotos/helpers/requestFailure';

const NOW = new Date('2026-12-03T18:00:00Z');

function googleError(
	code: number,
	status: string,
	message: string,
	info?: { reason: string; metadata?: Record<string, string> },
) {
	return {
		error: {
			code,
			status,
			message,
			details: info
				? [
						{
							'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
							domain: 'googleapis.com',
							...info,
						},
					]
				: [],
		},
	};
}

describe('failureFromResponse', () => {
	it('explains the 2025 scope change for a token without the appcreateddata scope, and never retries', () => {
		const failure = failureFromResponse({
			statusCode: 403,
			headers: {},
			body: googleError(
				403,
				'PERMISSION_DENIED',
				'Request had insufficient authentication scopes.',
				{
					reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
				},
			),
		});
		expect(failure).toMatchObject({
			httpCode: 403,
			status: 'PERMISSION_DENIED',
			reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
			retry: 'never',
			stopsAllRequests: true,
		});
		expect(failure.description).toMatch(/photoslibrary\.readonly\.appcreateddata/);
		expect(failure.description).toMatch(/31 March 2025/);
	});

	it('tells which switch to turn on when the API is disabled', () => {
		const failure = failureFromResponse({
			statusCode: 403,
			headers: {},
			body: googleError(
				403,
				'PERMISSION_DENIED',
				'Photos Library API has not been used in project 123 before or it is disabled.',
				{ reason: 'SERVICE_DISABLED' },
			),
		});
		expect(failure.description).toMatch(/Photos Library API.*Enable/);
		expect(failure.stopsAllRequests).toBe(true);
	});

	it('says when the daily quota resets and does not retry it', () => {
		const failure = failureFromResponse(
			{
				statusCode: 429,
				headers: {},
				body: googleError(
					429,
					'RESOURCE_EXHAUSTED',
					"Quota exceeded for quota metric 'All requests' and limit 'All requests per day'",
					{
						reason: 'RATE_LIMIT_EXCEEDED',
						metadata: { quota_limit: 'ApiCallsPerProjectPerDay', quota_limit_value: '10000' },
					},
				),
			},
			NOW,
		);
		expect(failure).toMatchObject({ retry: 'never', stopsAllRequests: true });
		expect(failure.description).toContain('2026-12-04T08:00:00.000Z');
		expect(failure.description).toMatch(/in 14 h 0 min/);
	});

	it('retries a per-minute 429, honouring Retry-After when present', () => {
		const body = googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded per minute', {
			reason: 'RATE_LIMIT_EXCEEDED',
			metadata: { quota_limit: 'ReadRequestsPerMinutePerUser' },
		});
		expect(failureFromResponse({ statusCode: 429, headers: {}, body })).toMatchObject({
			retry: 'rateLimit',
			retryAfterMs: undefined,
		});
		expect(
			failureFromResponse({ statusCode: 429, headers: { 'retry-after': '7' }, body }),
		).toMatchObject({ retryAfterMs: 7000 });
	});

	it('does not wait out a Retry-After longer than five minutes, and says how long Google asked for', () => {
		const body = googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded per minute', {
			reason: 'RATE_LIMIT_EXCEEDED',
			metadata: { quota_limit: 'ReadRequestsPerMinutePerUser' },
		});
		expect(
			failureFromResponse({ statusCode: 429, headers: { 'retry-after': '300' }, body }),
		).toMatchObject({ retry: 'rateLimit', retryAfterMs: 300_000 });
		const tooLong = failureFromResponse({
			statusCode: 429,
			headers: { 'retry-after': '3600' },
			body,
		});
		expect(tooLong).toMatchObject({ retry: 'never', retryAfterMs: 3_600_000 });
		expect(tooLong.description).toMatch(
			/asked to wait 60 minutes .* longer than the node waits \(5 minutes\)/,
		);
	});

	it.each([
		[500, 'INTERNAL', 'Internal error encountered.'],
		[503, 'UNAVAILABLE', 'The service is currently unavailable.'],
	])('retries a %i with back-off', (statusCode, status, message) => {
		expect(
			failureFromResponse({
				statusCode,
				headers: {},
				body: googleError(statusCode, status, message),
			}),
		).toMatchObject({
			retry: 'transient',
			status,
			message,
			stopsAllRequests: false,
		});
	});

	it('does not retry other 4xx', () => {
		expect(
			failureFromResponse({
				statusCode: 400,
				headers: {},
				body: googleError(400, 'INVALID_ARGUMENT', 'Request must have less than 50 items.'),
			}),
		).toMatchObject({ retry: 'never', status: 'INVALID_ARGUMENT' });
	});

	it('recognises an HTML page from a proxy as not coming from Google', () => {
		const failure = failureFromResponse({
			statusCode: 502,
			headers: {},
			body: '<html><body>Bad Gateway</body></html>',
		});
		expect(failure.message).toMatch(/not a Google API error/);
		expect(failure.retry).toBe('transient');
	});
});

describe('malformedResponseFailure', () => {
	it('names what was wrong with a 200', () => {
		expect(malformedResponseFailure('without "mediaItemResults"').message).toBe(
			'Google Photos answered 200 but without "mediaItemResults".',
		);
	});
});
