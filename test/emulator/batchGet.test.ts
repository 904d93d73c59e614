import { type Emulator, type MediaItem, startEmulator } from './index';
import { batchGet, bearer, errorOf, idsQuery, results, send } from './testing';

/** Spec §1–§3: the call, the success response and per-item failures. */

let emulator: Emulator;
let token: string;

beforeAll(async () => {
	emulator = await startEmulator({ seed: 'batch-get', librarySize: 120 });
	token = emulator.tokens.mintAccessToken();
});
afterEach(() => emulator.reset());
afterAll(() => emulator.stop());

const INVALID = { status: { code: 3, message: 'Invalid media item ID.' } };

describe('the call (§1)', () => {
	it('answers one result per repeated plain mediaItemIds key, in request order', async () => {
		const ids = emulator.library.ids().slice(0, 5).reverse();
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(200);
		expect(results(response).map((r) => r.mediaItem?.id)).toEqual(ids);
	});

	it('rejects mediaItemIds[] with 400 "Unknown name … Cannot bind query parameter"', async () => {
		const [id] = emulator.library.ids();
		const response = await send(emulator.origin, `/v1/mediaItems:batchGet?mediaItemIds[]=${id}`, {
			headers: bearer(token),
		});
		expect(response.status).toBe(400);
		const error = errorOf(response);
		expect(error.status).toBe('INVALID_ARGUMENT');
		expect(error.message).toBe(
			'Invalid JSON payload received. Unknown name "mediaItemIds[]": Cannot bind query parameter. Field \'mediaItemIds[]\' could not be found in request message.',
		);
		expect(error.details?.[0]).toMatchObject({
			'@type': 'type.googleapis.com/google.rpc.BadRequest',
		});
	});

	it('rejects percent-encoded brackets and indexed keys (mediaItemIds%5B%5D, mediaItemIds[0]) alike', async () => {
		const [id] = emulator.library.ids();
		for (const key of ['mediaItemIds%5B%5D', 'mediaItemIds[0]', 'mediaItemIds%5B0%5D']) {
			const response = await send(emulator.origin, `/v1/mediaItems:batchGet?${key}=${id}`, {
				headers: bearer(token),
			});
			expect(response.status).toBe(400);
			expect(errorOf(response).message).toMatch(
				/^Invalid JSON payload received\. Unknown name "mediaItemIds\[0?\]"/,
			);
		}
	});

	it('treats a comma-joined value as one id that does not exist (per-item code 3)', async () => {
		const [a, b] = emulator.library.ids();
		const response = await send(emulator.origin, `/v1/mediaItems:batchGet?mediaItemIds=${a},${b}`, {
			headers: bearer(token),
		});
		expect(response.status).toBe(200);
		expect(results(response)).toEqual([INVALID]);
	});

	it('answers 400 INVALID_ARGUMENT when mediaItemIds is missing', async () => {
		const response = await send(emulator.origin, '/v1/mediaItems:batchGet', {
			headers: bearer(token),
		});
		expect(response.status).toBe(400);
		expect(errorOf(response)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
	});

	it('accepts exactly 50 ids', async () => {
		const ids = emulator.library.ids().slice(0, 50);
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(200);
		expect(results(response)).toHaveLength(50);
	});

	it('answers 400 "Request must have less than 50 items." for 51 ids', async () => {
		const ids = emulator.library.ids().slice(0, 51);
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(400);
		expect(errorOf(response)).toEqual({
			code: 400,
			message: 'Request must have less than 50 items.',
			status: 'INVALID_ARGUMENT',
		});
	});

	it('answers 400 INVALID_ARGUMENT for a repeated id', async () => {
		const [a, b] = emulator.library.ids();
		const response = await batchGet(emulator, [a, b, a], token);
		expect(response.status).toBe(400);
		expect(errorOf(response).status).toBe('INVALID_ARGUMENT');
	});

	it('accepts the system parameters fields, prettyPrint, alt, quotaUser and key', async () => {
		const [id] = emulator.library.ids();
		const response = await batchGet(
			emulator,
			[id],
			token,
			'fields=mediaItemResults&prettyPrint=true&alt=json&quotaUser=u1&key=AIzaSyDummy',
		);
		expect(response.status).toBe(200);
		expect(results(response)[0].mediaItem?.id).toBe(id);
	});

	it('accepts the access token as the access_token query parameter', async () => {
		const [id] = emulator.library.ids();
		const response = await send(
			emulator.origin,
			`/v1/mediaItems:batchGet?mediaItemIds=${id}&access_token=${encodeURIComponent(token)}`,
		);
		expect(response.status).toBe(200);
	});

	it('answers 400 naming any other unknown query key', async () => {
		const [id] = emulator.library.ids();
		const response = await batchGet(emulator, [id], token, 'pageSize=10');
		expect(response.status).toBe(400);
		expect(errorOf(response).message).toContain('Unknown name "pageSize"');
	});

	it('binds the proto field name media_item_ids like mediaItemIds', async () => {
		const [id] = emulator.library.ids();
		const response = await send(emulator.origin, `/v1/mediaItems:batchGet?media_item_ids=${id}`, {
			headers: bearer(token),
		});
		expect(results(response)[0].mediaItem?.id).toBe(id);
	});

	it('answers 400 for a malformed percent-encoding', async () => {
		const response = await send(emulator.origin, '/v1/mediaItems:batchGet?mediaItemIds=%zz', {
			headers: bearer(token),
		});
		expect(response.status).toBe(400);
		expect(errorOf(response).status).toBe('INVALID_ARGUMENT');
	});

	it('accepts short junk ids syntactically and fails them per item', async () => {
		const response = await batchGet(emulator, ['x', 'hello world', '∆'], token);
		expect(response.status).toBe(200);
		expect(results(response)).toEqual([INVALID, INVALID, INVALID]);
	});
});

describe('the success response (§2)', () => {
	it('pretty-prints by default and answers compact JSON with prettyPrint=false', async () => {
		const [id] = emulator.library.ids();
		const pretty = await batchGet(emulator, [id], token);
		const compact = await batchGet(emulator, [id], token, 'prettyPrint=false');
		expect(
			pretty.text.startsWith('{\n  "mediaItemResults": [\n    {\n      "mediaItem": {\n'),
		).toBe(true);
		expect(compact.text.startsWith('{"mediaItemResults":[{"mediaItem":{"id":')).toBe(true);
		expect(JSON.parse(pretty.text)).toEqual(JSON.parse(compact.text));
	});

	it('sends Content-Type "application/json; charset=UTF-8" and an honest Content-Length', async () => {
		const response = await batchGet(emulator, emulator.library.ids().slice(0, 3), token);
		expect(response.headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(Number(response.headers['content-length'])).toBe(response.body.length);
	});

	it('renders every MediaItem with Google’s JSON types', async () => {
		const ids = emulator.library.ids();
		const items = results(await batchGet(emulator, ids.slice(0, 50), token)).map(
			(r) => r.mediaItem as MediaItem,
		);
		for (const item of items) {
			expect(item.id).toMatch(/^[A-Za-z0-9_-]{98}$/);
			expect(item.productUrl).toBe(`https://photos.google.com/lr/photo/${item.id}`);
			expect(item.baseUrl.startsWith(`${emulator.mediaOrigin}/lr/`)).toBe(true);
			expect(item.mediaMetadata.width).toMatch(/^\d+$/);
			expect(item.mediaMetadata.height).toMatch(/^\d+$/);
			expect(item.mediaMetadata.creationTime).toMatch(
				/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/,
			);
			expect(
				Number(item.mediaMetadata.photo !== undefined) +
					Number(item.mediaMetadata.video !== undefined),
			).toBe(1);
			expect(item.filename).toMatch(/\.(jpg|JPG|png|HEIC|mp4|MOV)$/);
			const exposure = item.mediaMetadata.photo?.exposureTime;
			if (exposure !== undefined) expect(exposure).toMatch(/^\d+(\.\d{3}|\.\d{6}|\.\d{9})?s$/);
			if (item.description !== undefined) expect(item.description.length).toBeGreaterThan(0);
		}
	});

	it('renders photo numbers as numbers and video status as an enum string', async () => {
		const photo = emulator.library.get(
			emulator.library
				.ids('photos')
				.find((id) => emulator.library.get(id)?.mimeType === 'image/jpeg') ?? '',
		);
		expect(typeof photo?.mediaMetadata.photo?.focalLength).toBe('number');
		expect(typeof photo?.mediaMetadata.photo?.apertureFNumber).toBe('number');
		expect(Number.isInteger(photo?.mediaMetadata.photo?.isoEquivalent)).toBe(true);
		const video = emulator.library.get(emulator.library.ids('videos')[0]);
		expect(['UNSPECIFIED', 'PROCESSING', 'READY', 'FAILED']).toContain(
			video?.mediaMetadata.video?.status,
		);
	});

	it('omits empty fields: no description key when there is none, no contributorInfo', async () => {
		const item = emulator.library.add({ description: '' });
		const response = await batchGet(emulator, [item.id], token);
		const raw = JSON.parse(response.text) as {
			mediaItemResults: Array<{ mediaItem: Record<string, unknown> }>;
		};
		expect(Object.keys(raw.mediaItemResults[0].mediaItem)).toEqual([
			'id',
			'productUrl',
			'baseUrl',
			'mimeType',
			'mediaMetadata',
			'filename',
		]);
	});

	it('renders PNG screenshots with an empty photo object', async () => {
		const png = emulator.library
			.ids('photos')
			.map((id) => emulator.library.get(id))
			.find((i) => i?.mimeType === 'image/png');
		expect(png?.mediaMetadata.photo).toEqual({});
	});

	it('answers the same id set in any order, each result at its id’s position', async () => {
		const ids = emulator.library.ids().slice(10, 20);
		const shuffled = [ids[3], ids[9], ids[0], ids[5]];
		expect(results(await batchGet(emulator, shuffled, token)).map((r) => r.mediaItem?.id)).toEqual(
			shuffled,
		);
	});
});

describe('per-item failures (§3)', () => {
	it('fails unknown, deleted and junk ids with code 3 and no id, in position', async () => {
		const [good] = emulator.library.ids();
		const [deleted] = emulator.library.deletedIds();
		const response = await batchGet(emulator, ['unknown-id', good, deleted, 'AAAA'], token);
		const list = results(response);
		expect(list[0]).toEqual(INVALID);
		expect(list[1].mediaItem?.id).toBe(good);
		expect(list[1].status).toBeUndefined();
		expect(list[2]).toEqual(INVALID);
		expect(list[3]).toEqual(INVALID);
	});

	it('fails an item created by another OAuth client with code 3 for this client’s token', async () => {
		const [other] = emulator.library.otherAppIds();
		expect(emulator.library.get(other)).toBeDefined();
		expect(results(await batchGet(emulator, [other], token))).toEqual([INVALID]);
	});

	it('serves the other client its own items and refuses it ours', async () => {
		const otherToken = emulator.tokens.mintAccessToken({ clientId: emulator.otherClient.clientId });
		const [theirs] = emulator.library.otherAppIds();
		const [ours] = emulator.library.ids();
		const list = results(await batchGet(emulator, [theirs, ours], otherToken));
		expect(list[0].mediaItem?.id).toBe(theirs);
		expect(list[1]).toEqual(INVALID);
	});

	it('answers a forced per-item status (code 5, code 7) and keeps the rest intact', async () => {
		const [a, b, c] = emulator.library.ids();
		emulator.library.setItemStatus(a, { code: 5, message: 'Requested entity was not found.' });
		emulator.library.setItemStatus(c, { code: 7, message: 'The caller does not have permission' });
		const list = results(await batchGet(emulator, [a, b, c], token));
		expect(list[0]).toEqual({ status: { code: 5, message: 'Requested entity was not found.' } });
		expect(list[1].mediaItem?.id).toBe(b);
		expect(list[2]).toEqual({
			status: { code: 7, message: 'The caller does not have permission' },
		});
	});

	it('fails an item deleted during the test with code 3', async () => {
		const item = emulator.library.add();
		emulator.library.delete(item.id);
		expect(emulator.library.deletedIds()).toContain(item.id);
		expect(results(await batchGet(emulator, [item.id], token))).toEqual([INVALID]);
	});

	it('serves items a test adds, with the given fields', async () => {
		const item = emulator.library.add({
			filename: 'IMG_20240612_143012.jpg',
			width: 640,
			height: 480,
		});
		const [result] = results(await batchGet(emulator, [item.id], token));
		expect(result.mediaItem).toMatchObject({
			filename: 'IMG_20240612_143012.jpg',
			mediaMetadata: { width: '640', height: '480' },
		});
	});

	it('counts received ids, whatever their fate', async () => {
		await send(emulator.origin, `/v1/mediaItems:batchGet?${idsQuery(['a', 'b', 'c'])}`, {
			headers: bearer(token),
		});
		expect(emulator.counters).toMatchObject({ apiRequests: 1, idsRequested: 3 });
	});
});

describe('single get', () => {
	it('answers the bare MediaItem for an app-created id', async () => {
		const [id] = emulator.library.ids();
		const response = await send(emulator.origin, `/v1/mediaItems/${id}`, {
			headers: bearer(token),
		});
		expect(response.status).toBe(200);
		expect((JSON.parse(response.text) as MediaItem).id).toBe(id);
	});

	it('answers 400 INVALID_ARGUMENT "Invalid media item ID." for unknown, deleted and other-app ids', async () => {
		const targets = ['nope', emulator.library.deletedIds()[0], emulator.library.otherAppIds()[0]];
		for (const id of targets) {
			const response = await send(emulator.origin, `/v1/mediaItems/${id}`, {
				headers: bearer(token),
			});
			expect(response.status).toBe(400);
			expect(errorOf(response)).toEqual({
				code: 400,
				message: 'Invalid media item ID.',
				status: 'INVALID_ARGUMENT',
			});
		}
	});

	it('answers a forced code 5 as HTTP 404 NOT_FOUND', async () => {
		const [id] = emulator.library.ids();
		emulator.library.setItemStatus(id, { code: 5, message: 'Requested entity was not found.' });
		const response = await send(emulator.origin, `/v1/mediaItems/${id}`, {
			headers: bearer(token),
		});
		expect(response.status).toBe(404);
		expect(errorOf(response).status).toBe('NOT_FOUND');
	});

	it('refuses query keys that do not belong to the single get', async () => {
		const [id] = emulator.library.ids();
		const response = await send(emulator.origin, `/v1/mediaItems/${id}?mediaItemIds=${id}`, {
			headers: bearer(token),
		});
		expect(response.status).toBe(400);
		expect(errorOf(response).message).toContain('Unknown name "mediaItemIds"');
	});
});
