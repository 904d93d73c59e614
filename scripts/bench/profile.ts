/**
 * Summarises a V8 CPU profile (the benchmark's, or `node --cpu-prof`'s): the frames with the most
 * self time, and the engine's and the node's frames with the most total time (self + callees).
 *   tsx scripts/bench/profile.ts <file.cpuprofile> [--top 25] [--match text]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface FrameTime {
	frame: string;
	selfMs: number;
	totalMs: number;
}

/** Frames that wrap everything or nothing: not where time goes. */
const GENERIC = /^\((root|program|idle)\)|^(processTicksAndRejections|runMicrotasks) /;
/** Frames of n8n's engine and of our package, for the "by total time" list. */
const OURS_OR_ENGINE = /(^| )(dist\/|n8n-core\/|n8n-workflow\/|scripts\/|test\/engine\/)/;

function frameName(callFrame: ProfileNode['callFrame'], root: string): string {
	const { functionName, url, lineNumber } = callFrame;
	const file = url
		.replace(/^file:\/\//, '')
		.replace(`${root}/`, '')
		.replace(/^.*node_modules\//, '');
	return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/** Self and total time per frame name; a frame recursing counts once per sample in its total. */
export function frameTimes(
	profile: CpuProfile,
	root: string,
): { frames: FrameTime[]; sampledMs: number } {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const names = new Map(profile.nodes.map((node) => [node.id, frameName(node.callFrame, root)]));

	const self = new Map<string, number>();
	const total = new Map<string, number>();
	let sampledMs = 0;
	profile.samples.forEach((id, index) => {
		const ms = (profile.timeDeltas[index] ?? 0) / 1000;
		sampledMs += ms;
		if (!byId.has(id)) return;
		self.set(names.get(id)!, (self.get(names.get(id)!) ?? 0) + ms);
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const name = names.get(at)!;
			if (seen.has(name)) continue;
			seen.add(name);
			total.set(name, (total.get(name) ?? 0) + ms);
		}
	});
	const frames = [...total.entries()].map(([frame, totalMs]) => ({
		frame,
		totalMs,
		selfMs: self.get(frame) ?? 0,
	}));
	return { frames, sampledMs };
}

function lines(frames: FrameTime[], sampledMs: number): string[] {
	return frames.map(
		({ frame, selfMs, totalMs }) =>
			`${selfMs.toFixed(0).padStart(7)} ${totalMs.toFixed(0).padStart(7)} ${((100 * totalMs) / sampledMs).toFixed(1).padStart(5)}%  ${frame}`,
	);
}

/** A Markdown section: top self-time frames, then the engine's and the node's by total time. */
export function profileSummary(file: string, title: string, root: string, top = 12): string {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const { frames, sampledMs } = frameTimes(profile, root);
	const bySelf = [...frames].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
	const byTotal = frames
		.filter(({ frame }) => OURS_OR_ENGINE.test(frame) && !GENERIC.test(frame))
		.sort((a, b) => b.totalMs - a.totalMs)
		.slice(0, top);
	return [
		`#### ${title}`,
		'',
		'```',
		`${sampledMs.toFixed(0)} ms of the measured run sampled. Columns: self ms, total ms, total %.`,
		'By self time:',
		...lines(bySelf, sampledMs),
		'engine and node frames by total time (self + callees):',
		...lines(byTotal, sampledMs),
		'```',
		'',
		`Profile: \`${file.replace(`${root}/`, '')}\` (open in Chrome DevTools → Performance, or summarise with \`tsx scripts/bench/profile.ts <file>\`).`,
	].join('\n');
}

function main(): void {
	const [file, ...rest] = process.argv.slice(2);
	const option = (name: string) => {
		const at = rest.indexOf(name);
		return at >= 0 ? rest[at + 1] : undefined;
	};
	const top = Number(option('--top') ?? 25);
	const match = option('--match');
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const { frames, sampledMs } = frameTimes(profile, process.cwd());
	const shown = match ? frames.filter(({ frame }) => frame.includes(match)) : frames;
	console.log(`${sampledMs.toFixed(0)} ms sampled\n\n   self   total  total%  — by self time`);
	console.log(
		lines([...shown].sort((a, b) => b.selfMs - a.selfMs).slice(0, top), sampledMs).join('\n'),
	);
	console.log('\n   self   total  total%  — by total time');
	console.log(
		lines([...shown].sort((a, b) => b.totalMs - a.totalMs).slice(0, top), sampledMs).join('\n'),
	);
}

if (require.main === module) main();
