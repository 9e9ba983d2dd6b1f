import type { Readers } from './types';

export const eventReaders: Readers = {};
