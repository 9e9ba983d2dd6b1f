import type { Readers } from './types';

export const ticketReaders: Readers = {};
