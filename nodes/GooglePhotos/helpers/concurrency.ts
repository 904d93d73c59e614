/**
 * Runs `worker` over `tasks` with at most `limit` in flight, starting tasks in order.
 * Once `shouldStop()` turns true no new task starts; the ones already running finish.
 * Returns the indexes of tasks that were never started.
 */
export async function runWithConcurrency<T>(
	tasks: readonly T[],
	limit: number,
	worker: (task: T, index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<number[]> {
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, async () => {
		while (next < tasks.length && !shouldStop()) {
			const index = next++;
			await worker(tasks[index], index);
		}
	});
	await Promise.all(lanes);
	return Array.from({ length: tasks.length - next }, (_, offset) => next + offset);
}
