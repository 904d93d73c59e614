import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { inspectJpeg, inspectPng } from '../../emulator/bytes/inspect';
import type { MediaItem, RequestLogEntry } from '../../emulator';
import { readBinaryData } from '../../engine';
import { idsOf, pairedOf, useNodeFixture } from '../fixture';

const fixture = useNodeFixture({ seed: 'download-media-tests', librarySize: 60 });

const rows = (values: unknown[]) => values.map((id) => ({ id }));
const download = (ids: string[], options: IDataObject = {}, run = {}) =>
	fixture.batchGet(rows(ids), { downloadMedia: true, ...options }, run);

const mediaLog = (): RequestLogEntry[] =>
	fixture.emulator.log.filter((entry) => entry.kind === 'media');
const suffixesRequested = () =>
	mediaLog().map((entry) => entry.path.slice(entry.path.indexOf('=')));
const statusesOfMedia = () => mediaLog().map((entry) => entry.status);
const batchGets = () => fixture.requestedBatches().length;

const binaryOf = (item: INodeExecutionData, field = 'data'): IBinaryData => {
	const binary = item.binary?.[field];
	if (!binary) throw new Error(`no binary "${field}" on ${JSON.stringify(item.json)}`);
	return binary;
};

const stored = (id: string): MediaItem => {
	const item = fixture.emulator.library.get(id);
	if (!item) throw new Error(`no item ${id}`);
	return item;
};
const photoOfType = (mimeType: string) => {
	const id = fixture.emulator.library
		.ids('photos')
		.find((candidate) => stored(candidate).mimeType === mimeType);
	if (!id) throw new Error(`the seeded library has no ${mimeType}`);
	return id;
};
const dimensions = (id: string) => {
	const { width, height } = stored(id).mediaMetadata;
	return { width: Number(width), height: Number(height) };
};

describe('Download Media: sizes and suffixes', () => {
	it('is off by default: no bytes are fetched and items carry no binary', async () => {
		const id = photoOfType('image/jpeg');
		const run = await fixture.batchGet(rows([id]));

		expect(run.mediaItems[0].binary).toBeUndefined();
		expect(mediaLog()).toEqual([]);
	});

	it('downloads the original photo with =d: Google’s filename, MIME type, size, real dimensions', async () => {
		const id = photoOfType('image/jpeg');
		const run = await download([id]);

		expect(run.errors).toEqual([]);
		expect(suffixesRequested()).toEqual(['=d']);
		const binary = binaryOf(run.mediaItems[0]);
		const bytes = await readBinaryData(binary);
		expect(binary).toMatchObject({
			fileName: stored(id).filename,
			mimeType: 'image/jpeg',
			bytes: bytes.length,
			fileSize: expect.any(String),
		});
		expect(binary.id).toMatch(/^filesystem-v2:/);
		expect(bytes.length).toBe(fixture.emulator.counters.bytesServed);
		const jpeg = inspectJpeg(bytes);
		expect({ width: jpeg.width, height: jpeg.height }).toEqual(dimensions(id));
		expect(jpeg.hasExif).toBe(true);
		expect(run.mediaItems[0].json).toEqual({ ...stored(id), baseUrl: expect.any(String) });
	});

	it('fits a photo in Max Width × Max Height with =wW-hH, keeping its aspect ratio', async () => {
		const id = photoOfType('image/jpeg');
		const run = await download([id], { imageSize: 'fit', maxWidth: 640, maxHeight: 640 });

		expect(suffixesRequested()).toEqual(['=w640-h640']);
		const jpeg = inspectJpeg(await readBinaryData(binaryOf(run.mediaItems[0])));
		const { width, height } = dimensions(id);
		const scale = Math.min(640 / width, 640 / height);
		expect(jpeg.width).toBe(Math.round(width * scale));
		expect(jpeg.height).toBe(Math.round(height * scale));
		expect(Math.max(jpeg.width, jpeg.height)).toBe(640);
	});

	it('crops a photo to exactly Max Width × Max Height with -c', async () => {
		const id = photoOfType('image/jpeg');
		const run = await download([id], { imageSize: 'crop', maxWidth: 300, maxHeight: 200 });

		expect(suffixesRequested()).toEqual(['=w300-h200-c']);
		const jpeg = inspectJpeg(await readBinaryData(binaryOf(run.mediaItems[0])));
		expect({ width: jpeg.width, height: jpeg.height }).toEqual({ width: 300, height: 200 });
	});

	it('names a resized HEIC after the JPEG bytes Google serves, and keeps a resized PNG a PNG', async () => {
		const heic = photoOfType('image/heic');
		const png = photoOfType('image/png');
		const run = await download([heic, png], { imageSize: 'fit', maxWidth: 100, maxHeight: 100 });

		const [heicFile, pngFile] = run.mediaItems.map((item) => binaryOf(item));
		expect(heicFile).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: stored(heic).filename.replace(/\.HEIC$/i, '.jpg'),
		});
		expect(pngFile).toMatchObject({ mimeType: 'image/png', fileName: stored(png).filename });
		expect(inspectJpeg(await readBinaryData(heicFile)).width).toBeLessThanOrEqual(100);
		expect(inspectPng(await readBinaryData(pngFile)).width).toBeLessThanOrEqual(100);
	});

	it('downloads videos with =dv whatever the image size, with every byte', async () => {
		const added = fixture.emulator.library.add({
			kind: 'video',
			mimeType: 'video/quicktime',
			videoBytes: 3_000_000,
		});
		const run = await download([added.id], { imageSize: 'crop', maxWidth: 10, maxHeight: 10 });

		expect(suffixesRequested()).toEqual(['=dv']);
		const binary = binaryOf(run.mediaItems[0]);
		expect(binary).toMatchObject({
			mimeType: 'video/mp4',
			bytes: 3_000_000,
			fileName: added.filename.replace(/\.MOV$/i, '.mp4'),
		});
		const bytes = await readBinaryData(binary);
		expect(bytes.length).toBe(3_000_000);
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
	});

	it('sends no Authorization header with media requests (baseUrls need none)', async () => {
		await download([photoOfType('image/jpeg')]);
		expect(mediaLog()).toHaveLength(1);
		expect(mediaLog()[0].headers.authorization).toBeUndefined();
	});

	it('puts the file in the field named by "Put Output File in Field"', async () => {
		const run = await download([photoOfType('image/png')], { binaryPropertyName: 'photo' });
		expect(Object.keys(run.mediaItems[0].binary ?? {})).toEqual(['photo']);
	});
});

describe('Download Media: duplicates and concurrency', () => {
	it('downloads each distinct id once; every occurrence gets the same stored file, paired with its input', async () => {
		const [a, b] = fixture.emulator.library.ids('photos').slice(0, 2);
		const run = await fixture.batchGet([{ id: `${a}, ${b}` }, { id: a }, { id: [a, b] }], {
			downloadMedia: true,
			imageSize: 'fit',
			maxWidth: 64,
			maxHeight: 64,
		});

		expect(mediaLog()).toHaveLength(2);
		expect(idsOf(run.mediaItems)).toEqual([a, b, a, a, b]);
		expect(pairedOf(run.mediaItems)).toEqual([0, 0, 1, 2, 2].map((item) => ({ item })));
		const fileIds = run.mediaItems.map((item) => binaryOf(item).id);
		expect(new Set(fileIds).size).toBe(2);
		expect(fileIds[0]).toBe(fileIds[2]);
		expect(fileIds[0]).toBe(fileIds[3]);
		expect(fileIds[1]).toBe(fileIds[4]);
	});

	it('keeps at most Concurrency downloads in flight', async () => {
		const ids = fixture.emulator.library.ids('photos').slice(0, 12);
		await download(ids, { imageSize: 'fit', maxWidth: 32, maxHeight: 32, concurrency: 3 });

		const spans = mediaLog().map((entry) => [entry.startedAt, entry.startedAt + entry.durationMs]);
		expect(spans).toHaveLength(12);
		for (const [start] of spans) {
			const inFlight = spans.filter(([from, to]) => from <= start && start < to).length;
			expect(inFlight).toBeLessThanOrEqual(3);
		}
	});
});

describe('Download Media: an expired baseUrl', () => {
	it('gets one fresh batchGet for that id and one retry, and outputs the fresh baseUrl', async () => {
		const id = photoOfType('image/jpeg');
		// The first answer's baseUrl dies while its body trickles in; the refreshed one lives.
		fixture.emulator.faults.expireBaseUrlsAfter(800);
		fixture.emulator.faults.slowBodyNext(1, { chunkDelayMs: 300, chunks: 4 });
		const run = await download([id], { imageSize: 'fit', maxWidth: 50, maxHeight: 50 });

		expect(run.errors).toEqual([]);
		expect(fixture.requestedBatches()).toEqual([[id], [id]]);
		expect(statusesOfMedia()).toEqual([403, 200]);
		const [first, second] = mediaLog();
		expect(second.path).not.toBe(first.path);
		expect(String(run.mediaItems[0].json.baseUrl)).toBe(
			fixture.emulator.origin + second.path.slice(0, second.path.indexOf('=')),
		);
		expect(binaryOf(run.mediaItems[0]).bytes).toBeGreaterThan(0);
	});

	it('refreshes the ids still waiting together with the one that met the 403: one batchGet, no further 403s', async () => {
		const ids = fixture.emulator.library.ids('photos').slice(0, 6);
		fixture.emulator.faults.expireBaseUrlsAfter(800);
		fixture.emulator.faults.slowBodyNext(1, { chunkDelayMs: 300, chunks: 4 });
		const run = await download(ids, {
			imageSize: 'fit',
			maxWidth: 32,
			maxHeight: 32,
			concurrency: 1,
		});

		expect(run.errors).toEqual([]);
		expect(idsOf(run.mediaItems)).toEqual(ids);
		expect(fixture.requestedBatches()).toEqual([ids, ids]);
		expect(statusesOfMedia()).toEqual([403, 200, 200, 200, 200, 200, 200]);
	});

	it('sends the occurrence to Errors, with its metadata, when the fresh baseUrl is refused too', async () => {
		const id = photoOfType('image/png');
		fixture.emulator.faults.expireBaseUrlsAfter(60);
		fixture.emulator.faults.slowBodyNext(2, { chunkDelayMs: 40, chunks: 4 });
		const run = await download([id]);

		expect(batchGets()).toBe(2);
		expect(statusesOfMedia()).toEqual([403, 403]);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors).toHaveLength(1);
		expect(run.errors[0].json).toMatchObject({
			mediaItemId: id,
			mediaItem: { id, filename: stored(id).filename, mimeType: 'image/png' },
			error: { kind: 'download', code: 403, reason: 'BASE_URL_EXPIRED' },
		});
	});
});

describe('Download Media: failures go to Errors with the metadata and the reason', () => {
	it('does not request a video that is still processing: "try later"', async () => {
		const [processing] = fixture.emulator.library.ids('processingVideos');
		const run = await download([processing]);

		expect(mediaLog()).toEqual([]);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors[0]).toMatchObject({
			json: {
				mediaItemId: processing,
				mediaItem: { id: processing, mediaMetadata: { video: { status: 'PROCESSING' } } },
				error: {
					kind: 'download',
					reason: 'VIDEO_NOT_READY',
					description: expect.stringContaining('still processing this video — try later'),
				},
			},
			pairedItem: { item: 0 },
		});
	});

	it('reports a 404 from the media host (bytes gone after batchGet answered)', async () => {
		const added = fixture.emulator.library.add({ kind: 'photo', mimeType: 'image/png' });
		fixture.emulator.faults.slowBodyNext(1, { chunkDelayMs: 100, chunks: 3 });
		const running = download([added.id]);
		// Delete the item once batchGet has rendered its answer, while the body is still arriving.
		while (!fixture.emulator.log.some((entry) => entry.kind === 'api')) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		fixture.emulator.library.delete(added.id);
		const run = await running;

		expect(statusesOfMedia()).toEqual([404]);
		expect(run.errors[0].json).toMatchObject({
			mediaItemId: added.id,
			mediaItem: { id: added.id, filename: added.filename },
			error: { kind: 'download', code: 404, status: 'NOT_FOUND', reason: 'MEDIA_NOT_FOUND' },
		});
	});

	it('stops downloading at the media quota 429 and says which quota, for every occurrence left', async () => {
		const ids = fixture.emulator.library.ids('photos').slice(0, 3);
		fixture.emulator.faults.mediaRateLimitNext(1);
		const run = await download([...ids, ids[0]], { concurrency: 1 });

		expect(statusesOfMedia()).toEqual([429]);
		expect(run.mediaItems).toEqual([]);
		expect(idsOf(run.errors)).toEqual([...ids, ids[0]]);
		for (const [n, error] of run.errors.entries()) {
			expect(error.json).toMatchObject({
				mediaItem: { id: [...ids, ids[0]][n] },
				error: {
					kind: 'download',
					code: 429,
					reason: 'MEDIA_QUOTA_EXCEEDED',
					description: expect.stringContaining('75,000 media downloads per day'),
				},
			});
		}
	});

	it('keeps failures on Errors even with On Error: Stop Workflow (the items were found)', async () => {
		const [processing] = fixture.emulator.library.ids('processingVideos');
		const run = await download([processing], {}, { onError: 'stopWorkflow' });
		expect(run.error).toBeUndefined();
		expect(run.errors).toHaveLength(1);
	});

	it('refuses files above Max File Size before reading them', async () => {
		const added = fixture.emulator.library.add({ kind: 'video', videoBytes: 2 * 1024 * 1024 });
		const run = await download([added.id], { maxFileSizeMb: 1 });

		expect(run.errors[0].json).toMatchObject({
			mediaItemId: added.id,
			error: { kind: 'download', reason: 'FILE_TOO_LARGE' },
		});
	});

	it('downloads nothing from a baseUrl outside Google’s media hosts and the credential’s origin', async () => {
		// Same server, reached as "localhost": the baseUrls (127.0.0.1) are not on the trusted origin.
		const credential = {
			...fixture.credential(),
			apiOrigin: fixture.emulator.origin.replace('127.0.0.1', 'localhost'),
		};
		const id = photoOfType('image/jpeg');
		const run = await download([id], {}, { credentials: { googlePhotosOAuth2Api: credential } });

		expect(batchGets()).toBe(1);
		expect(mediaLog()).toEqual([]);
		expect(run.errors[0].json).toMatchObject({
			mediaItemId: id,
			mediaItem: { id },
			error: {
				kind: 'download',
				reason: 'URL_NOT_ALLOWED',
				message: expect.stringContaining('it uses http, not https'),
			},
		});
	});
});

describe('Download Media: a media host that stops sending mid-file', () => {
	it('cuts the file off after Timeout without a byte, retries it, and keeps the complete file', async () => {
		const added = fixture.emulator.library.add({ kind: 'video', videoBytes: 3_000_000 });
		fixture.emulator.faults.stallMediaNext(1, { afterBytes: 100_000 });
		const started = Date.now();
		const run = await download([added.id], { timeoutMs: 400, initialDelayMs: 0 });

		expect(run.errors).toEqual([]);
		expect(statusesOfMedia()).toEqual([200, 200]);
		const bytes = await readBinaryData(binaryOf(run.mediaItems[0]));
		expect(bytes.length).toBe(3_000_000);
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
	});

	it('sends the occurrence to Errors, with its metadata and why, when every attempt stalls', async () => {
		const added = fixture.emulator.library.add({ kind: 'photo', mimeType: 'image/png' });
		fixture.emulator.faults.stallMediaNext(2, { afterBytes: 10 });
		const run = await download([added.id], { timeoutMs: 300, maxAttempts: 2, initialDelayMs: 0 });

		expect(statusesOfMedia()).toEqual([200, 200]);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors[0].json).toMatchObject({
			mediaItemId: added.id,
			mediaItem: { id: added.id, filename: added.filename },
			error: {
				kind: 'download',
				message: expect.stringContaining('stopped sending for 300 ms in the middle of the file'),
			},
		});
	});
});
