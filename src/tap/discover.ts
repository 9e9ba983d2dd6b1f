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
 * Discovery: every stream's schema, with the workspace's custom attributes typed into contacts and
 * companies (one `GET /data_attributes` per model). API errors propagate (exit 1).
 */
export async function runDiscover(options: DiscoverOptions): Promise<Catalog> {
  const { config, client, logger } = options;
  const includeArchived = config.include_archived_attributes;
  const models = [...new Set(STREAMS.map((s) => s.customAttributes).filter((m): m is 'contact' | 'company' => m !== undefined))];
  const attributes = new Map<string, DataAttribute[]>();
  await Promise.all(
    models.map(async (model) => {
      attributes.set(model, await fetchDataAttributes(client, model, includeArchived));
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
