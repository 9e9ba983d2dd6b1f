import type { RawRecord } from '../common/json';
import { mapEvents, readSearch } from './conversation-search';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * tickets: `POST /tickets/search` (there is no list endpoint) by parallel windows on updated_at, as
 * conversations. Records are Intercom's, plus the flat fields the schema names when Intercom nests them:
 * `title` (the default title attribute) and the labels of the 2.16 `ticket_state` object.
 */
export function ticketFields(ticket: RawRecord): RawRecord {
  const extra: RawRecord = {};
  const attributes = ticket['ticket_attributes'];
  if (ticket['title'] === undefined && attributes && typeof attributes === 'object') {
    const title = (attributes as Record<string, unknown>)['_default_title_'];
    if (typeof title === 'string') extra['title'] = title;
  }
  const state = ticket['ticket_state'];
  if (state && typeof state === 'object') {
    const s = state as Record<string, unknown>;
    if (ticket['ticket_state_internal_label'] === undefined && typeof s['internal_label'] === 'string') extra['ticket_state_internal_label'] = s['internal_label'];
    if (ticket['ticket_state_external_label'] === undefined && typeof s['external_label'] === 'string') extra['ticket_state_external_label'] = s['external_label'];
  }
  return Object.keys(extra).length > 0 ? { ...ticket, ...extra } : ticket;
}

export function readTickets(ctx: ReadContext): AsyncIterable<ReadEvent> {
  return mapEvents(readSearch(ctx, { stream: 'tickets', path: '/tickets/search', list: 'tickets', filters: [], asRead: false }), ticketFields);
}

export const ticketReaders: Readers = {
  tickets: { read: readTickets },
};
