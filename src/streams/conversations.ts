import { ConfigError } from '../common/errors';
import type { RawRecord } from '../common/json';
import type { ResolvedConfig } from '../config/resolved';
import { fetchConversation, readConversationParts } from './conversation-parts';
import { readSearch, type SearchFilter } from './conversation-search';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * conversations: `POST /conversations/search` by parallel windows on updated_at (or on the numeric id when
 * the user picks replication key `id`), with the user's filters pushed into the query; or, with
 * `conversation_ids`, exactly those conversations fetched by id. conversation_parts (the child) reads
 * `GET /conversations/{id}` for each changed conversation.
 */

/**
 * Search filters from the config. `conversation_admin`: `unassigned` matches both encodings of "no admin"
 * (0 in API 2.16, null in 2.11); an admin id matches `admin_assignee_id` as a number.
 */
export function conversationFilters(config: ResolvedConfig): SearchFilter[] {
  const filters: SearchFilter[] = [];
  const admin = config.conversation_admin.trim();
  if (admin === 'unassigned') {
    filters.push({
      operator: 'OR',
      value: [
        { field: 'admin_assignee_id', operator: '=', value: 0 },
        { field: 'admin_assignee_id', operator: '=', value: null },
      ],
    });
  } else if (/^\d+$/.test(admin)) {
    filters.push({ field: 'admin_assignee_id', operator: '=', value: Number(admin) });
  } else if (admin !== 'all') {
    throw new ConfigError('config', [`conversation_admin: must be "all", "unassigned" or a numeric admin id (got ${JSON.stringify(config.conversation_admin)})`]);
  }
  const states = [...new Set(config.conversation_states ?? [])];
  if (states.length > 0) filters.push({ field: 'state', operator: 'IN', value: states });
  return filters;
}

/**
 * `conversation_ids`: each conversation by id (a few at a time), in the order given; a missing one is
 * skipped with a warning. No checkpoint: a by-id run says nothing about the others, so the bookmark
 * stays where it was.
 */
async function* readByIds(ctx: ReadContext, ids: readonly string[]): AsyncGenerator<ReadEvent> {
  const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
  const batch = Math.max(1, ctx.parallelism);
  for (let i = 0; i < unique.length; i += batch) {
    if (ctx.signal.aborted) return;
    const found = await Promise.all(unique.slice(i, i + batch).map((id) => fetchConversation(ctx, id, 'conversations')));
    const records: RawRecord[] = [];
    for (const details of found) {
      if (details.kind !== 'found') continue;
      const { conversation_parts: _parts, ...conversation } = details.conversation;
      records.push(conversation);
    }
    if (records.length > 0) yield { kind: 'records', records };
  }
}

export function readConversations(ctx: ReadContext): AsyncIterable<ReadEvent> {
  const filters = conversationFilters(ctx.config);
  const ids = ctx.config.conversation_ids;
  if (ids && ids.length > 0) return readByIds(ctx, ids);
  return readSearch(ctx, { stream: 'conversations', path: '/conversations/search', listKey: 'conversations', filters, asRead: true });
}

export const conversationReaders: Readers = {
  conversations: { read: readConversations },
  conversation_parts: { readChildren: readConversationParts, parentFields: ['id', 'created_at', 'updated_at'] },
};
