import type { Readers } from './types';

export const activityLogReaders: Readers = {};
