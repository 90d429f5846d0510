// Property-based tests of the advanced selector evaluator (fast-check).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluateAdvancedSelectors, fieldSelectorPasses } from '../../../src/core/trail/advanced';
import type { AdvancedEventSelector, AdvancedFieldSelector, FieldOperator } from '../../../src/core/trail/types';
import type { RawRecord } from '../../../src/core/types';

const PAIRS: ReadonlyArray<readonly [FieldOperator, FieldOperator]> = [
  ['Equals', 'NotEquals'],
  ['StartsWith', 'NotStartsWith'],
  ['EndsWith', 'NotEndsWith'],
];

const shortText = fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'b', '/', ':') });
const operands = fc.array(shortText, { minLength: 1, maxLength: 4 });

const FIELDS = ['eventName', 'eventSource', 'readOnly', 'eventType', 'resources.ARN', 'userIdentity.arn'] as const;
const OPERATORS: FieldOperator[] = ['Equals', 'NotEquals', 'StartsWith', 'NotStartsWith', 'EndsWith', 'NotEndsWith'];

const fieldSelector: fc.Arbitrary<AdvancedFieldSelector> = fc
  .record({ field: fc.constantFrom(...FIELDS), operator: fc.constantFrom(...OPERATORS), values: operands })
  .map(({ field, operator, values }) => ({ Field: field, [operator]: values }) as AdvancedFieldSelector);
const selector: fc.Arbitrary<AdvancedEventSelector> = fc
  .array(fieldSelector, { minLength: 1, maxLength: 3 })
  .map((FieldSelectors) => ({ FieldSelectors }));
const record: fc.Arbitrary<RawRecord> = fc.record({
  eventName: shortText,
  eventSource: shortText,
  eventType: shortText,
  readOnly: fc.boolean(),
  eventCategory: fc.constant('Data'),
  userIdentity: fc.record({ arn: shortText }),
  resources: fc.array(fc.record({ type: fc.constant('AWS::S3::Object'), ARN: shortText }), { minLength: 1, maxLength: 2 }),
});

describe('advanced selector evaluator: properties', () => {
  for (const [select, deselect] of PAIRS) {
    it(`${deselect} is the negation of ${select} on the same values (single-valued field)`, () => {
      fc.assert(
        fc.property(shortText, operands, (actual, values) => {
          const selected = fieldSelectorPasses({ Field: 'eventName', [select]: values }, [actual]);
          const deselected = fieldSelectorPasses({ Field: 'eventName', [deselect]: values }, [actual]);
          assert.equal(deselected, !selected);
        }),
      );
    });
  }

  it('a field with only DESELECT operators passes when the record lacks the field', () => {
    fc.assert(
      fc.property(fc.constantFrom<FieldOperator>('NotEquals', 'NotStartsWith', 'NotEndsWith'), operands, (operator, values) => {
        assert.equal(fieldSelectorPasses({ Field: 'eventName', [operator]: values }, []), true);
      }),
    );
  });

  it('values of one operator OR together: adding a value never turns a selected event into an unselected one', () => {
    fc.assert(
      fc.property(
        shortText,
        fc.constantFrom<FieldOperator>('Equals', 'StartsWith', 'EndsWith'),
        operands,
        shortText,
        (actual, operator, values, extra) => {
          if (fieldSelectorPasses({ Field: 'eventName', [operator]: values }, [actual])) {
            assert.equal(fieldSelectorPasses({ Field: 'eventName', [operator]: [...values, extra] }, [actual]), true);
          }
        },
      ),
    );
  });

  it('selectors OR together: adding a selector never turns a logged event into an unlogged one', () => {
    fc.assert(
      fc.property(record, fc.array(selector, { maxLength: 3 }), selector, (event, selectors, added) => {
        if (loggedBy(event, selectors)) assert.equal(loggedBy(event, [...selectors, added]), true);
        assert.equal(loggedBy(event, [...selectors, added]), loggedBy(event, selectors) || loggedBy(event, [added]));
      }),
    );
  });

  it('fields AND together: adding a field selector never turns an unlogged event into a logged one', () => {
    fc.assert(
      fc.property(record, selector, fieldSelector, (event, base, added) => {
        if (!loggedBy(event, [base])) {
          assert.equal(loggedBy(event, [{ FieldSelectors: [...base.FieldSelectors, added] }]), false);
        }
      }),
    );
  });
});

/** The verdict the trail explanation gives: the function the extension and the CLI use, tested as it is. */
function loggedBy(event: RawRecord, selectors: AdvancedEventSelector[]): boolean {
  return evaluateAdvancedSelectors(event, selectors).logged;
}
