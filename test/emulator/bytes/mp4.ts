/**
 * A synthetic MP4 of any length, produced on demand: `ftyp` + `free` + `mdat` whose payload is a
 * repeating deterministic pattern. Byte `i` can be computed without producing bytes before it, so a
 * 200 MB video streams with constant memory. Not playable (no `moov`): it is for transfer tests.
 */

const PATTERN = (() => {
	const pattern = Buffer.alloc(64 * 1024);
	let state = 0x9e3779b9;
	for (let i = 0; i < pattern.length; i++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		pattern[i] = state & 0xff;
	}
	return pattern;
})();

export function mp4Header(totalBytes: number): Buffer {
	const ftyp = Buffer.alloc(32);
	ftyp.writeUInt32BE(32, 0);
	ftyp.write('ftypisom', 4, 'latin1');
	ftyp.writeUInt32BE(0x200, 12);
	ftyp.write('isomiso2avc1mp41', 16, 'latin1');
	const free = Buffer.alloc(8);
	free.writeUInt32BE(8, 0);
	free.write('free', 4, 'latin1');
	// 64-bit mdat header: size field 1, then the large size.
	const mdat = Buffer.alloc(16);
	mdat.writeUInt32BE(1, 0);
	mdat.write('mdat', 4, 'latin1');
	mdat.writeBigUInt64BE(BigInt(totalBytes - 40), 8);
	return Buffer.concat([ftyp, free, mdat]);
}

/** ftyp (32) + free (8) + 64-bit mdat header (16). */
export const MP4_MIN_BYTES = 56;

/** Chunks of the file, in order, each at most 64 KiB; the first one starts with the header. */
export function* mp4Chunks(totalBytes: number): Generator<Buffer> {
	const size = Math.max(MP4_MIN_BYTES, totalBytes);
	yield mp4Header(size);
	let remaining = size - MP4_MIN_BYTES;
	// The mdat box spans from its own header to the end of the file.
	while (remaining > 0) {
		const n = Math.min(remaining, PATTERN.length);
		yield n === PATTERN.length ? PATTERN : PATTERN.subarray(0, n);
		remaining -= n;
	}
}
