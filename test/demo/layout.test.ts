import { fit, printable, renderTable, wrap } from '../../scripts/demo/layout';

describe('renderTable', () => {
	const rows = [
		{ n: 1, name: 'a rather long file name.jpg', note: 'short' },
		{ n: 12, name: 'b.jpg', note: 'another fairly long note' },
	];
	const columns = [
		{ header: '#', cell: (row: (typeof rows)[0]) => String(row.n), align: 'right' as const },
		{ header: 'name', cell: (row: (typeof rows)[0]) => row.name, shrink: true },
		{ header: 'note', cell: (row: (typeof rows)[0]) => row.note, shrink: true },
	];

	it('gives columns their natural width when they fit', () => {
		expect(renderTable(columns, rows, 100)).toEqual([
			'   #  name                         note',
			'   1  a rather long file name.jpg  short',
			'  12  b.jpg                        another fairly long note',
		]);
	});

	it('cuts the widest shrinkable columns, marked with "…", until the table fits', () => {
		const lines = renderTable(columns, rows, 40);
		expect(lines).toEqual([
			'   #  name              note',
			'   1  a rather long f…  short',
			'  12  b.jpg             another fairly …',
		]);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
	});
});

describe('fit and wrap', () => {
	it('cuts text to a width with "…"', () => {
		expect(fit('abcdef', 4)).toBe('abc…');
		expect(fit('abc', 4)).toBe('abc');
	});

	it('wraps at spaces, with a hanging indent', () => {
		expect(wrap('Input      one two three four', 21, 11)).toEqual([
			'Input      one two',
			'           three four',
		]);
	});
});

describe('printable', () => {
	it('shows control characters from user data as U+XXXX so they cannot drive the terminal', () => {
		expect(printable('abc\u001b[2J\u0007ok')).toBe('abcU+001B[2JU+0007ok');
		expect(printable('fotó 📷')).toBe('fotó 📷');
	});
});
