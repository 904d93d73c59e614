import { inflateSync } from 'node:zlib';
import { crc32 } from './png';

/**
 * Independent readers used by the tests to prove the served bytes are real images: a baseline
 * JPEG entropy decoder (any Huffman tables) and a PNG chunk/CRC/zlib checker.
 */

export interface JpegInfo {
	width: number;
	height: number;
	components: number;
	blocksDecoded: number;
	hasExif: boolean;
	exifText: string;
}

interface HuffmanTable {
	lookup: Map<number, number>;
}

function huffmanTable(bits: Buffer, values: Buffer): HuffmanTable {
	const lookup = new Map<number, number>();
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < bits[length - 1]; i++) {
			lookup.set((length << 16) | code, values[k++]);
			code++;
		}
		code <<= 1;
	}
	return { lookup };
}

export function inspectJpeg(bytes: Buffer): JpegInfo {
	if (bytes.readUInt16BE(0) !== 0xffd8) throw new Error('no SOI');
	let offset = 2;
	let width = 0;
	let height = 0;
	let components: Array<{ id: number; dc: number; ac: number }> = [];
	const tables = new Map<string, HuffmanTable>();
	let hasExif = false;
	let exifText = '';
	for (;;) {
		const marker = bytes.readUInt16BE(offset);
		const length = bytes.readUInt16BE(offset + 2);
		const payload = bytes.subarray(offset + 4, offset + 2 + length);
		offset += 2 + length;
		if (marker === 0xffe1 && payload.subarray(0, 4).toString('latin1') === 'Exif') {
			hasExif = true;
			exifText = payload.toString('latin1');
		} else if (marker === 0xffc0) {
			height = payload.readUInt16BE(1);
			width = payload.readUInt16BE(3);
			components = [];
			for (let c = 0; c < payload[5]; c++)
				components.push({ id: payload[6 + c * 3], dc: 0, ac: 0 });
		} else if (marker === 0xffc4) {
			let p = 0;
			while (p < payload.length) {
				const cls = payload[p];
				const bits = payload.subarray(p + 1, p + 17);
				const count = bits.reduce((a, b) => a + b, 0);
				tables.set(
					`${cls >> 4}:${cls & 15}`,
					huffmanTable(bits, payload.subarray(p + 17, p + 17 + count)),
				);
				p += 17 + count;
			}
		} else if (marker === 0xffda) {
			for (let c = 0; c < payload[0]; c++) {
				const component = components.find((x) => x.id === payload[1 + c * 2]);
				if (component) {
					component.dc = payload[2 + c * 2] >> 4;
					component.ac = payload[2 + c * 2] & 15;
				}
			}
			break;
		} else if (marker < 0xffc0) throw new Error(`bad marker ${marker.toString(16)}`);
	}
	// Entropy-coded data up to EOI, unstuffed.
	const end = bytes.length - 2;
	if (bytes.readUInt16BE(end) !== 0xffd9) throw new Error('no EOI');
	const data = Buffer.alloc(end - offset);
	let size = 0;
	for (let i = offset; i < end; i++) {
		data[size++] = bytes[i];
		if (bytes[i] === 0xff) {
			if (bytes[i + 1] !== 0x00) throw new Error('marker inside entropy data');
			i++;
		}
	}
	const length = size;
	let bit = 0;
	const readBit = (): number => {
		if (bit >= length * 8) throw new Error('entropy data ended early');
		const value = (data[bit >> 3] >> (7 - (bit & 7))) & 1;
		bit++;
		return value;
	};
	const decodeSymbol = (table: HuffmanTable): number => {
		let code = 0;
		for (let length = 1; length <= 16; length++) {
			code = (code << 1) | readBit();
			const symbol = table.lookup.get((length << 16) | code);
			if (symbol !== undefined) return symbol;
		}
		throw new Error('bad Huffman code');
	};
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8) * components.length;
	for (let b = 0; b < blocks; b++) {
		const component = components[b % components.length];
		const dcTable = tables.get(`0:${component.dc}`);
		const acTable = tables.get(`1:${component.ac}`);
		if (!dcTable || !acTable) throw new Error('missing table');
		const category = decodeSymbol(dcTable);
		for (let i = 0; i < category; i++) readBit();
		for (let k = 1; k < 64;) {
			const symbol = decodeSymbol(acTable);
			if (symbol === 0x00) break;
			k += (symbol >> 4) + 1;
			for (let i = 0; i < (symbol & 15); i++) readBit();
		}
	}
	const leftover = length * 8 - bit;
	if (leftover >= 8) throw new Error(`${leftover} bits of entropy data left over`);
	for (let i = bit; i < length * 8; i++)
		if (readBit() !== 1) throw new Error('padding is not 1-bits');
	return { width, height, components: components.length, blocksDecoded: blocks, hasExif, exifText };
}

export function inspectPng(bytes: Buffer): { width: number; height: number } {
	if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a')
		throw new Error('no PNG signature');
	let offset = 8;
	let width = 0;
	let height = 0;
	const idat: Buffer[] = [];
	while (offset < bytes.length) {
		const length = bytes.readUInt32BE(offset);
		const type = bytes.subarray(offset + 4, offset + 8);
		const data = bytes.subarray(offset + 8, offset + 8 + length);
		if (crc32(type, data) !== bytes.readUInt32BE(offset + 8 + length)) throw new Error('bad CRC');
		const name = type.toString('latin1');
		if (name === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
		}
		if (name === 'IDAT') idat.push(data);
		offset += 12 + length;
		if (name === 'IEND') break;
	}
	const raw = inflateSync(Buffer.concat(idat));
	if (raw.length !== (width * 3 + 1) * height) throw new Error('wrong amount of pixel data');
	return { width, height };
}
