/**
 * Reads the user's ids for `--ids-file`: a CSV (or semicolon / tab separated) export with an `id`
 * column, or plain text with one id per line. Each row becomes a sheet row for the example's Set
 * node, so the node sees exactly what it would see after a Google Sheets step.
 */

/** One row of the user's sheet; the node reads `id` (its "Media Item IDs" is `{{ $json.id }}`). */
export type SheetRow = { id: string } & Record<string, string>;

export type IdsFileFormat =
	{ kind: 'lines' } | { kind: 'csv'; column: string; delimiter: ',' | ';' | '\t' };

export interface IdsFileRows {
	rows: SheetRow[];
	format: IdsFileFormat;
	/** Rows with nothing in them (spacing), not given to the workflow. */
	skippedBlankRows: number;
}

export type IdsFile = ({ ok: true } & IdsFileRows) | { ok: false; message: string };

const DELIMITERS = [',', ';', '\t'] as const;

/** Header names taken as the id column, compared without case, spaces, "_" or "-". */
const ID_HEADERS = new Set(['id', 'mediaitemid', 'mediaitemids']);

const isIdHeader = (name: string) => ID_HEADERS.has(name.toLowerCase().replace(/[\s_-]/g, ''));

type Records = { ok: true; records: string[][] } | { ok: false; message: string };

/**
 * RFC 4180 records, leniently: quoted fields may hold delimiters, `""` and line breaks; a quote
 * after leading spaces still opens a field (`a, "b,c"`); CRLF, LF and CR all end a record.
 */
export function parseDelimited(text: string, delimiter: string): Records {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let quoteLine = 0;
	const endField = () => {
		record.push(field);
		field = '';
	};
	const endRecord = () => {
		endField();
		records.push(record);
		record = [];
	};
	for (let i = 0; i < text.length; i++) {
		const character = text[i];
		if (quoted) {
			if (character === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (character === '"') {
				quoted = false;
			} else {
				if (character === '\n') line++;
				field += character;
			}
			continue;
		}
		if (character === '"' && field.trim() === '') {
			field = '';
			quoted = true;
			quoteLine = line;
		} else if (character === delimiter) {
			endField();
		} else if (character === '\r' || character === '\n') {
			if (character === '\r' && text[i + 1] === '\n') i++;
			line++;
			endRecord();
		} else {
			field += character;
		}
	}
	if (quoted) {
		return { ok: false, message: `the quoted field opened on line ${quoteLine} is never closed` };
	}
	if (field !== '' || record.length > 0) endRecord();
	return { ok: true, records };
}

function firstLine(text: string): string {
	return text.split(/\r\n|\n|\r/).find((candidate) => candidate.trim() !== '') ?? '';
}

function findHeader(text: string) {
	const header = firstLine(text);
	for (const delimiter of DELIMITERS) {
		const parsed = parseDelimited(header, delimiter);
		const cells = parsed.ok ? (parsed.records[0] ?? []) : [];
		const index = cells.findIndex((cell) => isIdHeader(cell.trim()));
		if (index !== -1) return { delimiter, index, names: cells.map((cell) => cell.trim()) };
	}
	return undefined;
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

function rowsFromCsv(text: string, header: NonNullable<ReturnType<typeof findHeader>>): IdsFile {
	const parsed = parseDelimited(text, header.delimiter);
	if (!parsed.ok) return { ok: false, message: parsed.message };
	const headerIndex = parsed.records.findIndex((cells) => !isBlank(cells));
	const records = parsed.records.slice(headerIndex + 1);
	const rows: SheetRow[] = [];
	let skippedBlankRows = 0;
	for (const cells of records) {
		// A row with nothing in it is spacing; a row with other cells but no id is a blank cell the
		// node should report, as it does for the example's.
		if (isBlank(cells)) {
			skippedBlankRows++;
			continue;
		}
		const row: Record<string, string> = {};
		header.names.forEach((name, index) => {
			if (index !== header.index) row[name || `column ${index + 1}`] = cells[index] ?? '';
		});
		rows.push({ ...row, id: cells[header.index] ?? '' });
	}
	const format: IdsFileFormat = {
		kind: 'csv',
		column: header.names[header.index],
		delimiter: header.delimiter,
	};
	return { ok: true, rows, format, skippedBlankRows };
}

function unquote(value: string): string {
	const match = /^"(.*)"$/s.exec(value);
	return match ? match[1].replace(/""/g, '"') : value;
}

function rowsFromLines(text: string): IdsFile {
	// The line break that ends the last line starts no row of its own.
	const lines = text
		.replace(/(\r\n|\n|\r)$/, '')
		.split(/\r\n|\n|\r/)
		.map((line) => line.trim());
	const rows = lines.filter((line) => line !== '').map((line) => ({ id: unquote(line) }));
	return {
		ok: true,
		rows,
		format: { kind: 'lines' },
		skippedBlankRows: lines.length - rows.length,
	};
}

/**
 * A file whose first non-blank line has an id column is a CSV; otherwise every non-blank line is
 * one row's value (a line may be a pasted list, which the node splits). A `.csv` or `.tsv` file
 * without an id column is refused rather than read as ids.
 */
export function parseIdsFile(content: string, fileName: string): IdsFile {
	if (content.includes('\u0000') || content.includes('\uFFFD')) {
		return {
			ok: false,
			message: `${fileName} is not a text file (it holds NUL bytes or invalid UTF-8). Give a CSV export or one ID per line, saved as UTF-8 (Excel: "CSV UTF-8").`,
		};
	}
	const text = content.replace(/^\uFEFF/, '');
	const header = findHeader(text);
	let parsed: IdsFile;
	if (header !== undefined) {
		parsed = rowsFromCsv(text, header);
	} else if (/\.(csv|tsv)$/i.test(fileName)) {
		const columns = firstLine(text).slice(0, 80);
		return {
			ok: false,
			message: `${fileName} has no "id" column. Its first line is: ${columns || '(empty)'}\nName the column that holds the media item IDs "id", or give one ID per line.`,
		};
	} else {
		parsed = rowsFromLines(text);
	}
	if (parsed.ok && parsed.rows.length === 0) {
		return { ok: false, message: `${fileName} holds no IDs (no non-blank rows).` };
	}
	if (!parsed.ok) return { ok: false, message: `${fileName} is not valid CSV: ${parsed.message}.` };
	return parsed;
}
