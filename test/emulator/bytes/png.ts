import { deflateSync } from 'node:zlib';
import type { Rgb } from './colour';

/** A real PNG (RGB, 8 bit): a horizontal gradient in horizontal bands, cheap to compress. */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(...buffers: Buffer[]): number {
	let crc = 0xffffffff;
	for (const buffer of buffers) {
		for (let i = 0; i < buffer.length; i++) crc = CRC_TABLE[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(head.subarray(4), data), 0);
	return Buffer.concat([head, data, crc]);
}

const BAND_HEIGHT = 16;
// Hoisted: global lookups are slow inside hot loops when run in a vm context (jest).
const { round } = Math;

export function encodePng(width: number, height: number, colour: Rgb): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type RGB
	const stride = width * 3 + 1;
	const raw = Buffer.alloc(stride * height); // zero-filled: an "Up" row of zeros repeats the row above
	const row = Buffer.alloc(width * 3);
	for (let y = 0; y < height; y++) {
		const offset = y * stride;
		if (y % BAND_HEIGHT !== 0) {
			raw[offset] = 2; // filter Up
			continue;
		}
		const shade = 0.55 + 0.45 * (1 - y / height);
		for (let x = 0; x < width; x++) {
			const t = 0.35 + (0.65 * x) / width;
			row[x * 3] = round(colour[0] * t * shade);
			row[x * 3 + 1] = round(colour[1] * t * shade);
			row[x * 3 + 2] = round(colour[2] * t * shade);
		}
		raw[offset] = 0; // filter None
		row.copy(raw, offset + 1);
	}
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 6 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
