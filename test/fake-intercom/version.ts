/** `Intercom-Version` handling: 2.16 (and Preview) get the 2.16 shapes, every other valid version 2.11's. */
export type ApiVersion = '2.11' | '2.16';

const VALID = new Set(['1.0', '1.1', '1.2', '1.3', '1.4', ...Array.from({ length: 17 }, (_, k) => `2.${k}`), 'Preview', 'Unstable']);

/**
 * The shape family for a header value, or null when the header names no version Intercom knows. Without a header,
 * the workspace's default version applies (set in the Developer Hub; a profile's `defaultVersion`).
 */
export function parseVersion(header: string | undefined, workspaceDefault: ApiVersion = '2.11'): ApiVersion | null {
  if (header === undefined || header === '') return workspaceDefault;
  if (!VALID.has(header)) return null;
  return header === '2.16' || header === 'Preview' || header === 'Unstable' ? '2.16' : '2.11';
}
