/**
 * Masks secrets in anything the demo prints: in live mode every line on stdout and stderr passes
 * through one, so a client secret or token that ends up in an error message is never echoed.
 */
export class Redactor {
	private readonly secrets = new Map<string, string>();

	/** Values shorter than 6 characters are ignored: masking them would mangle ordinary text. */
	add(value: string | undefined, label: string): this {
		if (value !== undefined && value.length >= 6) this.secrets.set(value, label);
		return this;
	}

	redact(text: string): string {
		let result = text;
		// Longest first, so a secret that contains another is masked whole.
		const secrets = [...this.secrets].sort(([a], [b]) => b.length - a.length);
		for (const [value, label] of secrets) result = result.split(value).join(`‹${label} hidden›`);
		return result;
	}
}
