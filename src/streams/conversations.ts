import { ConfigError } from '../common/errors';
import { readByIds } from './by-id';
import type { ResolvedConfig } from '../config/resolved';
import { fetchConversation, readConversationParts } from './conversation-parts';
import { readSearch } from './conversation-search';
import type { SearchFilter } from './search';
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
 * `conversation_ids`: each conversation by id (a few at a time), in the order given, without its parts;
 * a missing one is skipped with a warning. No checkpoint: a by-id run says nothing about the others.
 */
function readByIdList(ctx: ReadContext, ids: readonly string[]): AsyncIterable<ReadEvent> {
  return readByIds(ctx, ids, async (id) => {
    const details = await fetchConversation(ctx, id, 'conversations');
    if (details.kind !== 'found') return null;
    const { conversation_parts: _parts, ...conversation } = details.conversation;
    return conversation;
  });
}

export function readConversations(ctx: ReadContext): AsyncIterable<ReadEvent> {
  const filters = conversationFilters(ctx.config);
  const ids = ctx.config.conversation_ids;
  if (ids && ids.length > 0) return readByIdList(ctx, ids);
  return readSearch(ctx, { stream: 'conversations', path: '/conversations/search', list: 'conversations', filters, asRead: true });
}

export const conversationReaders: Readers = {
  conversations: { read: readConversations },
  conversation_parts: { readChildren: readConversationParts, parentFields: ['id', 'created_at', 'updated_at'] },
};
