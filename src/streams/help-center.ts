import type { Readers } from './types';

export const helpCenterReaders: Readers = {};
