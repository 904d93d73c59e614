import { Redactor } from '../../scripts/demo/redact';

describe('Redactor', () => {
	it('masks every occurrence of each secret with its label', () => {
		const redactor = new Redactor()
			.add('GOCSPX-abcdef', 'client secret')
			.add('1//0refresh', 'refresh token');
		expect(redactor.redact('secret GOCSPX-abcdef, token 1//0refresh, again GOCSPX-abcdef')).toBe(
			'secret ‹client secret hidden›, token ‹refresh token hidden›, again ‹client secret hidden›',
		);
	});

	it('masks a secret that contains another one as a whole', () => {
		const redactor = new Redactor().add('abcdef', 'short').add('xxabcdefyy', 'long');
		expect(redactor.redact('xxabcdefyy')).toBe('‹long hidden›');
	});

	it('ignores values too short to mask safely', () => {
		expect(new Redactor().add('ab', 'x').add(undefined, 'y').redact('ab')).toBe('ab');
	});
});
