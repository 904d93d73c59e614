import { request } from 'node:http';
import { inspectJpeg, inspectPng } from './bytes/inspect';
import { type Emulator, type MediaItem, startEmulator } from './index';
import { batchGet, results, send } from './testing';

/** Spec §6: baseUrl bytes, suffixes, expiry, the media quota; big videos stream. */

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ seed: 'media', librarySize: 40 });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.stop());

const fetchMedia = (url: string, method = 'GET'): ReturnType<typeof send> => {
	const { origin, pathname } = new URL(url);
	return send(origin, pathname, { method });
};

function itemOf(predicate: (item: MediaItem) => boolean): MediaItem {
	const found = emulator.library
		.ids()
		.map((id) => emulator.library.get(id) as MediaItem)
		.find(predicate);
	if (!found) throw new Error('no such item in the seeded library');
	return found;
}

const jpegPhoto = (): MediaItem => itemOf((i) => i.mimeType === 'image/jpeg');

describe('photos', () => {
	it('serves =d as the original JPEG at the declared dimensions, with Exif minus location', async () => {
		const item = jpegPhoto();
		const response = await fetchMedia(`${item.baseUrl}=d`);
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toBe('image/jpeg');
		expect(Number(response.headers['content-length'])).toBe(response.body.length);
		const info = inspectJpeg(response.body);
		expect([String(info.width), String(info.height)]).toEqual([
			item.mediaMetadata.width,
			item.mediaMetadata.height,
		]);
		expect(info.components).toBe(3);
		expect(info.hasExif).toBe(true);
		expect(info.exifText).toContain(item.mediaMetadata.photo?.cameraModel ?? '');
		expect(info.exifText).not.toContain('GPS');
	});

	it.each([
		['=w200-h200', 200, 200, false],
		['=w300', 300, undefined, false],
		['=h150', undefined, 150, false],
		['=w200-h200-c', 200, 200, true],
		['=s64-c', 64, 64, true],
	])(
		'serves %s at the right size (fit inside the box; exact with -c)',
		async (suffix, w, h, crop) => {
			const item = jpegPhoto();
			const ow = Number(item.mediaMetadata.width);
			const oh = Number(item.mediaMetadata.height);
			const info = inspectJpeg((await fetchMedia(item.baseUrl + suffix)).body);
			if (crop) {
				expect([info.width, info.height]).toEqual([w, h]);
				return;
			}
			const scale = Math.min(
				w !== undefined ? w / ow : Infinity,
				h !== undefined ? h / oh : Infinity,
			);
			expect([info.width, info.height]).toEqual([Math.round(ow * scale), Math.round(oh * scale)]);
			expect(info.hasExif).toBe(false);
		},
	);

	it('never upscales beyond the original', async () => {
		const item = emulator.library.add({ width: 100, height: 80 });
		const info = inspectJpeg((await fetchMedia(`${item.baseUrl}=w5000-h5000`)).body);
		expect([info.width, info.height]).toEqual([100, 80]);
	});

	it('serves a bare baseUrl like Google: a default-size image (longest side 512)', async () => {
		const item = jpegPhoto();
		const info = inspectJpeg((await fetchMedia(item.baseUrl)).body);
		expect(Math.max(info.width, info.height)).toBe(512);
	});

	it('serves PNG items as real PNGs, sized and original', async () => {
		const item = itemOf((i) => i.mimeType === 'image/png');
		const sized = await fetchMedia(`${item.baseUrl}=w120-h120`);
		expect(sized.headers['content-type']).toBe('image/png');
		const info = inspectPng(sized.body);
		expect(Math.max(info.width, info.height)).toBe(120);
		const original = inspectPng((await fetchMedia(`${item.baseUrl}=d`)).body);
		expect([String(original.width), String(original.height)]).toEqual([
			item.mediaMetadata.width,
			item.mediaMetadata.height,
		]);
	});

	it('serves HEIC =d as an ISO-BMFF heic container, and sized HEIC requests as JPEG', async () => {
		const item = itemOf((i) => i.mimeType === 'image/heic');
		const original = await fetchMedia(`${item.baseUrl}=d`);
		expect(original.headers['content-type']).toBe('image/heic');
		expect(original.body.subarray(4, 12).toString('latin1')).toBe('ftypheic');
		const ispe = original.body.indexOf('ispe');
		expect(original.body.readUInt32BE(ispe + 8)).toBe(Number(item.mediaMetadata.width));
		expect(original.body.readUInt32BE(ispe + 12)).toBe(Number(item.mediaMetadata.height));
		const sized = await fetchMedia(`${item.baseUrl}=w100-h100`);
		expect(sized.headers['content-type']).toBe('image/jpeg');
		inspectJpeg(sized.body);
	});

	it('answers =dv on a photo with 404 HTML', async () => {
		const response = await fetchMedia(`${jpegPhoto().baseUrl}=dv`);
		expect(response.status).toBe(404);
		expect(response.headers['content-type']).toBe('text/html; charset=UTF-8');
	});

	it('needs no Authorization header and counts media requests and bytes', async () => {
		const response = await fetchMedia(`${jpegPhoto().baseUrl}=w64-h64`);
		expect(response.status).toBe(200);
		expect(emulator.counters.mediaRequests).toBe(1);
		expect(emulator.counters.bytesServed).toBe(response.body.length);
		expect(emulator.log[0].kind).toBe('media');
	});

	it('answers HEAD with headers only', async () => {
		const response = await fetchMedia(`${jpegPhoto().baseUrl}=w64-h64`, 'HEAD');
		expect(response.status).toBe(200);
		expect(Number(response.headers['content-length'])).toBeGreaterThan(0);
		expect(response.body.length).toBe(0);
	});
});

describe('videos', () => {
	it('serves =dv of a READY video as video/mp4 with ftyp and the declared length', async () => {
		const item = emulator.library.add({ kind: 'video', videoBytes: 100_000 });
		const response = await fetchMedia(`${item.baseUrl}=dv`);
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toBe('video/mp4');
		expect(Number(response.headers['content-length'])).toBe(100_000);
		expect(response.body.length).toBe(100_000);
		expect(response.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(response.body.subarray(44, 48).toString('latin1')).toBe('mdat');
	});

	it('refuses =dv of a video that is not READY', async () => {
		const [processing] = emulator.library.ids('processingVideos');
		const item = emulator.library.get(processing) as MediaItem;
		expect(item.mediaMetadata.video?.status).toBe('PROCESSING');
		const response = await fetchMedia(`${item.baseUrl}=dv`);
		expect(response.status).toBe(404);
		const failed = emulator.library.add({ kind: 'video', video: { status: 'FAILED' } });
		expect((await fetchMedia(`${failed.baseUrl}=dv`)).status).toBe(404);
	});

	it('serves a video thumbnail for =w-h, with -no accepted', async () => {
		const [videoId] = emulator.library.ids('videos');
		const item = emulator.library.get(videoId) as MediaItem;
		const response = await fetchMedia(`${item.baseUrl}=w160-h90-no`);
		expect(response.headers['content-type']).toBe('image/jpeg');
		const info = inspectJpeg(response.body);
		expect(info.width).toBeLessThanOrEqual(160);
		expect(info.height).toBeLessThanOrEqual(90);
	});

	it('streams a 200 MB video as the client reads it, never ahead of it', async () => {
		const size = 200 * 1024 * 1024;
		const item = emulator.library.add({ kind: 'video', videoBytes: size });
		const { hostname, port, pathname } = new URL(`${item.baseUrl}=dv`);
		const servedBefore = emulator.counters.bytesServed;
		let servedWhilePaused = 0;
		const received = await new Promise<number>((resolve, reject) => {
			const req = request({ host: hostname, port, path: pathname, agent: false }, (res) => {
				let total = 0;
				res.once('data', () => {
					// A client that stops reading: a buffering server would go on writing the file.
					res.pause();
					setTimeout(() => {
						servedWhilePaused = emulator.counters.bytesServed - servedBefore;
						res.resume();
					}, 300);
				});
				res.on('data', (chunk: Buffer) => (total += chunk.length));
				res.on('end', () => resolve(total));
			});
			req.on('error', reject);
			req.end();
		});
		// What the socket buffers hold, a few MB, and nowhere near the file.
		expect(servedWhilePaused).toBeGreaterThan(0);
		expect(servedWhilePaused).toBeLessThan(size / 8);
		expect(received).toBe(size);
		expect(emulator.counters.bytesServed - servedBefore).toBe(size);
	});
});

describe('expiry and quota', () => {
	it('answers 403 with an HTML body once the baseUrl expired, and a fresh batchGet gives a live one', async () => {
		emulator.faults.expireBaseUrlsAfter(60);
		const token = emulator.tokens.mintAccessToken();
		const id = jpegPhoto().id;
		const [first] = results(await batchGet(emulator, [id], token));
		const url = `${first.mediaItem?.baseUrl}=w32-h32`;
		expect((await fetchMedia(url)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 80));
		const expired = await fetchMedia(url);
		expect(expired.status).toBe(403);
		expect(expired.headers['content-type']).toBe('text/html; charset=UTF-8');
		expect(expired.text).toContain('403.');
		emulator.faults.reset();
		const [fresh] = results(await batchGet(emulator, [id], token));
		expect(fresh.mediaItem?.baseUrl).not.toBe(first.mediaItem?.baseUrl);
		expect((await fetchMedia(`${fresh.mediaItem?.baseUrl}=w32-h32`)).status).toBe(200);
	});

	it('honours baseUrlTtlSeconds from the options', async () => {
		const short = await startEmulator({ seed: 'media', librarySize: 5, baseUrlTtlSeconds: 0.05 });
		try {
			const item = short.library.get(short.library.ids('photos')[0]) as MediaItem;
			await new Promise((resolve) => setTimeout(resolve, 80));
			expect((await fetchMedia(`${item.baseUrl}=w10`)).status).toBe(403);
		} finally {
			await short.stop();
		}
	});

	it('answers 429 for the next n media fetches (the media-bytes quota), then serves', async () => {
		emulator.faults.mediaRateLimitNext(1);
		const url = `${jpegPhoto().baseUrl}=w10`;
		const limited = await fetchMedia(url);
		expect(limited.status).toBe(429);
		expect(limited.headers['content-type']).toBe('text/html; charset=UTF-8');
		expect((await fetchMedia(url)).status).toBe(200);
	});

	it.each([
		['a photo', () => `${jpegPhoto().baseUrl}=d`, 100],
		[
			'a video',
			() => `${emulator.library.add({ kind: 'video', videoBytes: 4_000_000 }).baseUrl}=dv`,
			70_000,
		],
	])(
		'stalls %s after the first bytes until the client gives up (stallMediaNext), then serves again',
		async (_kind, urlOf, afterBytes) => {
			const url = urlOf();
			emulator.faults.stallMediaNext(1, { afterBytes });
			const { hostname, port, pathname } = new URL(url);
			const seen = await new Promise<{ status?: number; length: string; bytes: number }>(
				(resolve, reject) => {
					const req = request({ host: hostname, port, path: pathname, agent: false }, (res) => {
						let bytes = 0;
						res.on('data', (chunk: Buffer) => (bytes += chunk.length));
						// Nothing more for 300 ms while the connection stays open: the host hangs.
						setTimeout(() => {
							resolve({
								status: res.statusCode,
								length: String(res.headers['content-length']),
								bytes,
							});
							req.destroy();
						}, 300);
					});
					req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
					req.end();
				},
			);
			expect(seen.status).toBe(200);
			expect(Number(seen.length)).toBeGreaterThan(afterBytes);
			expect(seen.bytes).toBe(afterBytes);
			const next = await fetchMedia(url);
			expect(next.status).toBe(200);
			expect(next.body.length).toBe(Number(seen.length));
		},
	);

	it('answers 404 for an unknown media key', async () => {
		expect((await send(emulator.origin, '/lr/g0/AAJ1LKnothing=d')).status).toBe(404);
	});
});
