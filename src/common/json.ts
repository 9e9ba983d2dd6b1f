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
