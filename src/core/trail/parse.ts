// Trail configurations from JSON or JSONC text (comments and trailing commas allowed), in the shapes people have:
// - `aws cloudtrail get-event-selectors`: { TrailARN, EventSelectors | AdvancedEventSelectors }
//   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-additional-cli-commands.html
// - `aws cloudtrail describe-trails` { trailList: [...] } or `get-trail` { Trail: {...} }, each trail optionally
//   carrying its selectors and IsLogging (from get-trail-status), or with a get-event-selectors output beside it
//   (same file under `EventSelectors`/`AdvancedEventSelectors`, or another file: merged by TrailARN in load.ts)
//   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
// - a CloudFormation template with Resources of Type AWS::CloudTrail::Trail
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html
// - `aws cloudtrail get-trail-status` { IsLogging, StartLoggingTime, StopLoggingTime, … }: it names no trail, so it is
//   paired in load.ts by a Name or TrailARN key the user adds, or by file name (`<trail>.status.json` beside
//   `<trail>.trail.json`). The same status fields inside a trail object apply to that trail.
//   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
// Every problem is a ConfigError with the 1-based line and column of the offending value; its message does not
// repeat the file and position (callers show them as `file:line:column: message`).

import { findNodeAtLocation, parseTree, printParseErrorCode, getNodeValue, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import type {
  AdvancedEventSelector,
  AdvancedFieldSelector,
  BasicEventSelector,
  ConfigError,
  DataResource,
  FieldOperator,
  ReadWriteType,
  TrailConfig,
} from './types';
import { isSelectorField, SELECTOR_FIELD_NAMES } from './eventFields';
import { DESELECT_OPERATORS, SELECT_OPERATORS } from './types';
import { nestingBeyond } from './nesting';
import { trailArnParts } from './trailArn';

const OPERATORS: ReadonlySet<string> = new Set([...SELECT_OPERATORS, ...DESELECT_OPERATORS]);
const READ_WRITE_TYPES: ReadonlySet<string> = new Set(['All', 'ReadOnly', 'WriteOnly']);
const CLOUDFORMATION_TRAIL_TYPE = 'AWS::CloudTrail::Trail';
/** Deeper than any trail configuration or template needs, and shallow enough for the recursive JSONC parser. */
const MAX_NESTING = 64;

/** The default selector of a new trail: all management events, read and write, no data events.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html */
export function defaultEventSelectors(): BasicEventSelector[] {
  return [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [], DataResources: [] }];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The logging status a get-trail-status output gives: the current state and the latest start and stop. */
export interface LoggingStatus {
  isLogging: boolean | null;
  startedLoggingAt: string | null;
  stoppedLoggingAt: string | null;
}

/** A get-trail-status output found on its own, waiting to be paired with its trail. */
export interface PendingStatus extends LoggingStatus {
  /** Name or TrailARN the user added to the output, or null. */
  trailKey: string | null;
  file: string;
  line: number;
}

/** What one configuration file holds. */
export interface ParsedTrailFile {
  trails: TrailConfig[];
  statuses: PendingStatus[];
  errors: ConfigError[];
}

/** Reads one configuration text; never throws. */
export function parseTrailConfigurations(text: string, file: string): ParsedTrailFile {
  const reader = new ConfigReader(text, file);
  return reader.read();
}

/** get-trail-status gives each time under two names (StartLoggingTime and TimeLoggingStarted, …). */
const STATUS_TIME_KEYS = { started: ['StartLoggingTime', 'TimeLoggingStarted'], stopped: ['StopLoggingTime', 'TimeLoggingStopped'] } as const;

/** A status time as ISO: the CLI prints ISO text with an offset, the API JSON epoch seconds. */
function statusTime(value: unknown): string | null {
  let ms = Number.NaN;
  if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string' && value !== '') ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : null;
}

/** Selector block found in a file, waiting to be attached to its trail. */
export interface PendingSelectors {
  trailArn: string | null;
  eventSelectors: BasicEventSelector[] | null;
  advancedEventSelectors: AdvancedEventSelector[] | null;
  line: number;
}

class ConfigReader {
  private readonly errors: ConfigError[] = [];
  private readonly lineStarts: number[] = [0];
  private root: Node | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    for (let index = 0; index < text.length; index++) {
      if (text.charCodeAt(index) === 10) this.lineStarts.push(index + 1);
    }
  }

  private readonly statuses: PendingStatus[] = [];

  read(): ParsedTrailFile {
    const nothing = (): ParsedTrailFile => ({ trails: [], statuses: [], errors: this.errors });
    if (this.text.trim() === '') {
      this.errorAtOffset(0, 'The file is empty: expected a trail configuration.');
      return nothing();
    }
    const tooDeep = nestingBeyond(this.text, MAX_NESTING);
    if (tooDeep !== null) {
      this.errorAtOffset(tooDeep, `Nested more than ${MAX_NESTING} levels deep: no trail configuration is; the file is not read.`);
      return nothing();
    }
    const parseErrors: ParseError[] = [];
    this.root = parseTree(this.text, parseErrors, { allowTrailingComma: true, disallowComments: false });
    for (const error of parseErrors) {
      this.errorAtOffset(error.offset, `JSON syntax error: ${describeParseError(printParseErrorCode(error.error))}`);
    }
    if (this.root === undefined) return nothing();
    const value: unknown = getNodeValue(this.root);
    if (!isObject(value)) {
      this.error([], 'Expected a JSON object: get-event-selectors, describe-trails or get-trail-status output, or a CloudFormation template.');
      return nothing();
    }
    const trails = this.readDocument(value);
    return { trails, statuses: this.statuses, errors: this.errors };
  }

  /** The status fields of an object (a trail or a get-trail-status output), or null when it has none. */
  private readLoggingStatus(object: Json, path: JSONPath): LoggingStatus | null {
    const times = { started: null as string | null, stopped: null as string | null };
    let found = object.IsLogging !== undefined;
    for (const which of ['started', 'stopped'] as const) {
      for (const key of STATUS_TIME_KEYS[which]) {
        if (object[key] === undefined) continue;
        found = true;
        const time = statusTime(object[key]);
        if (time === null) this.error([...path, key], `${key} must be a time (ISO 8601 text or epoch seconds); it is ignored.`);
        times[which] ??= time;
      }
    }
    if (!found) return null;
    return { isLogging: this.booleanProperty(object, 'IsLogging', path), startedLoggingAt: times.started, stoppedLoggingAt: times.stopped };
  }

  private readDocument(document: Json): TrailConfig[] {
    if (isObject(document.Resources)) return this.readCloudFormation(document.Resources);
    const descriptions: Array<{ trail: Json; path: JSONPath }> = [];
    if (Array.isArray(document.trailList)) {
      document.trailList.forEach((trail, index) => {
        if (isObject(trail)) descriptions.push({ trail, path: ['trailList', index] });
        else this.error(['trailList', index], 'Each trailList entry must be an object describing a trail.');
      });
    }
    if (isObject(document.Trail)) descriptions.push({ trail: document.Trail, path: ['Trail'] });
    const topSelectors = this.readSelectorBlock(document, []);
    if (descriptions.length === 0 && topSelectors === null) {
      const status = this.readLoggingStatus(document, []);
      if (status !== null) {
        const key = typeof document.TrailARN === 'string' ? document.TrailARN : typeof document.Name === 'string' ? document.Name : null;
        this.statuses.push({ ...status, trailKey: key, file: this.file, line: 1 });
        return [];
      }
      this.error(
        [],
        'Not a trail configuration: expected EventSelectors or AdvancedEventSelectors (get-event-selectors), trailList or Trail (describe-trails, get-trail), IsLogging (get-trail-status), or a CloudFormation template with an AWS::CloudTrail::Trail resource.',
      );
      return [];
    }
    if (descriptions.length === 0 && topSelectors !== null) {
      return [this.trailFrom({ TrailARN: topSelectors.trailArn ?? undefined }, [], topSelectors)];
    }
    return descriptions.map(({ trail, path }) => {
      const own = this.readSelectorBlock(trail, path);
      const arn = typeof trail.TrailARN === 'string' ? trail.TrailARN : null;
      const beside =
        topSelectors !== null && (topSelectors.trailArn === arn || (topSelectors.trailArn === null && descriptions.length === 1))
          ? topSelectors
          : null;
      return this.trailFrom(trail, path, own ?? beside);
    });
  }

  private readCloudFormation(resources: Json): TrailConfig[] {
    const trails: TrailConfig[] = [];
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (!isObject(resource) || resource.Type !== CLOUDFORMATION_TRAIL_TYPE) continue;
      const path: JSONPath = ['Resources', logicalId, 'Properties'];
      const properties = isObject(resource.Properties) ? resource.Properties : {};
      const selectors = this.readSelectorBlock(properties, path);
      const name = typeof properties.TrailName === 'string' ? properties.TrailName : logicalId;
      trails.push(this.trailFrom({ ...properties, Name: name }, ['Resources', logicalId], selectors, path));
    }
    if (trails.length === 0) this.error(['Resources'], `The CloudFormation template has no resource of Type ${CLOUDFORMATION_TRAIL_TYPE}.`);
    return trails;
  }

  private trailFrom(trail: Json, path: JSONPath, selectors: PendingSelectors | null, propertiesPath: JSONPath = path): TrailConfig {
    const trailArn = typeof trail.TrailARN === 'string' ? trail.TrailARN : null;
    // A get-event-selectors output gives only the TrailARN: its name, account and home Region come from it.
    const fromArn = trailArnParts(trailArn);
    const name = typeof trail.Name === 'string' ? trail.Name : (fromArn.name ?? '(unnamed trail)');
    const homeRegion = typeof trail.HomeRegion === 'string' ? trail.HomeRegion : fromArn.homeRegion;
    const noSelectors = selectors === null || (selectors.eventSelectors === null && selectors.advancedEventSelectors === null);
    const status = this.readLoggingStatus(trail, propertiesPath);
    return {
      name,
      source: 'file',
      file: this.file,
      line: this.lineOf(path),
      trailArn,
      accountId: fromArn.accountId,
      homeRegion,
      isMultiRegionTrail: this.booleanProperty(trail, 'IsMultiRegionTrail', propertiesPath),
      includeGlobalServiceEvents: this.booleanProperty(trail, 'IncludeGlobalServiceEvents', propertiesPath),
      isOrganizationTrail: this.booleanProperty(trail, 'IsOrganizationTrail', propertiesPath) === true,
      isLogging: status?.isLogging ?? null,
      startedLoggingAt: status?.startedLoggingAt ?? null,
      stoppedLoggingAt: status?.stoppedLoggingAt ?? null,
      timeline: [],
      failedCalls: [],
      eventSelectors: noSelectors ? defaultEventSelectors() : selectors.eventSelectors,
      advancedEventSelectors: noSelectors ? null : selectors.advancedEventSelectors,
      selectorsAssumed: noSelectors,
      hasCustomEventSelectors: this.booleanProperty(trail, 'HasCustomEventSelectors', propertiesPath),
    };
  }

  private booleanProperty(object: Json, key: string, path: JSONPath): boolean | null {
    const value = object[key];
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.error(
      [...path, key],
      `${key} must be true or false${isObject(value) ? ' (CloudFormation intrinsic functions cannot be resolved here)' : ''}.`,
    );
    return null;
  }

  /** EventSelectors / AdvancedEventSelectors of an object, or null when it has neither. */
  private readSelectorBlock(object: Json, path: JSONPath): PendingSelectors | null {
    const hasBasic = object.EventSelectors !== undefined;
    const hasAdvanced = object.AdvancedEventSelectors !== undefined;
    if (!hasBasic && !hasAdvanced) return null;
    if (
      hasBasic &&
      hasAdvanced &&
      Array.isArray(object.EventSelectors) &&
      object.EventSelectors.length > 0 &&
      Array.isArray(object.AdvancedEventSelectors) &&
      object.AdvancedEventSelectors.length > 0
    ) {
      this.error(
        [...path, 'AdvancedEventSelectors'],
        'A trail uses either EventSelectors or AdvancedEventSelectors, never both; the advanced selectors are used.',
      );
    }
    const advanced = hasAdvanced ? this.readAdvancedSelectors(object.AdvancedEventSelectors, [...path, 'AdvancedEventSelectors']) : null;
    const useAdvanced = advanced !== null && (advanced.length > 0 || !hasBasic);
    return {
      trailArn: typeof object.TrailARN === 'string' ? object.TrailARN : null,
      eventSelectors: useAdvanced || !hasBasic ? null : this.readBasicSelectors(object.EventSelectors, [...path, 'EventSelectors']),
      advancedEventSelectors: useAdvanced ? advanced : null,
      line: this.lineOf(path),
    };
  }

  private readBasicSelectors(value: unknown, path: JSONPath): BasicEventSelector[] {
    return this.readArray(value, path, 'EventSelectors must be an array.', (item, at) => {
      if (!isObject(item)) {
        this.error(at, 'Each event selector must be an object.');
        return null;
      }
      let readWriteType: ReadWriteType = 'All';
      if (item.ReadWriteType !== undefined) {
        if (typeof item.ReadWriteType === 'string' && READ_WRITE_TYPES.has(item.ReadWriteType)) readWriteType = item.ReadWriteType as ReadWriteType;
        else this.error([...at, 'ReadWriteType'], `ReadWriteType must be All, ReadOnly or WriteOnly (found ${JSON.stringify(item.ReadWriteType)}).`);
      }
      let includeManagementEvents = true;
      if (item.IncludeManagementEvents !== undefined) {
        if (typeof item.IncludeManagementEvents === 'boolean') includeManagementEvents = item.IncludeManagementEvents;
        else this.error([...at, 'IncludeManagementEvents'], 'IncludeManagementEvents must be true or false.');
      }
      return {
        ReadWriteType: readWriteType,
        IncludeManagementEvents: includeManagementEvents,
        ExcludeManagementEventSources: this.readStrings(item.ExcludeManagementEventSources, [...at, 'ExcludeManagementEventSources']),
        DataResources: this.readDataResources(item.DataResources, [...at, 'DataResources']),
      };
    });
  }

  private readDataResources(value: unknown, path: JSONPath): DataResource[] {
    if (value === undefined) return [];
    return this.readArray(value, path, 'DataResources must be an array.', (item, at) => {
      if (isObject(item) && typeof item.Type === 'string') return { Type: item.Type, Values: this.readStrings(item.Values, [...at, 'Values']) };
      this.error(at, 'Each data resource needs a Type (for S3: AWS::S3::Object) and Values.');
      return null;
    });
  }

  private readAdvancedSelectors(value: unknown, path: JSONPath): AdvancedEventSelector[] {
    return this.readArray(value, path, 'AdvancedEventSelectors must be an array.', (item, at) => {
      if (!isObject(item) || !Array.isArray(item.FieldSelectors)) {
        this.error(at, 'Each advanced event selector needs a FieldSelectors array.');
        return null;
      }
      const fieldSelectors = item.FieldSelectors.flatMap(
        (fieldItem, fieldIndex) => this.readFieldSelector(fieldItem, [...at, 'FieldSelectors', fieldIndex]) ?? [],
      );
      return { Name: typeof item.Name === 'string' ? item.Name : undefined, FieldSelectors: fieldSelectors };
    });
  }

  private readFieldSelector(value: unknown, path: JSONPath): AdvancedFieldSelector | null {
    if (!isObject(value) || typeof value.Field !== 'string') {
      this.error(path, 'Each field selector needs a Field (eventCategory, resources.type, resources.ARN, eventName…).');
      return null;
    }
    if (!isSelectorField(value.Field)) {
      this.error(
        [...path, 'Field'],
        `Unknown field ${JSON.stringify(value.Field)}: trails can select on ${SELECTOR_FIELD_NAMES.join(', ')} (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html); no event passes this field selector.`,
      );
    }
    const fieldSelector: AdvancedFieldSelector = { Field: value.Field };
    for (const [key, operand] of Object.entries(value)) {
      if (key === 'Field') continue;
      if (!OPERATORS.has(key)) {
        this.error([...path, key], `Unknown operator ${key}: use Equals, NotEquals, StartsWith, NotStartsWith, EndsWith or NotEndsWith.`);
        continue;
      }
      fieldSelector[key as FieldOperator] = this.readStrings(operand, [...path, key]);
    }
    return fieldSelector;
  }

  private readStrings(value: unknown, path: JSONPath): string[] {
    if (value === undefined) return [];
    return this.readArray(value, path, 'Expected an array of strings.', (item, at) => {
      if (typeof item === 'string') return item;
      this.error(
        at,
        `Expected a string${isObject(item) ? ' (CloudFormation intrinsic functions such as Fn::Sub cannot be resolved here; the value is ignored)' : ''}.`,
      );
      return null;
    });
  }

  /** The items of an array read by `readItem`, which reports a bad item and returns null to drop it; a non-array is reported as `notArray`. */
  private readArray<T>(value: unknown, path: JSONPath, notArray: string, readItem: (item: unknown, at: JSONPath) => T | null): T[] {
    if (!Array.isArray(value)) {
      this.error(path, notArray);
      return [];
    }
    const items: T[] = [];
    value.forEach((item, index) => {
      const read = readItem(item, [...path, index]);
      if (read !== null) items.push(read);
    });
    return items;
  }

  private lineOf(path: JSONPath): number {
    return this.position(path).line;
  }

  private position(path: JSONPath): { line: number; column: number } {
    const node = this.root === undefined ? undefined : findNodeAtLocation(this.root, path);
    return this.positionOf(node?.offset ?? 0);
  }

  private positionOf(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }

  private error(path: JSONPath, message: string): void {
    const { line, column } = this.position(path);
    this.errors.push({ file: this.file, line, column, message });
  }

  private errorAtOffset(offset: number, message: string): void {
    const { line, column } = this.positionOf(offset);
    this.errors.push({ file: this.file, line, column, message });
  }
}

const PARSE_ERROR_WORDS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace } was expected',
  CloseBracketExpected: 'a closing bracket ] was expected',
  EndOfFileExpected: 'nothing more was expected after the end of the document',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

function describeParseError(code: string): string {
  return Object.hasOwn(PARSE_ERROR_WORDS, code) ? PARSE_ERROR_WORDS[code] : code;
}
