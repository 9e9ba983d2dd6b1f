import type { Readers } from './types';

export const contactReaders: Readers = {};
