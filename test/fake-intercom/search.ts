/**
 * Intercom's search query language (`POST /contacts/search`, `/conversations/search`, `/tickets/search`),
 * compiled once into a predicate over raw records. Pure: no I/O, no clock.
 *
 * Decisions (spec: docs/intercom-api.md §3 and the operation descriptions in the 2.16 OpenAPI file):
 * - Shapes: a single filter `{field, operator, value}` or a group `{operator: AND|OR, value: [...]}`.
 *   Groups nest at most 2 levels (`(1 OR 2) AND (3 OR 4)` is the deepest), each group holds 1..15 items.
 * - Error codes: the spec shows no 400 example for a malformed query, so we use `query_invalid` for a
 *   malformed structure (shape, nesting, group size, unknown operator) and `parameter_invalid` (the code the
 *   spec uses for bad parameters everywhere) for an unsupported field, an operator the field's type refuses,
 *   or a value of the wrong type.
 * - Contacts: date fields are compared BY DAY in UTC (the doc example uses a UTC workspace): `=` matches the
 *   value's whole day, `>` matches from the start of the next day, `<` matches before the start of the day;
 *   `!=`, `<=`, `>=`, `IN`, `NIN` on dates are errors. `tag_id` accepts `=`/`!=` only.
 * - Conversations and tickets: dates and integers are compared by the second. The spec's prose says `>`/`<`
 *   are "Greater (or equal)"/"Lower (or equal)"; we implement them STRICT by default (a tap correct against
 *   strict comparisons is also correct against inclusive ones as long as it dedupes, the reverse is not true,
 *   so strict is the harsher test). `inclusiveRange: true` switches to the inclusive reading. `<=`/`>=` are
 *   accepted on integer and date fields (the tickets doc allows them on `created_at`; the enum has them).
 *   `!=`, `IN`, `NIN` are accepted for all types there ("All" in their operator tables).
 * - Strings: `=`, `!=`, `IN`, `NIN` are exact; `~`, `!~`, `^`, `$` are case-insensitive. `source.body` with `=`
 *   matches one word of the (tag-stripped) body, as the conversations doc describes.
 * - Array-valued record fields (`tag_ids`, `contact_ids`, ...): a positive operator matches if ANY element
 *   matches; a negative one (`!=`, `NIN`, `!~`) if NO element matches. A missing/null value never matches a
 *   positive operator, and always matches a negative one. `value: null` with `=`/`!=` tests for null.
 * - Values may be numbers or numeric strings for integer/date fields ("1700000000"), `true`/`"true"` for booleans.
 * - Custom attributes (`custom_attributes.<name>`, the name may contain dots and spaces) and ticket attributes
 *   (`ticket_attribute.<id>`) take their type from `options.customAttributeTypes` when given, else `any`:
 *   every operator is accepted and compared by the record value's runtime type.
 */

export type SearchModel = 'contact' | 'conversation' | 'ticket';
export type SearchFieldType = 'string' | 'boolean' | 'integer' | 'float' | 'date' | 'tag' | 'id' | 'any';
export type RecordMatcher = (record: Record<string, unknown>) => boolean;

export interface CompileSearchOptions {
  /** Types of custom attributes by name (data_attributes `data_type`); unknown names are `any`. */
  customAttributeTypes?: Readonly<Record<string, SearchFieldType | 'datetime'>>;
  /** Conversations/tickets only: read `>`/`<` as `>=`/`<=` (the spec's "Greater (or equal)"). @default false */
  inclusiveRange?: boolean;
}

export class SearchQueryError extends Error {
  override readonly name = 'SearchQueryError';
  readonly status = 400;
  constructor(
    readonly code: 'query_invalid' | 'parameter_invalid',
    message: string,
  ) {
    super(message);
  }
}

const OPERATORS = ['=', '!=', 'IN', 'NIN', '<', '<=', '>', '>=', '~', '!~', '^', '$'] as const;
type Operator = (typeof OPERATORS)[number];
const MAX_DEPTH = 2;
const MAX_GROUP = 15;
const DAY = 86400;

interface FieldDef {
  type: SearchFieldType;
  /** Record paths tried in order (hidden fields first, then the public shape). */
  paths: readonly (readonly string[])[];
}

const f = (type: SearchFieldType, ...paths: string[]): FieldDef => ({
  type,
  paths: paths.map((p) => p.split('.')),
});

const STR = (names: string): Record<string, FieldDef> =>
  Object.fromEntries(names.split(' ').map((n) => [n, f('string', n)]));
const TYPED = (type: SearchFieldType, names: string): Record<string, FieldDef> =>
  Object.fromEntries(names.split(' ').map((n) => [n, f(type, n)]));

const CONTACT_FIELDS: Record<string, FieldDef> = {
  ...STR(
    'id role name owner_id email email_domain phone formatted_phone external_id language_override browser ' +
      'browser_language os location.country location.region location.city ios_app_version ios_device ' +
      'ios_app_device ios_os_version ios_app_name ios_sdk_version android_app_version android_device ' +
      'android_app_name android_sdk_version',
  ),
  ...TYPED(
    'date',
    'created_at signed_up_at updated_at last_seen_at last_contacted_at last_replied_at last_email_opened_at ' +
      'last_email_clicked_at ios_last_seen_at android_last_seen_at',
  ),
  ...TYPED('boolean', 'unsubscribed_from_emails marked_email_as_spam has_hard_bounced'),
  avatar: f('string', 'avatar.image_url', 'avatar'),
  andoid_sdk_version: f('string', 'android_sdk_version'), // the spec's spelling
  segment_id: f('string', 'segment_ids'),
  company_id: f('string', 'company_ids'),
  tag_id: f('tag', 'tag_ids'),
};

const CONVERSATION_FIELDS: Record<string, FieldDef> = {
  id: f('id', 'id'),
  ...TYPED('date', 'created_at updated_at waiting_since snoozed_until'),
  ...STR(
    'source.type source.id source.delivered_as source.subject source.body source.author.id source.author.type ' +
      'source.author.name source.author.email source.url channel_initiated state priority ' +
      'statistics.last_closed_by_id conversation_rating.remark conversation_rating.contact_id ' +
      'ai_agent.resolution_state ai_agent.last_answer_type ai_agent.rating_remark ai_agent.source_type ' +
      'ai_agent.source_title',
  ),
  contact_ids: f('string', 'contact_ids'),
  teammate_ids: f('string', 'teammate_ids'),
  tag_ids: f('string', 'tag_ids'),
  'conversation_rating.admin_d': f('string', 'conversation_rating.teammate.id'), // the spec's spelling
  ...TYPED(
    'integer',
    'admin_assignee_id team_assignee_id statistics.time_to_assignment statistics.time_to_admin_reply ' +
      'statistics.time_to_first_close statistics.time_to_last_close statistics.median_time_to_reply ' +
      'statistics.count_reopens statistics.count_assignments statistics.count_conversation_parts ' +
      'conversation_rating.score ai_agent.rating',
  ),
  ...TYPED(
    'date',
    'statistics.first_contact_reply_at statistics.first_assignment_at statistics.first_admin_reply_at ' +
      'statistics.first_close_at statistics.last_assignment_at statistics.last_assignment_admin_reply_at ' +
      'statistics.last_contact_reply_at statistics.last_admin_reply_at statistics.last_close_at ' +
      'conversation_rating.requested_at conversation_rating.replied_at',
  ),
  ...TYPED('boolean', 'open read ai_agent_participated'),
};

const TICKET_FIELDS: Record<string, FieldDef> = {
  id: f('id', 'id'),
  ...TYPED('date', 'created_at updated_at snoozed_until'),
  title: f('string', 'title', 'ticket_attributes._default_title_'),
  description: f('string', 'description', 'ticket_attributes._default_description_'),
  category: f('string', 'category'),
  ticket_type_id: f('string', 'ticket_type_id', 'ticket_type.id'),
  contact_ids: f('string', 'contact_ids'),
  teammate_ids: f('string', 'teammate_ids'),
  admin_assignee_id: f('id', 'admin_assignee_id'),
  team_assignee_id: f('id', 'team_assignee_id'),
  open: f('boolean', 'open'),
  state: f('string', 'state', 'ticket_state.category', 'ticket_state'),
};

const FIELDS: Record<SearchModel, Record<string, FieldDef>> = {
  contact: CONTACT_FIELDS,
  conversation: CONVERSATION_FIELDS,
  ticket: TICKET_FIELDS,
};

/** Prefix → record object holding the attribute, for attributes whose name is free text. */
const ATTRIBUTE_PREFIX: Record<SearchModel, readonly [string, string][]> = {
  contact: [['custom_attributes.', 'custom_attributes']],
  conversation: [['custom_attributes.', 'custom_attributes']],
  ticket: [['ticket_attribute.', 'ticket_attributes'], ['custom_attributes.', 'custom_attributes']],
};

const STRING_OPS: readonly Operator[] = ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'];
const NUMBER_OPS: readonly Operator[] = ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='];

function allowedOperators(type: SearchFieldType, model: SearchModel): readonly Operator[] {
  switch (type) {
    case 'string':
      return STRING_OPS;
    case 'id':
      return [...STRING_OPS, '<', '>', '<=', '>='];
    case 'boolean':
      return ['=', '!=', 'IN', 'NIN'];
    case 'integer':
    case 'float':
      return NUMBER_OPS;
    case 'date':
      return model === 'contact' ? ['=', '<', '>'] : NUMBER_OPS;
    case 'tag':
      return ['=', '!='];
    case 'any':
      return OPERATORS;
  }
}

/** Compile an Intercom search `query` for `model`; throws SearchQueryError for what Intercom would reject. */
export function compileSearchQuery(
  query: unknown,
  model: SearchModel,
  options: CompileSearchOptions = {},
): RecordMatcher {
  return compileNode(query, model, options, 0, 'query');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compileNode(
  node: unknown,
  model: SearchModel,
  options: CompileSearchOptions,
  depth: number,
  where: string,
): RecordMatcher {
  if (!isObject(node)) throw new SearchQueryError('query_invalid', `${where} must be an object`);
  const op = node['operator'];
  if (op === 'AND' || op === 'OR') {
    if ('field' in node) throw new SearchQueryError('query_invalid', `${where}: operator ${op} cannot have a field`);
    if (depth >= MAX_DEPTH) {
      throw new SearchQueryError('query_invalid', `${where}: a maximum of ${MAX_DEPTH} nested filters is allowed`);
    }
    const items = node['value'];
    if (!Array.isArray(items) || items.length === 0) {
      throw new SearchQueryError('query_invalid', `${where}: ${op} needs a non-empty array of filters as value`);
    }
    if (items.length > MAX_GROUP) {
      throw new SearchQueryError(
        'query_invalid',
        `${where}: a maximum of ${MAX_GROUP} filters is allowed in an ${op} group (got ${items.length})`,
      );
    }
    const parts = items.map((item, i) => compileNode(item, model, options, depth + 1, `${where}.value[${i}]`));
    if (parts.length === 1) return parts[0] as RecordMatcher;
    return op === 'AND' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
  }
  return compileFilter(node, model, options, where);
}

function resolveField(field: string, model: SearchModel, options: CompileSearchOptions): FieldDef | undefined {
  const known = FIELDS[model][field];
  if (known) return known;
  for (const [prefix, holder] of ATTRIBUTE_PREFIX[model]) {
    if (field.startsWith(prefix) && field.length > prefix.length) {
      const name = field.slice(prefix.length);
      const declared = options.customAttributeTypes?.[name];
      const type: SearchFieldType = declared === 'datetime' ? 'date' : (declared ?? 'any');
      return { type, paths: [[holder, name]] };
    }
  }
  return undefined;
}

function makeGetter(paths: FieldDef['paths']): (r: Record<string, unknown>) => unknown {
  const walk = (path: readonly string[]) => (r: Record<string, unknown>): unknown => {
    let cur: unknown = r;
    for (const key of path) {
      if (typeof cur !== 'object' || cur === null) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
  };
  const walkers = paths.map(walk);
  if (walkers.length === 1) return walkers[0] as (r: Record<string, unknown>) => unknown;
  return (r) => {
    for (const w of walkers) {
      const v = w(r);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

function compileFilter(
  node: Record<string, unknown>,
  model: SearchModel,
  options: CompileSearchOptions,
  where: string,
): RecordMatcher {
  const { field, operator, value } = node;
  if (typeof field !== 'string' || field === '') {
    throw new SearchQueryError('query_invalid', `${where}: a filter needs a field (string)`);
  }
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    throw new SearchQueryError('query_invalid', `${where}: operator ${JSON.stringify(operator)} is not supported`);
  }
  if (!('value' in node)) throw new SearchQueryError('query_invalid', `${where}: a filter needs a value`);
  const def = resolveField(field, model, options);
  if (!def) throw new SearchQueryError('parameter_invalid', `${field} is not a searchable ${model} field`);
  const op = operator as Operator;
  if (!allowedOperators(def.type, model).includes(op)) {
    throw new SearchQueryError('parameter_invalid', `operator ${op} is not supported for field ${field} (${def.type})`);
  }
  const positive = compilePositive(def.type, op, value, field, model, options);
  const negative = op === '!=' || op === 'NIN' || op === '!~';
  const get = makeGetter(def.paths);
  return (r) => {
    const v = get(r);
    const hit = Array.isArray(v) ? v.some(positive) : positive(v);
    return negative ? !hit : hit;
  };
}

type Test = (v: unknown) => boolean;

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function toBoolean(v: unknown): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The test for the positive form of `op` (`!=`→`=`, `NIN`→`IN`, `!~`→`~`) on one scalar record value. */
function compilePositive(
  type: SearchFieldType,
  op: Operator,
  value: unknown,
  field: string,
  model: SearchModel,
  options: CompileSearchOptions,
): Test {
  const bad = (why: string) => new SearchQueryError('parameter_invalid', `${field}: ${why}`);
  if (op === 'IN' || op === 'NIN') {
    if (!Array.isArray(value) || value.length === 0) throw bad(`${op} needs a non-empty array value`);
    const tests = value.map((item) => compilePositive(type, '=', item, field, model, options));
    return (v) => tests.some((t) => t(v));
  }
  if (Array.isArray(value)) throw bad(`operator ${op} does not take an array value`);
  if (value === null) {
    if (op !== '=' && op !== '!=') throw bad(`operator ${op} does not take a null value`);
    return (v) => v === null || v === undefined;
  }
  const base: Operator = op === '!=' ? '=' : op === '!~' ? '~' : op;
  switch (type) {
    case 'boolean': {
      const b = toBoolean(value);
      if (b === undefined) throw bad(`${JSON.stringify(value)} is not a boolean`);
      return (v) => toBoolean(v) === b;
    }
    case 'integer':
    case 'float':
      return numberTest(base, value, bad, false);
    case 'date':
      return model === 'contact' ? dayTest(base, value, bad) : numberTest(base, value, bad, options.inclusiveRange === true);
    case 'id':
      if (base === '<' || base === '>' || base === '<=' || base === '>=') {
        if (toNumber(value) !== undefined) return numberTest(base, value, bad, options.inclusiveRange === true);
        // Ids are strings: a value that is not a number compares as text, so `id > ""` (what singer-io's tap
        // sends to list everything) matches every record, as it does on Intercom.
        return textOrderTest(base, value, bad);
      }
      return stringTest(base, value, bad, field);
    case 'string':
    case 'tag':
      return stringTest(base, value, bad, field);
    case 'any':
      return anyTest(base, value, bad, field);
  }
}

function numberTest(op: Operator, value: unknown, bad: (w: string) => Error, inclusive: boolean): Test {
  const n = toNumber(value);
  if (n === undefined) throw bad(`${JSON.stringify(value)} is not a number`);
  switch (op) {
    case '=':
      return (v) => toNumber(v) === n;
    case '<':
      return inclusive ? (v) => (toNumber(v) ?? Infinity) <= n : (v) => (toNumber(v) ?? Infinity) < n;
    case '>':
      return inclusive ? (v) => (toNumber(v) ?? -Infinity) >= n : (v) => (toNumber(v) ?? -Infinity) > n;
    case '<=':
      return (v) => (toNumber(v) ?? Infinity) <= n;
    case '>=':
      return (v) => (toNumber(v) ?? -Infinity) >= n;
    default:
      throw bad(`operator ${op} is not supported on numbers`);
  }
}

/** Contacts: compare by UTC calendar day. */
function dayTest(op: Operator, value: unknown, bad: (w: string) => Error): Test {
  const n = toNumber(value);
  if (n === undefined) throw bad(`${JSON.stringify(value)} is not a UNIX timestamp`);
  const dayStart = Math.floor(n / DAY) * DAY;
  const nextDay = dayStart + DAY;
  switch (op) {
    case '=':
      return (v) => {
        const x = toNumber(v);
        return x !== undefined && x >= dayStart && x < nextDay;
      };
    case '>':
      return (v) => (toNumber(v) ?? -Infinity) >= nextDay;
    case '<':
      return (v) => (toNumber(v) ?? Infinity) < dayStart;
    default:
      throw bad(`operator ${op} is not supported on dates`);
  }
}

/**
 * For a contact query made only of `updated_at` filters (`>`, `<`, `=` with a number) joined by AND, the
 * half-open range of seconds [lo, hi) holding exactly its matches (dayTest's day rule as bounds), so a search can
 * take a slice of an index sorted by updated_at instead of testing every record; null for any other query.
 * Call it on a query compileSearchQuery accepted.
 */
export function contactUpdatedRange(node: unknown): [number, number] | null {
  if (!isObject(node)) return null;
  const op = node['operator'];
  if (op === 'AND' || op === 'OR') {
    const items = node['value'];
    if (!Array.isArray(items) || (op === 'OR' && items.length !== 1)) return null;
    let lo = -Infinity;
    let hi = Infinity;
    for (const item of items) {
      const r = contactUpdatedRange(item);
      if (r === null) return null;
      lo = Math.max(lo, r[0]);
      hi = Math.min(hi, r[1]);
    }
    return [lo, Math.max(lo, hi)];
  }
  if (node['field'] !== 'updated_at') return null;
  const n = toNumber(node['value']);
  if (n === undefined) return null;
  const dayStart = Math.floor(n / DAY) * DAY;
  switch (op) {
    case '>':
      return [dayStart + DAY, Infinity];
    case '<':
      return [-Infinity, dayStart];
    case '=':
      return [dayStart, dayStart + DAY];
    default:
      return null;
  }
}

function stringTest(op: Operator, value: unknown, bad: (w: string) => Error, field: string): Test {
  const s = toText(value);
  if (s === undefined) throw bad(`${JSON.stringify(value)} is not a string`);
  const lower = s.toLowerCase();
  switch (op) {
    case '=':
      if (field === 'source.body') {
        // Each word of the body is compared on its own, so a multi-word value never matches.
        return (v) =>
          typeof v === 'string' &&
          v.replace(/<[^>]*>/g, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u).includes(lower);
      }
      return (v) => toText(v) === s;
    case '~':
      return (v) => toText(v)?.toLowerCase().includes(lower) === true;
    case '^':
      return (v) => toText(v)?.toLowerCase().startsWith(lower) === true;
    case '$':
      return (v) => toText(v)?.toLowerCase().endsWith(lower) === true;
    default:
      throw bad(`operator ${op} is not supported on strings`);
  }
}

/** `<`, `>`, `<=`, `>=` on the text of an id (code-unit order). */
function textOrderTest(op: Operator, value: unknown, bad: (w: string) => Error): Test {
  const s = toText(value);
  if (s === undefined) throw bad(`${JSON.stringify(value)} is not an id`);
  switch (op) {
    case '<':
      return (v) => (toText(v) ?? '') < s;
    case '>':
      return (v) => (toText(v) ?? '') > s;
    case '<=':
      return (v) => (toText(v) ?? '') <= s;
    case '>=':
      return (v) => (toText(v) ?? '') >= s;
    default:
      throw bad(`operator ${op} is not supported on ids`);
  }
}

/** Untyped attributes: numbers compare numerically, booleans as booleans, everything else as text. */
function anyTest(op: Operator, value: unknown, bad: (w: string) => Error, field: string): Test {
  if (op === '~' || op === '^' || op === '$') return stringTest(op, value, bad, field);
  if (op === '=') {
    const n = toNumber(value);
    const b = toBoolean(value);
    const s = toText(value);
    return (v) => {
      if (typeof v === 'number') return n !== undefined && v === n;
      if (typeof v === 'boolean') return b !== undefined && v === b;
      return s !== undefined && toText(v) === s;
    };
  }
  return numberTest(op, value, bad, false);
}
