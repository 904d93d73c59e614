import type { Rgb } from './colour';

// Hoisted: global lookups are slow inside hot loops when run in a vm context (jest).
const { abs, clz32, max, min, round } = Math;

/**
 * A minimal baseline JPEG encoder. Every 8×8 block carries only its DC coefficient (AC all zero),
 * so a 24-megapixel image encodes in a few tens of milliseconds while staying a real, decodable
 * JPEG of exactly the requested dimensions: a blocky gradient in the item's colour.
 */

export interface ExifFields {
	make?: string;
	model?: string;
	/** `YYYY:MM:DD HH:MM:SS` */
	dateTime?: string;
}

class BitWriter {
	private buffer: Buffer;
	private length = 0;
	private accumulator = 0;
	private bits = 0;

	constructor(capacity: number) {
		this.buffer = Buffer.alloc(Math.max(1024, capacity));
	}

	private pushByte(byte: number): void {
		if (this.length + 2 > this.buffer.length) {
			const grown = Buffer.alloc(this.buffer.length * 2);
			this.buffer.copy(grown, 0, 0, this.length);
			this.buffer = grown;
		}
		this.buffer[this.length++] = byte;
		if (byte === 0xff) this.buffer[this.length++] = 0x00; // byte stuffing
	}

	write(value: number, count: number): void {
		this.accumulator = ((this.accumulator << count) | (value & ((1 << count) - 1))) >>> 0;
		this.bits += count;
		while (this.bits >= 8) {
			this.bits -= 8;
			this.pushByte((this.accumulator >>> this.bits) & 0xff);
		}
		this.accumulator &= (1 << this.bits) - 1;
	}

	/** Pads the last byte with 1-bits, as the standard asks. */
	finish(): Buffer {
		if (this.bits > 0) this.write((1 << (8 - this.bits)) - 1, 8 - this.bits);
		return this.buffer.subarray(0, this.length);
	}
}

function segment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt16BE(marker, 0);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

/** DC: categories 0–11, all 4-bit codes (code = category). AC: only EOB, code `0`. */
const DC_TABLE = Buffer.from([
	0x00, // class 0 (DC), id 0
	0,
	0,
	0,
	12,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	1,
	2,
	3,
	4,
	5,
	6,
	7,
	8,
	9,
	10,
	11,
]);
const AC_TABLE = Buffer.from([
	0x10, // class 1 (AC), id 0
	1,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0x00,
]);

function exifSegment(fields: ExifFields): Buffer | undefined {
	const entries: Array<[number, string]> = [];
	if (fields.make) entries.push([0x010f, fields.make]);
	if (fields.model) entries.push([0x0110, fields.model]);
	if (fields.dateTime) entries.push([0x0132, fields.dateTime]);
	if (entries.length === 0) return undefined;
	// TIFF, little endian: header (8) + IFD (2 + 12n + 4) + ASCII values.
	const ifdSize = 2 + entries.length * 12 + 4;
	const values = entries.map(([, text]) => Buffer.from(text + '\u0000', 'latin1'));
	const tiff = Buffer.alloc(8 + ifdSize + values.reduce((sum, v) => sum + v.length, 0));
	tiff.write('II', 0, 'latin1');
	tiff.writeUInt16LE(42, 2);
	tiff.writeUInt32LE(8, 4);
	tiff.writeUInt16LE(entries.length, 8);
	let valueOffset = 8 + ifdSize;
	entries.forEach(([tag], i) => {
		const at = 10 + i * 12;
		tiff.writeUInt16LE(tag, at);
		tiff.writeUInt16LE(2, at + 2); // ASCII
		tiff.writeUInt32LE(values[i].length, at + 4);
		if (values[i].length <= 4) values[i].copy(tiff, at + 8);
		else {
			tiff.writeUInt32LE(valueOffset, at + 8);
			values[i].copy(tiff, valueOffset);
			valueOffset += values[i].length;
		}
	});
	return segment(0xffe1, Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), tiff]));
}

const clamp = (value: number): number => max(0, min(255, round(value)));

export function encodeJpeg(width: number, height: number, colour: Rgb, exif?: ExifFields): Buffer {
	const blocksX = Math.ceil(width / 8);
	const blocksY = Math.ceil(height / 8);
	const jfif = Buffer.from([
		0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
	]);
	const quant = Buffer.alloc(65, 8); // table 0, 8-bit precision, every step 8
	quant[0] = 0x00;
	const frame = Buffer.alloc(15);
	frame[0] = 8;
	frame.writeUInt16BE(height, 1);
	frame.writeUInt16BE(width, 3);
	frame[5] = 3;
	for (let c = 0; c < 3; c++) frame.set([c + 1, 0x11, 0x00], 6 + c * 3);
	const scan = Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]);

	// Quantised DC = mean sample − 128 when every quantiser step is 8.
	const [r, g, b] = colour;
	const writer = new BitWriter(blocksX * blocksY * 3);
	const previous = [0, 0, 0];
	const dc = [0, 0, 0];
	for (let by = 0; by < blocksY; by++) {
		const shade = 0.55 + 0.45 * (1 - by / blocksY);
		for (let bx = 0; bx < blocksX; bx++) {
			const t = (0.35 + (0.65 * bx) / blocksX) * shade;
			const R = r * t;
			const G = g * t;
			const B = b * t;
			dc[0] = clamp(0.299 * R + 0.587 * G + 0.114 * B) - 128;
			dc[1] = clamp(128 - 0.168736 * R - 0.331264 * G + 0.5 * B) - 128;
			dc[2] = clamp(128 + 0.5 * R - 0.418688 * G - 0.081312 * B) - 128;
			for (let c = 0; c < 3; c++) {
				const diff = dc[c] - previous[c];
				previous[c] = dc[c];
				const magnitude = abs(diff);
				const category = magnitude === 0 ? 0 : 32 - clz32(magnitude);
				writer.write(category, 4);
				if (category > 0) writer.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
				writer.write(0, 1); // EOB
			}
		}
	}
	const parts = [Buffer.from([0xff, 0xd8]), segment(0xffe0, jfif)];
	const exifPart = exif ? exifSegment(exif) : undefined;
	if (exifPart) parts.push(exifPart);
	parts.push(
		segment(0xffdb, quant),
		segment(0xffc0, frame),
		segment(0xffc4, Buffer.concat([DC_TABLE, AC_TABLE])),
		segment(0xffda, scan),
		writer.finish(),
		Buffer.from([0xff, 0xd9]),
	);
	return Buffer.concat(parts);
}
