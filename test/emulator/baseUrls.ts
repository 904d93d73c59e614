/**
 * baseUrl lifetimes. A baseUrl carries the number of the generation it was issued in; a generation
 * lives `ttlMs` from its start. Generations roll over at most every second (a tenth of the TTL when
 * that is shorter), so item JSON can stay pre-rendered and a URL never outlives its TTL — it may die
 * up to one roll-over early, as Google's sometimes do (spec §6).
 */

interface Generation {
	startedAt: number;
	ttlMs: number;
}

export class BaseUrlClock {
	private readonly generations = new Map<number, Generation>();
	private current = 0;
	private ttlMs: number;

	constructor(private readonly defaultTtlMs: number) {
		this.ttlMs = defaultTtlMs;
		this.generations.set(0, { startedAt: Date.now(), ttlMs: this.ttlMs });
	}

	/** The generation to stamp on baseUrls issued now. */
	issue(now: number): number {
		const generation = this.generations.get(this.current);
		const rollOverMs = Math.max(1, Math.min(1000, this.ttlMs / 10));
		if (generation && now - generation.startedAt < rollOverMs) return this.current;
		this.prune(now);
		this.current++;
		this.generations.set(this.current, { startedAt: now, ttlMs: this.ttlMs });
		return this.current;
	}

	isAlive(generation: number, now: number): boolean {
		const found = this.generations.get(generation);
		return found !== undefined && now - found.startedAt < found.ttlMs;
	}

	/** `undefined` restores the configured TTL. Applies to URLs issued from now on. */
	setTtl(ms: number | undefined): void {
		this.ttlMs = ms ?? this.defaultTtlMs;
		const now = Date.now();
		this.prune(now);
		this.current++;
		this.generations.set(this.current, { startedAt: now, ttlMs: this.ttlMs });
	}

	private prune(now: number): void {
		for (const [number, generation] of this.generations) {
			if (now - generation.startedAt >= generation.ttlMs) this.generations.delete(number);
		}
	}
}
