/** JSON values as they travel through the tap. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A record as Intercom returns it (before transforms). */
export type RawRecord = Record<string, unknown>;

/** The subset of JSON Schema (draft 7, no $ref) the tap writes and reads. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: JsonValue[];
  required?: string[];
  default?: JsonValue;
  [keyword: string]: unknown;
}

/**
 * Whether `value` is an Intercom list object that holds fewer items than it counts: a contact's embedded
 * `tags`, `companies` or `notes` (`{data, total_count, has_more}`, at most 10 items) with `has_more` true or
 * fewer `data` items than `total_count`. Anything else (absent, null, another shape) is not cut.
 */
export function isCutList(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const list = value as Record<string, unknown>;
  if (list['has_more'] === true) return true;
  const data = list['data'];
  const total = list['total_count'];
  return Array.isArray(data) && typeof total === 'number' && data.length < total;
}
