import { createHash } from 'node:crypto';

/** Deterministic randomness: everything derives from the instance seed and a label. */

export function digest(...parts: Array<string | number>): Buffer {
	return createHash('sha256').update(parts.join('\u0000')).digest();
}

/** A URL-safe base64 string of exactly `length` characters derived from the parts. */
export function urlSafeString(length: number, ...parts: Array<string | number>): string {
	let out = '';
	for (let block = 0; out.length < length; block++) {
		out += digest(...parts, block).toString('base64url');
	}
	return out.slice(0, length);
}

/** A media item id: URL-safe base64, 98 characters, starting with `A` like Google's (spec §1). */
export function mediaItemId(...parts: Array<string | number>): string {
	return 'A' + urlSafeString(97, 'id', ...parts);
}

/** Small, fast PRNG (sfc32) seeded from a digest. */
export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(...parts: Array<string | number>) {
		const seed = digest(...parts);
		this.a = seed.readUInt32LE(0);
		this.b = seed.readUInt32LE(4);
		this.c = seed.readUInt32LE(8);
		this.d = seed.readUInt32LE(12);
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.a |= 0;
		this.b |= 0;
		this.c |= 0;
		this.d |= 0;
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(values: readonly T[]): T {
		return values[Math.floor(this.next() * values.length)];
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}
}
