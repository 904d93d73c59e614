/**
 * An ISO-BMFF HEIF container (ftyp `heic`, meta with hdlr/pitm/iinf/iloc/iprp carrying `ispe`
 * dimensions, mdat). Structurally valid and of the declared size, but the mdat holds no real HEVC
 * stream: encoding HEVC is out of scope. Sized requests of a HEIC item are served as JPEG, as
 * Google's image server does.
 */

function box(type: string, ...payload: Buffer[]): Buffer {
	const body = Buffer.concat(payload);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(body.length + 8, 0);
	head.write(type, 4, 'latin1');
	return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
	const vf = Buffer.alloc(4);
	vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
	return box(type, vf, ...payload);
}

const u16 = (v: number): Buffer => {
	const b = Buffer.alloc(2);
	b.writeUInt16BE(v, 0);
	return b;
};
const u32 = (v: number): Buffer => {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(v, 0);
	return b;
};
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

export function encodeHeif(width: number, height: number, payloadBytes: number): Buffer {
	const ftyp = box('ftyp', text('heic'), u32(0), text('mif1'), text('heic'));
	const hdlr = fullBox('hdlr', 0, 0, u32(0), text('pict'), Buffer.alloc(12), text('\u0000'));
	const pitm = fullBox('pitm', 0, 0, u16(1));
	const infe = fullBox('infe', 2, 0, u16(1), u16(0), text('hvc1'), text('\u0000'));
	const iinf = fullBox('iinf', 0, 0, u16(1), infe);
	const ispe = fullBox('ispe', 0, 0, u32(width), u32(height));
	const ipco = box('ipco', ispe);
	const ipma = fullBox('ipma', 0, 0, u32(1), u16(1), Buffer.from([1, 0x81]));
	const iprp = box('iprp', ipco, ipma);
	const ilocFor = (offset: number): Buffer =>
		fullBox(
			'iloc',
			0,
			0,
			Buffer.from([0x44, 0x00]),
			u16(1),
			u16(1),
			u16(0),
			u16(1),
			u32(offset),
			u32(payloadBytes),
		);
	const metaFor = (offset: number): Buffer =>
		fullBox('meta', 0, 0, hdlr, pitm, ilocFor(offset), iinf, iprp);
	const headerLength = ftyp.length + metaFor(0).length + 8;
	const payload = Buffer.alloc(payloadBytes);
	for (let i = 0; i < payloadBytes; i++) payload[i] = (i * 31 + (i >>> 8)) & 0xff;
	return Buffer.concat([ftyp, metaFor(headerLength), box('mdat', payload)]);
}
