import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { forEachElement, forEachMember, skipValue, skipWhitespace } from '../../../src/core/load/jsonBytes';
import { jsonPathAt } from '../../../src/core/locate/locateAtOffset';

/** The former descent (members and elements skipped value by value at every level): right, but quadratic in depth. */
function referencePath(bytes: Uint8Array, target: number): (string | number)[] {
  const path: (string | number)[] = [];
  let pos = skipWhitespace(bytes, 0);
  for (;;) {
    const first = bytes[pos];
    let inner = -1;
    if (first === 0x7b) {
      forEachMember(bytes, pos, (keyStart, keyEnd, valueStart) => {
        const valueEnd = skipValue(bytes, valueStart);
        if (inner < 0 && target >= keyStart - 1 && target < valueEnd) {
          path.push(JSON.parse(Buffer.from(bytes.subarray(keyStart - 1, keyEnd + 1)).toString('utf8')) as string);
          inner = target >= valueStart ? valueStart : -2;
        }
        return valueEnd;
      });
    } else if (first === 0x5b) {
      let index = 0;
      forEachElement(bytes, pos, (elementStart, elementEnd) => {
        if (inner < 0 && target >= elementStart && target < elementEnd) {
          path.push(index);
          inner = elementStart;
        }
        index++;
      });
    }
    if (inner < 0) return path;
    pos = inner;
  }
}

describe('jsonPathAt', () => {
  it('gives the path of the former descent at every byte of random JSON, pretty or compact', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), fc.boolean(), fc.nat(), (json, pretty, seed) => {
        const text = pretty ? JSON.stringify(JSON.parse(json), null, 2) : json;
        const bytes = Buffer.from(` ${text} `, 'utf8');
        const target = seed % bytes.length;
        assert.deepEqual(jsonPathAt(bytes, target), referencePath(bytes, target), `at ${target} of ${bytes.toString()}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('keys named like Object.prototype members are path steps', () => {
    const bytes = Buffer.from('{"__proto__":{"constructor":[1,{"toString":"x"}]}}');
    assert.deepEqual(jsonPathAt(bytes, bytes.indexOf('"x"')), ['__proto__', 'constructor', 1, 'toString']);
  });

  it('a record nested 200,000 deep is located in one pass', () => {
    const depth = 200_000;
    const bytes = Buffer.from(`{"deep":${'['.repeat(depth)}"arn:aws:s3:::b"${']'.repeat(depth)},"eventName":"x"}`);
    const path = jsonPathAt(bytes, bytes.indexOf('arn:'));
    assert.equal(path.length, depth + 1);
    assert.deepEqual(jsonPathAt(bytes, bytes.indexOf('"eventName"') + 1), ['eventName']);
  });

  it('text being edited (not valid JSON) still gets a path and never throws', () => {
    for (const text of ['{"a":{"b":', '{"a":[1,2', '{"a" "b"}', '{{{', '"unterminated', '{"a":tru', ']]]}}}', '']) {
      const bytes = Buffer.from(text);
      for (let target = 0; target <= bytes.length; target++) assert.ok(Array.isArray(jsonPathAt(bytes, target)));
    }
    assert.deepEqual(jsonPathAt(Buffer.from('{"a":{"b":'), 8), ['a', 'b']);
  });
});
