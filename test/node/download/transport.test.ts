import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	downloadMediaItems,
	type DownloadSettings,
} from '../../../nodes/GooglePhotos/transport/downloadMedia';
import { DEFAULT_RETRY_POLICY } from '../../../nodes/GooglePhotos/transport/retryPolicy';
import type { MediaItem, MediaItemOutcome } from '../../../nodes/GooglePhotos/types';

/**
 * The media host's answers the emulator cannot give (redirects, cut-off bodies, lost
 * connections), played by a stand-in for n8n's request helper.
 */
interface FakeAnswer {
	statusCode?: number;
	headers?: Record<string, string>;
	/** Bytes that prepareBinaryData "stores"; defaults to Content-Length. */
	stores?: number;
	throws?: Error;
}

function fakeContext(answers: FakeAnswer[]) {
	const requested: IHttpRequestOptions[] = [];
	const destroyed: number[] = [];
	const context = {
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				const index = requested.push(options) - 1;
				const answer = answers[index];
				if (!answer) throw new Error(`unexpected request ${index}: ${options.url}`);
				if (answer.throws) throw answer.throws;
				return {
					statusCode: answer.statusCode ?? 200,
					headers: answer.headers ?? {},
					body: { index, stores: answer.stores, destroy: () => destroyed.push(index) },
				};
			},
			prepareBinaryData: async (
				body: { index: number; stores?: number },
				fileName: string,
				mimeType: string,
			): Promise<IBinaryData> => {
				const length = Number(answers[body.index].headers?.['content-length'] ?? 0);
				return {
					data: 'filesystem-v2',
					id: `filesystem-v2:${body.index}`,
					fileName,
					mimeType,
					bytes: body.stores ?? length,
				};
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, requested, destroyed };
}

const photoItem: MediaItem = {
	id: 'P1',
	baseUrl: 'https://lh3.googleusercontent.com/lr/P1',
	mimeType: 'image/jpeg',
	filename: 'IMG_1.jpg',
	mediaMetadata: { photo: {} },
};
const photo: MediaItemOutcome = { ok: true, mediaItem: photoItem };

const settings: DownloadSettings = {
	imageSize: { kind: 'original' },
	concurrency: 2,
	timeoutMs: 1000,
	retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
	maxFileBytes: 0,
	trustedOrigin: undefined,
	refresh: undefined as unknown as DownloadSettings['refresh'],
};

const ok = (length = 10): FakeAnswer => ({
	headers: { 'content-type': 'image/jpeg', 'content-length': String(length) },
});

async function run(answers: FakeAnswer[], overrides: Partial<DownloadSettings> = {}) {
	const fake = fakeContext(answers);
	const report = await downloadMediaItems(fake.context, new Map([['P1', photo]]), {
		...settings,
		...overrides,
	});
	return { ...fake, report, outcome: report.outcomes.get('P1') };
}

describe('downloadMediaItems against a stand-in media host', () => {
	it('asks for a stream, without following redirects itself and without credentials', async () => {
		const { requested, outcome } = await run([ok()]);
		expect(outcome).toMatchObject({ ok: true, binary: { fileName: 'IMG_1.jpg', bytes: 10 } });
		expect(requested[0]).toMatchObject({
			method: 'GET',
			url: 'https://lh3.googleusercontent.com/lr/P1=d',
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: 1000,
		});
		expect(requested[0].headers).toEqual({ 'accept-encoding': 'identity' });
	});

	it('follows a redirect to another Google media host', async () => {
		const { requested, outcome, destroyed } = await run([
			{ statusCode: 302, headers: { location: 'https://video-downloads.googleusercontent.com/x' } },
			ok(),
		]);
		expect(outcome?.ok).toBe(true);
		expect(requested.map((options) => options.url)).toEqual([
			'https://lh3.googleusercontent.com/lr/P1=d',
			'https://video-downloads.googleusercontent.com/x',
		]);
		expect(destroyed).toEqual([0]);
	});

	it.each([
		'http://169.254.169.254/latest/meta-data/',
		'https://lh3.googleusercontent.com.evil.com/x',
		'https://lh3.googleusercontent.com@evil.com/x',
		'file:///etc/passwd',
		'http://lh3.googleusercontent.com/x',
	])('refuses to follow a redirect to %s, without requesting it', async (location) => {
		const { requested, outcome } = await run([{ statusCode: 301, headers: { location } }]);
		expect(requested).toHaveLength(1);
		expect(outcome).toMatchObject({ ok: false, error: { reason: 'URL_NOT_ALLOWED' } });
	});

	it('resolves a relative redirect against the URL it came from', async () => {
		const { requested } = await run([{ statusCode: 302, headers: { location: '/other=d' } }, ok()]);
		expect(requested[1].url).toBe('https://lh3.googleusercontent.com/other=d');
	});

	it('gives up after five redirects', async () => {
		const loop = { statusCode: 307, headers: { location: 'https://lh3.googleusercontent.com/a' } };
		const { requested, outcome } = await run(Array.from({ length: 6 }, () => loop));
		expect(requested).toHaveLength(6);
		expect(outcome).toMatchObject({ ok: false, error: { reason: 'TOO_MANY_REDIRECTS' } });
	});

	it('retries a lost connection with back-off, up to Retry Attempts', async () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const { requested, outcome } = await run([{ throws: reset }, { throws: reset }, ok()]);
		expect(requested).toHaveLength(3);
		expect(outcome?.ok).toBe(true);

		const failing = await run([{ throws: reset }, { throws: reset }, { throws: reset }]);
		expect(failing.requested).toHaveLength(3);
		expect(failing.outcome).toMatchObject({
			ok: false,
			error: { reason: 'NETWORK', message: expect.stringContaining('ECONNRESET') },
		});
	});

	it('retries a 5xx, and a body cut off before Content-Length', async () => {
		const { requested, outcome } = await run([
			{ statusCode: 503 },
			{ ...ok(100), stores: 40 },
			ok(100),
		]);
		expect(requested).toHaveLength(3);
		expect(outcome).toMatchObject({ ok: true, binary: { bytes: 100 } });
	});

	it('refuses a file above Max File Size by its Content-Length, without reading it', async () => {
		const { outcome, destroyed } = await run([ok(5_000_000)], { maxFileBytes: 1_000_000 });
		expect(outcome).toMatchObject({ ok: false, error: { reason: 'FILE_TOO_LARGE' } });
		expect(destroyed).toEqual([0]);
	});

	it('does not request the bytes of a baseUrl that is not on a media host', async () => {
		const fake = fakeContext([]);
		const report = await downloadMediaItems(
			fake.context,
			new Map<string, MediaItemOutcome>([
				['P1', { ok: true, mediaItem: { ...photoItem, baseUrl: 'http://10.0.0.1/x' } }],
			]),
			settings,
		);
		expect(fake.requested).toEqual([]);
		expect(report.outcomes.get('P1')).toMatchObject({
			ok: false,
			error: { reason: 'URL_NOT_ALLOWED' },
		});
	});
});
