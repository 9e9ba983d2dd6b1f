import type { DefaultedSetting, TapConfig } from '../generated/config';

/**
 * Settings that always have a value after loading: those with a default in schemas/config.json (the
 * generated `DefaultedSetting`), and those src/config/load.ts computes (start_date from the run's time,
 * base_url from the region, user_agent from the package).
 */
type Filled = DefaultedSetting | 'start_date' | 'base_url' | 'user_agent';

/** The config as the rest of the tap sees it: validated, defaults filled, start_date normalised to RFC 3339 UTC. */
export type ResolvedConfig = Omit<TapConfig, Filled> & Required<Pick<TapConfig, Filled>>;
