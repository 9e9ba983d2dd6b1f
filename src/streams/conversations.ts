import type { Readers } from './types';

export const conversationReaders: Readers = {};
