import type {
	LibraryFilter,
	MediaItem,
	MediaItemSeed,
	PhotoMetadata,
	RpcStatus,
	VideoMetadata,
} from './types';
import { Random, digest, mediaItemId, urlSafeString } from './random';

/**
 * The seeded library. Each item's JSON is rendered once, split around the baseUrl generation
 * number, so a batchGet only concatenates strings (see README, "Throughput").
 */

export const INVALID_ID_STATUS: RpcStatus = { code: 3, message: 'Invalid media item ID.' };

const BASE_URL_GENERATION_MARK = '@@GENERATION@@';

export interface StoredItem {
	seed: MediaItemSeed;
	/** Opaque key in the baseUrl path (a real baseUrl does not contain the item id either). */
	mediaKey: string;
	compact: [string, string];
	pretty: [string, string];
	/** UTF-8 bytes of the result for the latest generation asked for (re-rendered at roll-over). */
	bytes?: { generation: number; compact: Buffer; pretty: Buffer };
}

/** The encoded `{"mediaItem":…}` result; encoding once per generation keeps batchGet a memcpy. */
export function resultBytes(stored: StoredItem, generation: number, pretty: boolean): Buffer {
	let bytes = stored.bytes;
	if (bytes?.generation !== generation) {
		bytes = {
			generation,
			compact: Buffer.from(stored.compact[0] + generation + stored.compact[1], 'utf8'),
			pretty: Buffer.from(stored.pretty[0] + generation + stored.pretty[1], 'utf8'),
		};
		stored.bytes = bytes;
	}
	return pretty ? bytes.pretty : bytes.compact;
}

interface CameraProfile {
	make: string;
	model: string;
	width: number;
	height: number;
	focalLength: number;
	apertureFNumber: number;
	filename: (time: Date, rng: Random) => string;
	mimeTypes: readonly string[];
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

const stamp = (time: Date, dateTimeSeparator = '_'): string =>
	`${time.getUTCFullYear()}${pad(time.getUTCMonth() + 1)}${pad(time.getUTCDate())}` +
	`${dateTimeSeparator}${pad(time.getUTCHours())}${pad(time.getUTCMinutes())}${pad(time.getUTCSeconds())}`;

const PHOTO_CAMERAS: readonly CameraProfile[] = [
	{
		make: 'Apple',
		model: 'iPhone 15 Pro',
		width: 4032,
		height: 3024,
		focalLength: 6.765,
		apertureFNumber: 1.78,
		filename: (_time, rng) => `IMG_${pad(rng.int(1, 9999), 4)}`,
		mimeTypes: ['image/heic', 'image/jpeg'],
	},
	{
		make: 'Google',
		model: 'Pixel 8',
		width: 4080,
		height: 3072,
		focalLength: 6.9,
		apertureFNumber: 1.68,
		filename: (time) => `PXL_${stamp(time)}${pad(time.getUTCMilliseconds(), 3)}`,
		mimeTypes: ['image/jpeg'],
	},
	{
		make: 'samsung',
		model: 'SM-S918B',
		width: 4000,
		height: 3000,
		focalLength: 6.3,
		apertureFNumber: 1.7,
		filename: (time) => stamp(time),
		mimeTypes: ['image/jpeg'],
	},
	{
		make: 'Xiaomi',
		model: '23049PCD8G',
		width: 4096,
		height: 3072,
		focalLength: 5.53,
		apertureFNumber: 1.75,
		filename: (time) => `IMG_${stamp(time)}`,
		mimeTypes: ['image/jpeg'],
	},
	{
		make: 'Canon',
		model: 'Canon EOS R6',
		width: 5472,
		height: 3648,
		focalLength: 50,
		apertureFNumber: 4,
		filename: (_time, rng) => `IMG_${pad(rng.int(1, 9999), 4)}`,
		mimeTypes: ['image/jpeg'],
	},
];

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': '.jpg',
	'image/png': '.png',
	'image/heic': '.HEIC',
	'video/mp4': '.mp4',
	'video/quicktime': '.MOV',
};

/** Shutter speeds as camera firmware writes them; 1/1048 gives the 9-digit Durations Google shows. */
const SHUTTER_DENOMINATORS = [30, 60, 120, 125, 250, 500, 1000, 1048, 2000, 4000];
const ISO_VALUES = [25, 32, 50, 64, 100, 125, 200, 400, 800, 1600];
const DESCRIPTIONS = [
	'Sunset over the harbour',
	'Team offsite, day 2',
	'Receipt — hardware store',
	'Grandma’s 90th 🎂',
	'Whiteboard after the planning session',
];

/** Proto3 JSON renders Durations and Timestamps with 0, 3, 6 or 9 fraction digits. */
function fraction(nanos: number): string {
	if (nanos === 0) return '';
	const digits = String(nanos).padStart(9, '0');
	if (digits.endsWith('000000')) return '.' + digits.slice(0, 3);
	if (digits.endsWith('000')) return '.' + digits.slice(0, 6);
	return '.' + digits;
}

export function durationString(seconds: number): string {
	const whole = Math.floor(seconds);
	const nanos = Math.round((seconds - whole) * 1e9);
	return `${whole}${fraction(nanos)}s`;
}

export function timestampString(epochMs: number, nanos: number): string {
	const iso = new Date(epochMs).toISOString(); // 2024-06-12T14:30:12.000Z
	return iso.slice(0, 19) + fraction(nanos) + 'Z';
}

function randomTime(rng: Random): { date: Date; creationTime: string } {
	const from = Date.UTC(2015, 0, 1);
	const to = Date.UTC(2025, 5, 1);
	const epochMs = from + Math.floor(rng.next() * ((to - from) / 1000)) * 1000;
	const style = rng.next();
	const millis = rng.int(0, 999);
	let nanos = 0;
	if (style > 0.9) nanos = millis * 1e6 + rng.int(1, 999_999);
	else if (style > 0.6) nanos = millis * 1e6;
	const date = new Date(epochMs + Math.floor(nanos / 1e6));
	return { date, creationTime: timestampString(epochMs, nanos) };
}

type Slot = 'jpeg' | 'png' | 'heic' | 'video' | 'mov' | 'processing';

/** Deterministic mix: ~65% photos (jpeg/heic/png), ~35% videos, one in ten videos PROCESSING. */
const SLOTS: readonly Slot[] = [
	'jpeg',
	'jpeg',
	'video',
	'jpeg',
	'heic',
	'png',
	'jpeg',
	'processing',
	'jpeg',
	'heic',
	'jpeg',
	'mov',
	'jpeg',
	'video',
	'png',
	'jpeg',
	'heic',
	'video',
	'jpeg',
	'video',
];

function photoSeed(rng: Random, slot: Slot): Omit<MediaItemSeed, 'id' | 'ownerClientId'> {
	const { date, creationTime } = randomTime(rng);
	const description = rng.chance(0.1) ? rng.pick(DESCRIPTIONS) : undefined;
	if (slot === 'png') {
		const [width, height] = rng.pick([
			[1170, 2532],
			[1080, 2400],
			[1920, 1080],
		]);
		return {
			kind: 'photo',
			mimeType: 'image/png',
			filename: `Screenshot_${stamp(date, '-')}.png`,
			description,
			width,
			height,
			creationTime,
			photo: {},
		};
	}
	const camera =
		slot === 'heic' ? PHOTO_CAMERAS[0] : PHOTO_CAMERAS[rng.int(0, PHOTO_CAMERAS.length - 1)];
	const mimeType = slot === 'heic' ? 'image/heic' : 'image/jpeg';
	const portrait = rng.chance(0.35);
	const photo: PhotoMetadata = {
		cameraMake: camera.make,
		cameraModel: camera.model,
		focalLength: camera.focalLength,
		apertureFNumber: camera.apertureFNumber,
		isoEquivalent: rng.pick(ISO_VALUES),
		exposureTime: durationString(1 / rng.pick(SHUTTER_DENOMINATORS)),
	};
	return {
		kind: 'photo',
		mimeType,
		filename: camera.filename(date, rng) + EXTENSIONS[mimeType],
		description,
		width: portrait ? camera.height : camera.width,
		height: portrait ? camera.width : camera.height,
		creationTime,
		photo,
	};
}

function videoSeed(rng: Random, slot: Slot): Omit<MediaItemSeed, 'id' | 'ownerClientId'> {
	const { date, creationTime } = randomTime(rng);
	const mimeType = slot === 'mov' ? 'video/quicktime' : 'video/mp4';
	const [width, height] = rng.pick([
		[1920, 1080],
		[1080, 1920],
		[3840, 2160],
		[1280, 720],
	]);
	const filename =
		mimeType === 'video/quicktime'
			? `IMG_${pad(rng.int(1, 9999), 4)}.MOV`
			: rng.pick([`VID_${stamp(date)}.mp4`, `PXL_${stamp(date)}${pad(rng.int(0, 999), 3)}.mp4`]);
	const video: VideoMetadata =
		slot === 'processing'
			? { status: 'PROCESSING' }
			: {
					cameraMake: mimeType === 'video/quicktime' ? 'Apple' : 'Google',
					cameraModel: mimeType === 'video/quicktime' ? 'iPhone 15 Pro' : 'Pixel 8',
					fps: rng.pick([30, 29.97002997002997, 60, 30.007299270072991]),
					status: 'READY',
				};
	return {
		kind: 'video',
		mimeType,
		filename,
		width,
		height,
		creationTime,
		video,
		videoBytes: rng.int(300_000, 3_000_000),
	};
}

function generatedSeed(rng: Random, slot: Slot): Omit<MediaItemSeed, 'id' | 'ownerClientId'> {
	return slot === 'video' || slot === 'mov' || slot === 'processing'
		? videoSeed(rng, slot)
		: photoSeed(rng, slot);
}

/** Google's JSON for the item, with the baseUrl generation left as a mark. */
function renderTemplate(seed: MediaItemSeed, mediaKey: string, mediaOrigin: string): MediaItem {
	const mediaMetadata: MediaItem['mediaMetadata'] = {
		creationTime: seed.creationTime,
		width: String(seed.width),
		height: String(seed.height),
	};
	if (seed.kind === 'photo') mediaMetadata.photo = seed.photo ?? {};
	else mediaMetadata.video = seed.video ?? {};
	const item: MediaItem = {
		id: seed.id,
		description: seed.description,
		productUrl: `https://photos.google.com/lr/photo/${seed.id}`,
		baseUrl: `${mediaOrigin}/lr/g${BASE_URL_GENERATION_MARK}/${mediaKey}`,
		mimeType: seed.mimeType,
		mediaMetadata,
		filename: seed.filename,
	};
	if (item.description === undefined || item.description === '') delete item.description;
	return item;
}

function split(json: string): [string, string] {
	const at = json.indexOf(BASE_URL_GENERATION_MARK);
	return [json.slice(0, at), json.slice(at + BASE_URL_GENERATION_MARK.length)];
}

/** Indentation of one result inside `{ "mediaItemResults": [ … ] }` when pretty-printed. */
export const PRETTY_RESULT_INDENT = '    ';

export function prettyResult(value: unknown): string {
	return (
		PRETTY_RESULT_INDENT +
		JSON.stringify(value, null, 2).replace(/\n/g, '\n' + PRETTY_RESULT_INDENT)
	);
}

export interface LibraryConfig {
	seed: string;
	size: number;
	clientId: string;
	otherClientId: string;
	mediaOrigin: string;
}

export class Library {
	private readonly items = new Map<string, StoredItem>();
	private readonly byMediaKey = new Map<string, StoredItem>();
	private readonly deleted = new Set<string>();
	private readonly forcedStatuses = new Map<string, RpcStatus>();
	private readonly poisoned = new Set<string>();
	private added = 0;

	constructor(private readonly config: LibraryConfig) {
		const { seed, size, clientId, otherClientId } = config;
		for (let i = 0; i < size; i++) {
			const rng = new Random(seed, 'item', i);
			const id = mediaItemId(seed, 'app', i);
			this.store({ ...generatedSeed(rng, SLOTS[i % SLOTS.length]), id, ownerClientId: clientId });
		}
		const sideCount = Math.max(3, Math.round(size * 0.05));
		for (let i = 0; i < sideCount; i++) {
			const rng = new Random(seed, 'other-app', i);
			const id = mediaItemId(seed, 'other-app', i);
			const slot = SLOTS[(i * 7) % SLOTS.length];
			this.store({ ...generatedSeed(rng, slot), id, ownerClientId: otherClientId });
			this.deleted.add(mediaItemId(seed, 'deleted', i));
		}
	}

	private store(seed: MediaItemSeed): StoredItem {
		const mediaKey = 'AAJ1LK' + urlSafeString(90, 'media-key', this.config.seed, seed.id);
		const template = renderTemplate(seed, mediaKey, this.config.mediaOrigin);
		const stored: StoredItem = {
			seed,
			mediaKey,
			compact: split(JSON.stringify({ mediaItem: template })),
			pretty: split(prettyResult({ mediaItem: template })),
		};
		this.items.set(seed.id, stored);
		this.byMediaKey.set(mediaKey, stored);
		return stored;
	}

	/** Existing, not deleted. */
	lookup(id: string): StoredItem | undefined {
		return this.items.get(id);
	}

	byKey(mediaKey: string): StoredItem | undefined {
		return this.byMediaKey.get(mediaKey);
	}

	/** What a batchGet answers for this id and client: a status, or the stored item. */
	resolve(id: string, clientId: string, otherAppStatus: RpcStatus): RpcStatus | StoredItem {
		const forced = this.forcedStatuses.get(id);
		if (forced) return forced;
		const stored = this.items.get(id);
		if (!stored) return INVALID_ID_STATUS;
		if (stored.seed.ownerClientId !== clientId) return otherAppStatus;
		return stored;
	}

	ids(filter: LibraryFilter = 'all'): string[] {
		const out: string[] = [];
		for (const { seed } of this.items.values()) {
			if (seed.ownerClientId !== this.config.clientId) continue;
			if (filter === 'photos' && seed.kind !== 'photo') continue;
			if (filter === 'videos' && seed.kind !== 'video') continue;
			if (filter === 'processingVideos' && seed.video?.status !== 'PROCESSING') continue;
			out.push(seed.id);
		}
		return out;
	}

	deletedIds(): string[] {
		return [...this.deleted];
	}

	otherAppIds(): string[] {
		const out: string[] = [];
		for (const { seed } of this.items.values()) {
			if (seed.ownerClientId === this.config.otherClientId) out.push(seed.id);
		}
		return out;
	}

	add(partial: Partial<MediaItemSeed> = {}): StoredItem {
		const index = this.added++;
		const id = partial.id ?? mediaItemId(this.config.seed, 'added', index);
		if (this.items.has(id)) throw new Error(`library.add: an item with id ${id} already exists`);
		const isVideo = partial.kind === 'video' || (partial.mimeType?.startsWith('video/') ?? false);
		const rng = new Random(this.config.seed, 'added', index);
		const base = generatedSeed(rng, isVideo ? 'video' : 'jpeg');
		const seed: MediaItemSeed = {
			...base,
			...partial,
			kind: isVideo ? 'video' : 'photo',
			id,
			ownerClientId: partial.ownerClientId ?? this.config.clientId,
		};
		if (seed.kind === 'photo') delete seed.video;
		else delete seed.photo;
		const extension = EXTENSIONS[seed.mimeType];
		if (partial.mimeType && !partial.filename && extension) {
			seed.filename = seed.filename.replace(/\.[^.]+$/, extension);
		}
		this.deleted.delete(id);
		return this.store(seed);
	}

	delete(id: string): void {
		const stored = this.items.get(id);
		if (!stored) return;
		this.items.delete(id);
		this.byMediaKey.delete(stored.mediaKey);
		this.deleted.add(id);
	}

	setItemStatus(id: string, status: RpcStatus): void {
		this.forcedStatuses.set(id, { code: status.code, message: status.message });
	}

	poison(id: string): void {
		this.poisoned.add(id);
	}

	isPoisoned(id: string): boolean {
		return this.poisoned.size > 0 && this.poisoned.has(id);
	}

	clearPoison(): void {
		this.poisoned.clear();
	}

	clearForcedStatuses(): void {
		this.forcedStatuses.clear();
	}
}

/** The item as a MediaItem object (for `library.get`), with a baseUrl of the given generation. */
export function toMediaItem(stored: StoredItem, generation: number): MediaItem {
	const [head, tail] = stored.compact;
	const wrapped = JSON.parse(head + generation + tail) as { mediaItem: MediaItem };
	return wrapped.mediaItem;
}

/** A stable 32-bit number per item, used to colour its synthetic image. */
export function itemHue(stored: StoredItem): number {
	return digest('hue', stored.seed.id).readUInt16LE(0) % 360;
}
