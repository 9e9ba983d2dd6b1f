/** Public API of tap-intercom (the CLI is `dist/cli.js`). */
export { main, type CliIo } from './cli';
export { loadConfig, envVarName, CONFIG_SCHEMA, ENV_CONFIG, REGION_URLS, type LoadedConfig } from './config/load';
export { createLogger, type LoggerOptions } from './output/log';
export { aboutInfo, renderAbout, packageInfo, CAPABILITIES, type AboutFormat, type AboutInfo } from './output/about';
export { createMessageWriter } from './singer/writer';
export { buildCatalogEntry, parseCatalog, resolveSelection, validReplicationKeys } from './singer/catalog';
export { parseState, emptyState, getBookmark, setBookmark, toUnixSeconds, formatBookmark } from './singer/state';
export { runDiscover, buildDefaultCatalog, type DiscoverOptions } from './tap/discover';
export { runSync, type SyncOptions, type SyncSummary } from './tap/sync';
export { STREAMS, findStream } from './streams/registry';
export * from './common/errors';
export type { Logger, LogLevel, LogFields } from './output/logger';
export type { ResolvedConfig } from './config/resolved';
export type { TapConfig } from './generated/config';
export type { IntercomClient, RequestSpec, ApiResponse, ClientStats } from './http/types';
export type { StreamDefinition } from './engine/contract';
export type {
  Catalog,
  CatalogEntry,
  MetadataEntry,
  MessageWriter,
  SingerMessage,
  StreamSelection,
  TapState,
  BookmarkValue,
} from './singer/types';
export type { JsonSchema, JsonValue, JsonObject } from './common/json';
