import { runWithConcurrency } from '../../../nodes/GooglePhotos/helpers/concurrency';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('runWithConcurrency', () => {
	it('never runs more than the limit at once and runs every task once', async () => {
		let running = 0;
		let peak = 0;
		const done: number[] = [];
		await runWithConcurrency(
			Array.from({ length: 20 }, (_, n) => n),
			4,
			async (task) => {
				running++;
				peak = Math.max(peak, running);
				await tick();
				done.push(task);
				running--;
			},
		);
		expect(peak).toBe(4);
		expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
	});

	it('starts nothing new once asked to stop, and reports what it never started', async () => {
		let stop = false;
		const unsent = await runWithConcurrency(
			[0, 1, 2, 3, 4, 5],
			2,
			async (task) => {
				await tick();
				if (task === 1) stop = true;
			},
			() => stop,
		);
		expect(unsent).toEqual([3, 4, 5]);
	});
});
