// Advanced event selectors, evaluated with the documented combination rules:
// selectors OR together; the field selectors of one selector AND together; inside one field, the values of an
// operator OR together, the SELECT operators (Equals, StartsWith, EndsWith) OR together, and the event is excluded
// when any DESELECT condition (NotEquals, NotStartsWith, NotEndsWith) is met; a field with only DESELECT operators
// has no SELECT part to satisfy. Comparisons are exact and case-sensitive (case rules are not documented).
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html

import type { RawRecord } from '../types';
import { readSelectorField } from './eventFields';
import {
  DESELECT_OPERATORS,
  SELECT_OPERATORS,
  type AdvancedEventSelector,
  type AdvancedFieldSelector,
  type ExplanationNode,
  type FieldOperator,
} from './types';

/** The positive test of each operator; a DESELECT operator's condition is met when its positive test holds. */
const OPERATOR_TESTS: Readonly<Record<FieldOperator, (actual: string, operand: string) => boolean>> = {
  Equals: (actual, operand) => actual === operand,
  NotEquals: (actual, operand) => actual === operand,
  StartsWith: (actual, operand) => actual.startsWith(operand),
  NotStartsWith: (actual, operand) => actual.startsWith(operand),
  EndsWith: (actual, operand) => actual.endsWith(operand),
  NotEndsWith: (actual, operand) => actual.endsWith(operand),
};

const OPERATOR_WORDS: Readonly<Record<FieldOperator, string>> = {
  Equals: 'equals',
  NotEquals: 'does not equal',
  StartsWith: 'starts with',
  NotStartsWith: 'does not start with',
  EndsWith: 'ends with',
  NotEndsWith: 'does not end with',
};

function conditionMet(operator: FieldOperator, operands: ReadonlyArray<string>, actual: ReadonlyArray<string>): boolean {
  const test = OPERATOR_TESTS[operator];
  return actual.some((value) => operands.some((operand) => test(value, operand)));
}

/** Whether one field selector passes for the event's values of that field (pure; used by property tests). */
export function fieldSelectorPasses(fieldSelector: AdvancedFieldSelector, actual: ReadonlyArray<string>): boolean {
  let hasSelect = false;
  let selected = false;
  for (const operator of SELECT_OPERATORS) {
    const operands = fieldSelector[operator];
    if (operands === undefined) continue;
    hasSelect = true;
    if (conditionMet(operator, operands, actual)) selected = true;
  }
  if (hasSelect && !selected) return false;
  for (const operator of DESELECT_OPERATORS) {
    const operands = fieldSelector[operator];
    if (operands !== undefined && conditionMet(operator, operands, actual)) return false;
  }
  return true;
}

function selectedResourceTypes(selector: AdvancedEventSelector): string[] {
  const types: string[] = [];
  for (const fieldSelector of selector.FieldSelectors) {
    if (fieldSelector.Field === 'resources.type') types.push(...(fieldSelector.Equals ?? []));
  }
  return types;
}

function describeActual(values: ReadonlyArray<string>): string {
  if (values.length === 0) return 'absent from the record';
  return values.map((value) => JSON.stringify(value)).join(', ');
}

export interface AdvancedEvaluation {
  logged: boolean;
  reasons: string[];
  nodes: ExplanationNode[];
}

function selectorTitle(selector: AdvancedEventSelector, index: number): string {
  return `Advanced selector ${index + 1}${selector.Name ? ` "${selector.Name}"` : ''}`;
}

/** One node per field, one child per operator condition. */
function explainFieldSelector(
  record: RawRecord,
  fieldSelector: AdvancedFieldSelector,
  selectedTypes: string[],
): { passed: boolean; node: ExplanationNode; failure: string; success: string } {
  const { values, note } = readSelectorField(record, fieldSelector.Field, selectedTypes);
  const passed = fieldSelectorPasses(fieldSelector, values);
  const children: ExplanationNode[] = [];
  const conditionTexts: string[] = [];
  for (const operator of [...SELECT_OPERATORS, ...DESELECT_OPERATORS]) {
    const operands = fieldSelector[operator];
    if (operands === undefined) continue;
    const met = conditionMet(operator, operands, values);
    const isDeselect = DESELECT_OPERATORS.includes(operator);
    const condition = `${operator} ${JSON.stringify(operands)}`;
    conditionTexts.push(condition);
    children.push({
      label: `${fieldSelector.Field} ${OPERATOR_WORDS[operator]} ${operands.map((operand) => JSON.stringify(operand)).join(' or ')}: ${
        isDeselect
          ? met
            ? 'this leaves the event out'
            : 'this does not leave the event out'
          : met
            ? 'the event is selected'
            : 'the event is not selected'
      }.`,
      outcome: isDeselect ? (met ? 'not-matched' : 'matched') : met ? 'matched' : 'not-matched',
      field: fieldSelector.Field,
      condition,
      actual: values.length === 1 ? (values[0] as string) : values.length === 0 ? null : values,
    });
  }
  const actualText = describeActual(values);
  return {
    passed,
    failure: `${fieldSelector.Field} is ${actualText}, which fails ${conditionTexts.join(' and ')}`,
    success: `${fieldSelector.Field} ${actualText} passes ${conditionTexts.join(' and ')}`,
    node: {
      label: `${values.length === 0 ? `The record has no ${fieldSelector.Field}` : `${fieldSelector.Field} is ${actualText}`}${note ? ` (${note})` : ''}, which this field selector ${passed ? 'accepts' : 'rejects'}.`,
      outcome: passed ? 'matched' : 'not-matched',
      field: fieldSelector.Field,
      condition: conditionTexts.join(' AND '),
      actual: values.length === 1 ? (values[0] as string) : values.length === 0 ? null : values,
      children,
    },
  };
}

/** Evaluates every selector (no short-circuit, so the tree shows all of them). */
export function evaluateAdvancedSelectors(record: RawRecord, selectors: ReadonlyArray<AdvancedEventSelector>): AdvancedEvaluation {
  const nodes: ExplanationNode[] = [];
  const matchedReasons: string[] = [];
  const failedReasons: string[] = [];
  selectors.forEach((selector, index) => {
    const selectedTypes = selectedResourceTypes(selector);
    const fields = selector.FieldSelectors.map((fieldSelector) => explainFieldSelector(record, fieldSelector, selectedTypes));
    const passed = fields.every((field) => field.passed);
    const title = selectorTitle(selector, index);
    if (passed) {
      matchedReasons.push(`${title} matched: ${fields.map((field) => field.success).join('; ')}.`);
    } else {
      const firstFailure = fields.find((field) => !field.passed);
      failedReasons.push(`${title} did not match: ${firstFailure?.failure ?? 'no field selectors'}.`);
    }
    nodes.push({
      label: `${title} ${passed ? 'selects the event: every field matches' : 'does not select the event: a field does not match'}.`,
      condition: 'all field selectors must match (AND)',
      outcome: passed ? 'matched' : 'not-matched',
      children: fields.map((field) => field.node),
    });
  });
  if (selectors.length === 0) failedReasons.push('The trail has advanced event selectors but none is configured, so it logs nothing.');
  return { logged: matchedReasons.length > 0, reasons: [...matchedReasons, ...failedReasons], nodes };
}
