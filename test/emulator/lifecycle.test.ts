import { Agent, request } from 'node:http';
import { type Emulator, type MediaItem, startEmulator } from './index';
import { attempt, batchGet, bearer, idsQuery, rawExchange, results, send } from './testing';

/** §9.2 determinism, §9.7 log and counters, §9.8 start/stop, and bad requests that must not hurt. */

const withoutBaseUrl = (item: MediaItem | undefined): Omit<MediaItem, 'baseUrl'> | undefined => {
	if (!item) return undefined;
	const { baseUrl: _ignored, ...rest } = item;
	return rest;
};

describe('determinism', () => {
	it('gives the same ids and metadata for the same seed, and different ones for another seed', async () => {
		const [a, b, c] = await Promise.all([
			startEmulator({ seed: 42, librarySize: 30 }),
			startEmulator({ seed: 42, librarySize: 30 }),
			startEmulator({ seed: 43, librarySize: 30 }),
		]);
		try {
			expect(a.library.ids()).toEqual(b.library.ids());
			expect(a.library.deletedIds()).toEqual(b.library.deletedIds());
			expect(a.library.otherAppIds()).toEqual(b.library.otherAppIds());
			expect(a.client).toEqual(b.client);
			for (const id of a.library.ids())
				expect(withoutBaseUrl(a.library.get(id))).toEqual(withoutBaseUrl(b.library.get(id)));
			expect(a.library.add().id).toBe(b.library.add().id);
			expect(c.library.ids()).not.toEqual(a.library.ids());
		} finally {
			await Promise.all([a.stop(), b.stop(), c.stop()]);
		}
	});

	it('builds a realistic mix: jpeg, png and heic photos, videos, some PROCESSING, deleted and other-app ids', async () => {
		const emulator = await startEmulator();
		try {
			const ids = emulator.library.ids();
			expect(ids).toHaveLength(300);
			const mimeTypes = new Set(ids.map((id) => emulator.library.get(id)?.mimeType));
			expect([...mimeTypes].sort()).toEqual([
				'image/heic',
				'image/jpeg',
				'image/png',
				'video/mp4',
				'video/quicktime',
			]);
			expect(emulator.library.ids('processingVideos').length).toBeGreaterThan(0);
			expect(emulator.library.ids('photos').length + emulator.library.ids('videos').length).toBe(
				300,
			);
			expect(emulator.library.deletedIds().length).toBeGreaterThan(0);
			expect(emulator.library.otherAppIds().length).toBeGreaterThan(0);
			const all = [...ids, ...emulator.library.deletedIds(), ...emulator.library.otherAppIds()];
			expect(new Set(all).size).toBe(all.length);
			for (const id of all) expect(id).toMatch(/^[A-Za-z0-9_-]{98}$/);
			const filenames = ids.map((id) => emulator.library.get(id)?.filename ?? '');
			expect(filenames.some((name) => /^IMG_\d{8}_\d{6}\.jpg$/.test(name))).toBe(true);
		} finally {
			await emulator.stop();
		}
	});
});

describe('start and stop', () => {
	it('starts 20 instances in parallel on distinct ephemeral ports, each serving its own library', async () => {
		const emulators = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				startEmulator({ seed: `parallel-${i}`, librarySize: 10 }),
			),
		);
		try {
			expect(new Set(emulators.map((e) => e.origin)).size).toBe(20);
			const statuses = await Promise.all(
				emulators.map(async (e) => {
					const response = await batchGet(
						e,
						e.library.ids().slice(0, 5),
						e.tokens.mintAccessToken(),
					);
					return results(response).filter((r) => r.mediaItem).length;
				}),
			);
			expect(statuses).toEqual(Array(20).fill(5));
		} finally {
			await Promise.all(emulators.map((e) => e.stop()));
		}
	});

	it('listens on 127.0.0.1 and a requested port', async () => {
		const first = await startEmulator({ librarySize: 1 });
		const port = Number(new URL(first.origin).port);
		await first.stop();
		const second = await startEmulator({ librarySize: 1, port });
		try {
			expect(second.origin).toBe(`http://127.0.0.1:${port}`);
			expect(second.tokenUrl).toBe(`${second.origin}/token`);
		} finally {
			await second.stop();
		}
	});

	it('stop() closes idle keep-alive sockets and in-flight slow responses, and resolves', async () => {
		const emulator = await startEmulator({ librarySize: 5 });
		const token = emulator.tokens.mintAccessToken();
		const agent = new Agent({ keepAlive: true });
		const { hostname, port } = new URL(emulator.origin);
		await new Promise<void>((resolve) => {
			request({ host: hostname, port, path: '/nothing', agent }, (res) => {
				res.resume();
				res.on('end', () => resolve());
			}).end();
		});
		emulator.faults.latency(10_000);
		const inFlight = attempt(
			emulator.origin,
			`/v1/mediaItems:batchGet?${idsQuery(emulator.library.ids().slice(0, 1))}`,
			{
				headers: bearer(token),
			},
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const started = Date.now();
		await emulator.stop();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await inFlight).toEqual({ error: expect.any(String) });
		agent.destroy();
		await expect(send(emulator.origin, '/')).rejects.toThrow();
	});
});

describe('request log and counters', () => {
	let emulator: Emulator;
	let token: string;
	beforeAll(async () => {
		emulator = await startEmulator({ seed: 'log', librarySize: 10 });
		token = emulator.tokens.mintAccessToken();
	});
	afterEach(() => emulator.reset());
	afterAll(() => emulator.stop());

	it('records the raw query exactly as received and the decoded pairs in order', async () => {
		const [a, b] = emulator.library.ids();
		const raw = `mediaItemIds=${a}&mediaItemIds=${b}&quotaUser=caf%C3%A9+x&prettyPrint=false`;
		await send(emulator.origin, `/v1/mediaItems:batchGet?${raw}`, {
			headers: { ...bearer(token), 'x-test': 'yes' },
		});
		const [entry] = emulator.log;
		expect(entry).toMatchObject({
			method: 'GET',
			path: '/v1/mediaItems:batchGet',
			rawQuery: raw,
			status: 200,
			kind: 'api',
		});
		expect(entry.query).toEqual([
			['mediaItemIds', a],
			['mediaItemIds', b],
			['quotaUser', 'café x'],
			['prettyPrint', 'false'],
		]);
		expect(entry.headers['x-test']).toBe('yes');
		expect(entry.headers.authorization).toBe(`Bearer ${token}`);
		expect(entry.startedAt).toBeGreaterThan(Date.now() - 5000);
		expect(entry.durationMs).toBeGreaterThanOrEqual(0);
	});

	it('keeps a bracketed key verbatim in rawQuery', async () => {
		await send(emulator.origin, '/v1/mediaItems:batchGet?mediaItemIds%5B%5D=x&mediaItemIds[]=y', {
			headers: bearer(token),
		});
		expect(emulator.log[0].rawQuery).toBe('mediaItemIds%5B%5D=x&mediaItemIds[]=y');
		expect(emulator.log[0].query).toEqual([
			['mediaItemIds[]', 'x'],
			['mediaItemIds[]', 'y'],
		]);
	});

	it('classifies requests as api, token, media and other and counts them', async () => {
		const item = emulator.library.get(emulator.library.ids('photos')[0]) as MediaItem;
		await batchGet(emulator, [item.id], token);
		await send(emulator.origin, `${new URL(item.baseUrl).pathname}=w10`);
		await send(emulator.origin, '/token', { method: 'POST', body: '' });
		await send(emulator.origin, '/favicon.ico');
		expect(emulator.log.map((e) => e.kind)).toEqual(['api', 'media', 'token', 'other']);
		expect(emulator.counters).toMatchObject({
			apiRequests: 1,
			idsRequested: 1,
			mediaRequests: 1,
			tokenRequests: 1,
		});
		expect(emulator.counters.bytesServed).toBeGreaterThan(0);
	});

	it('bounds the log to maxLogEntries, dropping the oldest', async () => {
		const small = await startEmulator({ librarySize: 1, maxLogEntries: 10 });
		try {
			for (let i = 0; i < 25; i++) await send(small.origin, `/x${i}`);
			expect(small.log.length).toBeLessThanOrEqual(11);
			expect(small.log[small.log.length - 1].path).toBe('/x24');
		} finally {
			await small.stop();
		}
	});
});

describe('bad requests never crash it or leak state', () => {
	let emulator: Emulator;
	let token: string;
	beforeAll(async () => {
		emulator = await startEmulator({ seed: 'abuse', librarySize: 10 });
		token = emulator.tokens.mintAccessToken();
	});
	afterAll(() => emulator.stop());

	const healthy = async (): Promise<void> => {
		const response = await batchGet(emulator, emulator.library.ids().slice(0, 2), token);
		expect(response.status).toBe(200);
		expect(results(response)).toHaveLength(2);
	};

	it.each([
		['/'],
		['/v1'],
		['/v1/mediaItems'],
		['/v1/mediaItems/'],
		['/v1/mediaItems:batchGetX'],
		['/v1/mediaItems/a/b'],
		['/v2/mediaItems:batchGet'],
		['/lr/'],
		['/lr/gX/abc=d'],
		['/%%%'],
		['/v1/mediaItems/%E0%A4%A'],
		['//..//..//etc/passwd'],
	])('answers the garbage path %s with an error status and stays healthy', async (path) => {
		const response = await send(emulator.origin, path, { headers: bearer(token) });
		expect(response.status).toBeGreaterThanOrEqual(400);
		expect(response.status).toBeLessThan(500);
		await healthy();
	});

	it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
		'answers %s on batchGet with 404 HTML',
		async (method) => {
			const [id] = emulator.library.ids();
			const response = await send(emulator.origin, `/v1/mediaItems:batchGet?mediaItemIds=${id}`, {
				method,
				headers: bearer(token),
				body: method === 'POST' ? '{}' : undefined,
			});
			expect(response.status).toBe(404);
			await healthy();
		},
	);

	it('answers a 20 kB request target with 414 and a 100 kB one by closing with 431', async () => {
		const long = await send(
			emulator.origin,
			`/v1/mediaItems:batchGet?mediaItemIds=${'a'.repeat(20_000)}`,
			{
				headers: bearer(token),
			},
		);
		expect(long.status).toBe(414);
		const huge = await attempt(
			emulator.origin,
			`/v1/mediaItems:batchGet?mediaItemIds=${'a'.repeat(100_000)}`,
		);
		expect('status' in huge ? huge.status : 431).toBe(431);
		await healthy();
	});

	it('survives bad percent-encoding everywhere', async () => {
		for (const target of [
			'/v1/mediaItems:batchGet?%',
			'/v1/mediaItems:batchGet?mediaItemIds=%E0%A4%A',
			'/v1/mediaItems:batchGet?%ZZ=1',
		]) {
			expect((await send(emulator.origin, target, { headers: bearer(token) })).status).toBe(400);
		}
		await healthy();
	});

	it('survives raw garbage on the socket and half-written requests', async () => {
		const garbage = await rawExchange(emulator.origin, 'HELLO\r\n\r\n');
		expect(garbage).toMatch(/^HTTP\/1\.1 400/);
		await rawExchange(
			emulator.origin,
			'GET /v1/mediaItems:batchGet?mediaItemIds=x HTTP/1.1\r\nHost: x\r\n',
			50,
		);
		await healthy();
	});

	it('survives token requests with junk bodies and headers', async () => {
		const cases: Array<{ body: string; headers: Record<string, string> }> = [
			{ body: '%%%&&&==', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
			{ body: '{not json', headers: { 'content-type': 'application/json' } },
			{ body: 'x'.repeat(70_000), headers: { 'content-type': 'text/plain' } },
			{ body: '', headers: { authorization: 'Basic !!!' } },
			{
				body: '',
				headers: { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
			},
		];
		for (const { body, headers } of cases) {
			const response = await send(emulator.origin, '/token', { method: 'POST', body, headers });
			expect(response.status).toBeGreaterThanOrEqual(400);
			expect(response.status).toBeLessThan(500);
		}
		await healthy();
	});

	it('drops a client that disconnects mid-latency without affecting the next call', async () => {
		emulator.faults.latency(200);
		const { hostname, port } = new URL(emulator.origin);
		const req = request({
			host: hostname,
			port,
			path: `/v1/mediaItems:batchGet?mediaItemIds=x`,
			headers: bearer(token),
		});
		req.on('error', () => undefined);
		req.end();
		await new Promise((resolve) => setTimeout(resolve, 20));
		req.destroy();
		emulator.faults.reset();
		await healthy();
	});
});
