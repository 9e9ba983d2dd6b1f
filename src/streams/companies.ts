import type { Readers } from './types';

export const companyReaders: Readers = {};
