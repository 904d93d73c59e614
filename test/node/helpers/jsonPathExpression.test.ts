import {
	readJsonPath,
	simpleJsonPath,
} from '../../../nodes/GooglePhotos/helpers/jsonPathExpression';

describe('simpleJsonPath', () => {
	it.each([
		['={{ $json.id }}', ['id']],
		['={{$json.id}}', ['id']],
		['={{ $json.row.mediaItemId }}', ['row', 'mediaItemId']],
		['={{ $json["media item id"] }}', ['media item id']],
		["={{ $json['id'].value }}", ['id', 'value']],
	])('recognises %s as a plain field path', (raw, path) => {
		expect(simpleJsonPath(raw)).toEqual(path);
	});

	it.each([
		'={{ $json.id.trim() }}',
		'={{ $json.ids.join(",") }}',
		'={{ $json.id || $json.mediaItemId }}',
		'={{ $json[0] }}',
		'={{ $json }}',
		'={{ $("Sheet").item.json.id }}',
		'={{ $json.a }} and {{ $json.b }}',
		'AOTPd3sQ-abc',
		'$json.id',
		undefined,
		42,
	])('leaves %p to n8n’s expression engine', (raw) => {
		expect(simpleJsonPath(raw)).toBeUndefined();
	});
});

describe('readJsonPath', () => {
	const json = { id: 'a', row: { ids: ['b', 'c'] }, nothing: null };

	it('reads what the expression would give, undefined for a missing field', () => {
		expect(readJsonPath(json, ['id'])).toEqual({ resolved: true, value: 'a' });
		expect(readJsonPath(json, ['row', 'ids'])).toEqual({ resolved: true, value: ['b', 'c'] });
		expect(readJsonPath(json, ['nothing'])).toEqual({ resolved: true, value: null });
		expect(readJsonPath(json, ['missing'])).toEqual({ resolved: true, value: undefined });
	});

	it('leaves paths through non-objects to n8n, whose semantics there are its own', () => {
		expect(readJsonPath(json, ['nothing', 'deeper'])).toEqual({ resolved: false });
		expect(readJsonPath(json, ['id', 'length'])).toEqual({ resolved: false });
		expect(readJsonPath(json, ['missing', 'deeper'])).toEqual({ resolved: false });
	});

	it('never reads inherited properties', () => {
		expect(readJsonPath(json, ['constructor'])).toEqual({ resolved: true, value: undefined });
		expect(readJsonPath(json, ['__proto__'])).toEqual({ resolved: true, value: undefined });
	});
});
