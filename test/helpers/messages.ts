import type { JsonObject } from '../../src/common/json';
import type { SingerMessage, TapState } from '../../src/singer/types';

/** What a test reads from a tap's stdout: the messages, each stream's records, every STATE and the last. */
export interface MessageViews {
  messages: SingerMessage[];
  records(stream: string): JsonObject[];
  states: TapState[];
  state: TapState;
}

export function parseMessages(stdout: string): MessageViews {
  const messages = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as SingerMessage);
  const states = messages.flatMap((m) => (m.type === 'STATE' ? [m.value] : []));
  return {
    messages,
    records: (stream) => messages.flatMap((m) => (m.type === 'RECORD' && m.stream === stream ? [m.record] : [])),
    states,
    state: states[states.length - 1] ?? { bookmarks: {}, currently_syncing: null },
  };
}
