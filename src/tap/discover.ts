import { IntercomApiError } from '../common/errors';
import type { IntercomClient } from '../http/types';
import type { Logger } from '../output/logger';
import type { ResolvedConfig } from '../config/resolved';
import { customAttributeProperties, withCustomAttributes, type DataAttribute } from '../schema/custom-attributes';
import { loadStreamSchema } from '../schema/load';
import { buildCatalogEntry } from '../singer/catalog';
import type { Catalog } from '../singer/types';
import { STREAMS } from '../streams/registry';

export interface DiscoverOptions {
  config: ResolvedConfig;
  client: IntercomClient;
  logger: Logger;
}

/** The catalog of every stream with its static schema: no network, no custom attributes (= catalog/catalog.json). */
export function buildDefaultCatalog(): Catalog {
  return { streams: STREAMS.map((def) => buildCatalogEntry(def, loadStreamSchema(def.name))) };
}

async function fetchDataAttributes(
  client: IntercomClient,
  model: 'contact' | 'company',
  includeArchived: boolean,
): Promise<DataAttribute[]> {
  const query: Record<string, string | boolean> = { model };
  if (includeArchived) query.include_archived = true;
  const response = await client.request<{ data?: unknown }>({
    method: 'GET',
    path: '/data_attributes',
    query,
    stream: `${model}_attributes`,
  });
  const data = response.data?.data;
  return Array.isArray(data) ? (data as DataAttribute[]) : [];
}

/**
 * The model's data attributes, or undefined when Intercom refuses them (403: the token lacks the scope;
 * 404): discovery goes on with the fixed schema and a warning, it never fails on this optional call.
 */
async function optionalDataAttributes(client: IntercomClient, model: 'contact' | 'company', includeArchived: boolean, logger: Logger): Promise<DataAttribute[] | undefined> {
  try {
    return await fetchDataAttributes(client, model, includeArchived);
  } catch (err) {
    const status = err instanceof IntercomApiError ? err.details.status : undefined;
    if (status !== 403 && status !== 404) throw err;
    const { code, requestId } = (err as IntercomApiError).details;
    logger.warn(
      `discovery: ${model} custom attributes left out, GET /data_attributes?model=${model} answered ${status}${code ? ` ${code}` : ''}` +
        `${requestId ? ` (request id ${requestId})` : ''}; the catalog has the fixed schema for ${model === 'contact' ? 'contacts' : 'companies'}`,
      { code: 'custom_attributes_unavailable', model, status },
    );
    return undefined;
  }
}

/**
 * Discovery: every stream's schema, with the workspace's custom attributes typed into contacts and
 * companies (one `GET /data_attributes` per model). A 403 or 404 on that call leaves the fixed schema
 * (a warning); other API errors propagate (exit 1).
 */
export async function runDiscover(options: DiscoverOptions): Promise<Catalog> {
  const { config, client, logger } = options;
  const includeArchived = config.include_archived_attributes;
  const models = [...new Set(STREAMS.map((s) => s.customAttributes).filter((m): m is 'contact' | 'company' => m !== undefined))];
  const attributes = new Map<string, DataAttribute[]>();
  await Promise.all(
    models.map(async (model) => {
      const found = await optionalDataAttributes(client, model, includeArchived, logger);
      if (found !== undefined) attributes.set(model, found);
    }),
  );
  const streams = STREAMS.map((def) => {
    let schema = loadStreamSchema(def.name);
    if (def.customAttributes) {
      const props = customAttributeProperties(attributes.get(def.customAttributes) ?? [], includeArchived);
      schema = withCustomAttributes(schema, props);
      logger.debug('custom attributes added', { stream: def.name, count: Object.keys(props).length });
    }
    return buildCatalogEntry(def, schema);
  });
  logger.info('discovery done', { streams: streams.length });
  return { streams };
}
