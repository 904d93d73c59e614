/**
 * docs/benchmarks.svg: API requests and wall time against N, log–log, both approaches, written by
 * hand (no plotting dependency). Extrapolated points are hollow, joined by dotted lines.
 */
import type { Approach } from './protocol';
import type { Row } from './results';
import { count, duration } from './report';

const WIDTH = 900;
const HEIGHT = 440;
const PANEL = { width: 330, height: 270, top: 50, left: [80, 530] };
const COLOR: Record<Approach, string> = { batchGet: '#1b6ac9', naive: '#d9480f' };
const FLOOR = '#7a7a7a';
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

interface Point {
	n: number;
	value: number;
	extrapolated: boolean;
}

interface Series {
	points: Point[];
	color: string;
	marker: 'circle' | 'square' | 'none';
	dash?: string;
	/** Writes the value of the largest N beside its point. */
	label?: (value: number) => string;
}

interface Axis {
	min: number;
	max: number;
}

/** Whole decades around the values. */
function decades(values: number[]): Axis {
	const positive = values.filter((v) => v > 0);
	return {
		min: 10 ** Math.floor(Math.log10(Math.min(...positive))),
		max: 10 ** Math.ceil(Math.log10(Math.max(...positive))),
	};
}

function scale(axis: Axis, length: number, value: number): number {
	return (length * Math.log10(value / axis.min)) / Math.log10(axis.max / axis.min);
}

function decadeLabel(value: number, unit: string): string {
	if (unit === 's' && value < 1) return `${Math.round(value * 1000)} ms`;
	return `${count(value)}${unit ? ` ${unit}` : ''}`;
}

function marker(kind: Series['marker'], x: number, y: number, color: string, hollow: boolean) {
	const fill = hollow ? 'white' : color;
	if (kind === 'circle')
		return `<circle cx="${x}" cy="${y}" r="4" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`;
	if (kind === 'square')
		return `<rect x="${x - 3.5}" y="${y - 3.5}" width="7" height="7" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`;
	return '';
}

function panel(left: number, title: string, yUnit: string, xs: number[], series: Series[]): string {
	const { width, height, top } = PANEL;
	// Room on the right for the value labels of the largest N.
	const xAxis = { min: Math.min(...xs) / 2, max: Math.max(...xs) * 6 };
	const yAxis = decades(series.flatMap((s) => s.points.map((p) => p.value)));
	const x = (n: number) => left + scale(xAxis, width, n);
	const y = (v: number) => top + height - scale(yAxis, height, v);
	const out: string[] = [];
	const labels: string[] = [];

	out.push(
		`<text x="${left + width / 2}" y="${top - 18}" text-anchor="middle" font-size="15" font-weight="bold" ${FONT}>${title}</text>`,
	);
	for (let v = yAxis.min; v <= yAxis.max * 1.0001; v *= 10) {
		out.push(
			`<line x1="${left}" x2="${left + width}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e4e4"/>`,
		);
		out.push(
			`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" ${FONT}>${decadeLabel(v, yUnit)}</text>`,
		);
	}
	for (const n of xs) {
		out.push(`<line x1="${x(n)}" x2="${x(n)}" y1="${top}" y2="${top + height}" stroke="#efefef"/>`);
		out.push(
			`<text x="${x(n)}" y="${top + height + 16}" text-anchor="middle" font-size="11" ${FONT}>${count(n)}</text>`,
		);
	}
	out.push(
		`<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#999"/>`,
	);
	out.push(
		`<text x="${left + width / 2}" y="${top + height + 34}" text-anchor="middle" font-size="12" ${FONT}>input ids (N, log scale)</text>`,
	);

	for (const s of series) {
		const points = [...s.points].sort((a, b) => a.n - b.n);
		for (let i = 1; i < points.length; i++) {
			const [a, b] = [points[i - 1], points[i]];
			const dash = b.extrapolated ? '2 3' : s.dash;
			out.push(
				`<line x1="${x(a.n)}" y1="${y(a.value)}" x2="${x(b.n)}" y2="${y(b.value)}" stroke="${s.color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
			);
		}
		for (const p of points) out.push(marker(s.marker, x(p.n), y(p.value), s.color, p.extrapolated));
		const last = points[points.length - 1];
		if (s.label && last) {
			// Labels go on top of every line, so they are collected and drawn last.
			const text = `${last.extrapolated ? '~' : ''}${s.label(last.value)}`;
			labels.push(
				`<text x="${x(last.n) + 8}" y="${y(last.value) + 4}" font-size="11" fill="${s.color}" stroke="white" stroke-width="3" paint-order="stroke" ${FONT}>${text}</text>`,
			);
		}
	}
	return [...out, ...labels].join('\n');
}

type LegendItem = [symbol: string, label: string];

/** One centred row of legend entries at height `y`. */
function legendRow(items: LegendItem[], y: number): string {
	// About 6.5 px per character at 12 px, plus the symbol and a gap.
	const widths = items.map(([, label]) => 28 + label.length * 6.5 + 24);
	let x = (WIDTH - widths.reduce((a, b) => a + b, 0)) / 2;
	return items
		.map(([symbol, label], i) => {
			const at = x;
			x += widths[i];
			return `<g transform="translate(${at},${y})">${symbol}<text x="28" y="4" font-size="12" ${FONT}>${label}</text></g>`;
		})
		.join('\n');
}

function legend(latencies: number[]): string {
	const line = (color: string, dash = '') =>
		`<line x1="0" y1="0" x2="22" y2="0" stroke="${color}" stroke-width="${dash ? 2 : 3}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
	const slowest = latencies[latencies.length - 1];
	const floorLabel =
		slowest > 0
			? `floor: ceil(distinct/50) requests; their latency at ${slowest} ms, 4 at a time`
			: 'floor: ceil(distinct/50) requests';
	const markers: LegendItem[] = latencies.map((latencyMs) => [
		marker(latencyMs === 0 ? 'circle' : 'square', 11, 0, '#444', false),
		`${latencyMs} ms latency`,
	]);
	return [
		legendRow(
			[
				[line(COLOR.batchGet), 'Batch Get (this node)'],
				[line(COLOR.naive), 'naive: one GET per id'],
				[line(FLOOR, '6 4'), floorLabel],
			],
			HEIGHT - 44,
		),
		legendRow(
			[
				...markers,
				[marker('circle', 11, 0, '#444', true), 'extrapolated (naive, from a smaller run)'],
			],
			HEIGHT - 20,
		),
	].join('\n');
}

function points(
	rows: Row[],
	approach: Approach,
	latencyMs: number,
	pick: (row: Row) => number,
): Point[] {
	return rows
		.filter((row) => row.approach === approach && row.latencyMs === latencyMs)
		.map((row) => ({
			n: row.n,
			value: pick(row),
			extrapolated: row.extrapolatedFrom !== undefined,
		}));
}

export function plotSvg(rows: Row[]): string {
	const xs = [...new Set(rows.map((row) => row.n))].sort((a, b) => a - b);
	const latencies = [...new Set(rows.map((row) => row.latencyMs))].sort((a, b) => a - b);
	const markerFor = (latencyMs: number): Series['marker'] =>
		latencyMs === 0 ? 'circle' : 'square';
	const floorRows = rows.filter(
		(row) => row.approach === 'batchGet' && row.latencyMs === latencies[0],
	);

	// Requests do not depend on latency: one line per approach, from the lowest latency measured.
	const requests: Series[] = [
		{
			points: floorRows.map((row) => ({ n: row.n, value: row.floor, extrapolated: false })),
			color: FLOOR,
			marker: 'none',
			dash: '6 4',
		},
		...(['naive', 'batchGet'] as const).map((approach) => ({
			points: points(rows, approach, latencies[0], (row) => row.requests),
			color: COLOR[approach],
			marker: markerFor(latencies[0]),
			label: count,
		})),
	];
	const slowest = latencies[latencies.length - 1];
	const wall: Series[] = [
		...(slowest > 0
			? [
					{
						points: points(rows, 'batchGet', slowest, (row) => row.latencyFloorMs / 1000),
						color: FLOOR,
						marker: 'none' as const,
						dash: '6 4',
					},
				]
			: []),
		...(['naive', 'batchGet'] as const).flatMap((approach) =>
			latencies.map((latencyMs) => ({
				points: points(rows, approach, latencyMs, (row) => row.wallMs / 1000),
				color: COLOR[approach],
				marker: markerFor(latencyMs),
				label: (seconds: number) => duration(seconds * 1000),
			})),
		),
	];

	return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>
${panel(PANEL.left[0], 'API requests', '', xs, requests)}
${panel(PANEL.left[1], 'Wall time', 's', xs, wall)}
${legend(latencies)}
</svg>
`;
}
