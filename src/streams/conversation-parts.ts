import { AuthError, ForbiddenError, IntercomApiError } from '../common/errors';
import type { ApiResponse } from '../http/types';
import type { RawRecord } from '../common/json';
import type { ReadContext } from '../engine/contract';
import { parentId } from './by-id';
import { at, listOf } from './paginate';

/**
 * One conversation with its parts: `GET /conversations/{id}`, the only endpoint that returns parts (the
 * search embeds an incomplete list). Intercom returns at most the 500 newest parts.
 */
/** Where a conversation's parts are. */
const PARTS = 'conversation_parts.conversation_parts';

export type ConversationDetails = { kind: 'found'; conversation: RawRecord } | { kind: 'skipped' };

/**
 * Fetches one conversation. A 404 (deleted since it was listed) is skipped with a warning. With
 * `skip_failed_conversations`, a conversation that still fails after the client's retries is skipped with a
 * warning (code `conversation_skipped`, counted in the summary) instead of failing the run; bad credentials
 * and missing permissions always fail it (every conversation would fail alike).
 */
export async function fetchConversation(ctx: ReadContext, id: string, stream: string): Promise<ConversationDetails> {
  let res: ApiResponse<Record<string, unknown>>;
  try {
    res = await ctx.client.request<Record<string, unknown>>({
      method: 'GET',
      path: `/conversations/${encodeURIComponent(id)}`,
      stream,
      acceptStatus: [404],
      list: PARTS,
    });
  } catch (err) {
    const skippable = ctx.config.skip_failed_conversations && err instanceof IntercomApiError && !(err instanceof AuthError) && !(err instanceof ForbiddenError);
    if (!skippable) throw err;
    ctx.warn('conversation_skipped', `conversation ${id} skipped: ${err.message}`, { conversation_id: id, stream });
    return { kind: 'skipped' };
  }
  if (res.status === 404) {
    ctx.warn('conversation_skipped', `conversation ${id} skipped: not found (deleted since it was listed)`, { conversation_id: id, stream, status: 404 });
    return { kind: 'skipped' };
  }
  return { kind: 'found', conversation: res.data };
}

function partsOf(conversation: RawRecord): { parts: RawRecord[]; total: number } {
  const parts = listOf(conversation, PARTS);
  const total = at(conversation, 'conversation_parts.total_count');
  return { parts, total: typeof total === 'number' ? total : parts.length };
}

/**
 * conversation_parts of one changed conversation: EVERY part the API returns (never filtered by a per-part
 * cursor, which loses parts), each with the parent's id, created_at, updated_at and total part count
 * (the singer-io fields). Parts beyond the API's cap are reported with a `parts_over_cap` warning.
 */
export async function* readConversationParts(parent: RawRecord, ctx: ReadContext): AsyncGenerator<RawRecord[]> {
  const id = parentId(ctx, parent, 'conversation_parts');
  if (id === undefined) return;
  const details = await fetchConversation(ctx, id, 'conversation_parts');
  if (details.kind === 'skipped') return;
  const conversation = details.conversation;
  const { parts, total } = partsOf(conversation);
  if (total > parts.length) {
    ctx.warn('parts_over_cap', `conversation ${id} has ${total} parts; Intercom returns only the ${parts.length} newest, ${total - parts.length} older parts cannot be read`, {
      conversation_id: id,
      total_parts: total,
      returned_parts: parts.length,
    });
  }
  if (parts.length === 0) return;
  const parentFields = {
    conversation_id: id,
    conversation_created_at: conversation['created_at'] ?? parent['created_at'] ?? null,
    conversation_updated_at: conversation['updated_at'] ?? parent['updated_at'] ?? null,
    conversation_total_parts: total,
  };
  yield parts.map((part) => ({ ...part, ...parentFields }));
}
