import { parseDelimited, parseIdsFile } from '../../scripts/demo/idsFile';

const A =
	'AsrXY_EYxElFY5AoaI48kyaQgecNXPSeS73FOHOdcL1Us2oSp-8YCKXWzK1btFuXZSHbNzzh3VwpQLXq0Yntn1UydMbs0Hweoj';
const B =
	'AWNYe-UqQVZ02B_EyCcxtPIlefpOfy6qO4m9wa71f4ZkU-TNGbcdkkI42mTmDg9BIMfb0CHwKmYpwryjWP8O0aooFYGpL7_b57';

const rowsOf = (content: string, name = 'ids.txt') => {
	const file = parseIdsFile(content, name);
	if (!file.ok) throw new Error(file.message);
	return file;
};

describe('parseIdsFile: one id per line', () => {
	it('makes one row per non-blank line, trimmed, with LF, CRLF and CR line ends', () => {
		const file = rowsOf(`${A}\r\n\r\n  ${B}  \n\nlast\r`);
		expect(file.rows).toEqual([{ id: A }, { id: B }, { id: 'last' }]);
		expect(file.format).toEqual({ kind: 'lines' });
		expect(file.skippedBlankRows).toBe(2);
	});

	it('drops a byte order mark and the quotes around a quoted line', () => {
		expect(rowsOf(`\uFEFF"${A}"\n"say ""hi"""`).rows).toEqual([{ id: A }, { id: 'say "hi"' }]);
	});

	it('keeps a pasted comma-separated line as one row, which the node splits', () => {
		expect(rowsOf(`${A}, ${B}`).rows).toEqual([{ id: `${A}, ${B}` }]);
	});

	it('refuses a file without ids', () => {
		expect(parseIdsFile('\n \r\n', 'empty.txt')).toEqual({
			ok: false,
			message: 'empty.txt holds no IDs (no non-blank rows).',
		});
	});
});

describe('parseIdsFile: CSV with an id column', () => {
	it('reads the id column by its header, keeps the other cells, and renames it to id', () => {
		const file = rowsOf(`file,Media Item ID,uploaded\nIMG_1.jpg,${A},2024-01-01\n`, 'sheet.csv');
		expect(file.format).toEqual({ kind: 'csv', column: 'Media Item ID', delimiter: ',' });
		expect(file.rows).toEqual([{ file: 'IMG_1.jpg', uploaded: '2024-01-01', id: A }]);
	});

	it('handles a BOM, CRLF, quoted commas, doubled quotes, line breaks in quotes and a quote after a space', () => {
		const content = [
			'\uFEFF"ID","note"',
			`${A},"a, ""quoted"" note"`,
			`"${A}, ${B}", "pasted, list"`,
			`,"two\r\nlines"`,
			'',
		].join('\r\n');
		const file = rowsOf(content, 'export.csv');
		expect(file.rows).toEqual([
			{ id: A, note: 'a, "quoted" note' },
			{ id: `${A}, ${B}`, note: 'pasted, list' },
			{ id: '', note: 'two\r\nlines' },
		]);
	});

	it('skips rows with nothing in them but keeps a row whose id cell alone is blank', () => {
		const file = rowsOf(`\n\nid,file\n${A},a.jpg\n\n,,\n,b.jpg\n`, 'x.csv');
		expect(file.rows).toEqual([
			{ id: A, file: 'a.jpg' },
			{ id: '', file: 'b.jpg' },
		]);
		expect(file.skippedBlankRows).toBe(2);
	});

	it('finds the header in semicolon and tab separated exports', () => {
		expect(rowsOf(`name;id\r\n"a;b";${A}`).rows).toEqual([{ name: 'a;b', id: A }]);
		expect(rowsOf(`id\tname\n${B}\tx`).rows).toEqual([{ id: B, name: 'x' }]);
	});

	it('gives missing trailing cells as empty text', () => {
		expect(rowsOf(`note,id\nonly a note`).rows).toEqual([{ note: 'only a note', id: '' }]);
	});

	it('refuses a .csv without an id column instead of reading its cells as ids', () => {
		const file = parseIdsFile('file,uploaded\na.jpg,2024\n', 'photos.csv');
		expect(file).toEqual({
			ok: false,
			message: expect.stringContaining('photos.csv has no "id" column'),
		});
	});

	it('names the line of a quote that is never closed', () => {
		const file = parseIdsFile(`id,note\n${A},ok\n${B},"open\n`, 'broken.csv');
		expect(file).toEqual({
			ok: false,
			message: 'broken.csv is not valid CSV: the quoted field opened on line 3 is never closed.',
		});
	});
});

describe('parseDelimited', () => {
	it('reads RFC 4180 records', () => {
		expect(parseDelimited('a,"b,c",""\r\n"x""y",,z', ',')).toEqual({
			ok: true,
			records: [
				['a', 'b,c', ''],
				['x"y', '', 'z'],
			],
		});
	});
});

describe('parseIdsFile edge cases a newcomer hit', () => {
	it('does not count the final line break as a skipped blank row', () => {
		const file = parseIdsFile('a\n\n\nb\n', 'ids.txt');
		expect(file.ok && file.skippedBlankRows).toBe(2);
		const crlf = parseIdsFile('a\r\nb\r\n', 'ids.txt');
		expect(crlf.ok && crlf.skippedBlankRows).toBe(0);
	});

	it('refuses a binary file instead of reading garbage as ids', () => {
		expect(parseIdsFile('abc\u0000def', 'photo.jpg')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/photo\.jpg is not a text file/),
		});
		expect(parseIdsFile('\uFFFD\uFFFDJFIF', 'photo.jpg').ok).toBe(false);
	});
});
