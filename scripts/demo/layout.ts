/**
 * Text that fits a terminal width: tables whose columns take their natural width, the columns
 * marked `shrink` giving up characters (cut with "…") until the table fits; and wrapped prose.
 */
export interface Column<Row> {
	header: string;
	cell: (row: Row) => string;
	align?: 'left' | 'right';
	/** Never wider than this. */
	max?: number;
	/** May be cut down to `min` (default 8) when the table is too wide. */
	shrink?: boolean;
	min?: number;
}

const GAP = '  ';
const INDENT = '  ';

/** Cuts `text` to `width` characters, marking the cut with "…". */
export function fit(text: string, width: number): string {
	const characters = [...text];
	if (characters.length <= width) return text;
	if (width <= 1) return '…'.slice(0, width);
	return characters.slice(0, width - 1).join('') + '…';
}

/**
 * Control characters from the user's data shown as U+XXXX: printed raw, an escape sequence in an
 * ids file would clear or recolour the user's terminal.
 */
export function printable(text: string): string {
	return text.replace(
		/[\u0000-\u001f\u007f-\u009f]/g,
		(character) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
	);
}

function length(text: string): number {
	return [...text].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
	const fill = ' '.repeat(Math.max(0, width - length(text)));
	return align === 'right' ? fill + text : text + fill;
}

function columnWidths<Row>(columns: readonly Column<Row>[], cells: string[][], total: number) {
	const widths = columns.map((column, index) =>
		Math.min(
			column.max ?? Infinity,
			Math.max(length(column.header), ...cells.map((row) => length(row[index]))),
		),
	);
	const used = () => INDENT.length + widths.reduce((sum, width) => sum + width, 0);
	const overflow = () => used() + GAP.length * (columns.length - 1) - total;
	// Take one character at a time from the widest shrinkable column: cuts stay even.
	while (overflow() > 0) {
		let widest = -1;
		columns.forEach((column, index) => {
			if (!column.shrink || widths[index] <= (column.min ?? 8)) return;
			if (widest === -1 || widths[index] > widths[widest]) widest = index;
		});
		if (widest === -1) break;
		widths[widest] -= 1;
	}
	return widths;
}

/** The header line and one line per row, none longer than `width` (when the columns allow). */
export function renderTable<Row>(
	columns: readonly Column<Row>[],
	rows: readonly Row[],
	width: number,
): string[] {
	const cells = rows.map((row) => columns.map((column) => printable(column.cell(row))));
	const widths = columnWidths(columns, cells, width);
	const line = (values: string[]) =>
		INDENT +
		values
			.map((value, index) =>
				pad(fit(value, widths[index]), widths[index], columns[index].align ?? 'left'),
			)
			.join(GAP)
			.trimEnd();
	return [line(columns.map((column) => column.header)), ...cells.map(line)];
}

/** Wraps `text` at spaces to `width`; lines after the first start with `indent` spaces. */
export function wrap(text: string, width: number, indent = 0): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		if (length(candidate) <= width || line.trim() === '') {
			line = candidate;
			continue;
		}
		lines.push(line);
		line = ' '.repeat(indent) + word;
	}
	lines.push(line);
	return lines;
}
