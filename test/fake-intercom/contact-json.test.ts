import { contactJson } from './contact-json';
import { buildContact } from './contacts';
import { World } from './world';

describe('contactJson', () => {
  it.each([['2.11'], ['2.16']] as const)('is JSON.stringify(buildContact()) byte for byte (%s), rich contacts and created ones included', (version) => {
    const w = new World({ seed: 7, scale: 1, anchor: 1767225600, counts: { contacts: 2000 } });
    w.tables.contacts.append(5, w.now);
    for (let i = 0; i < w.tables.contacts.count; i++) {
      expect(contactJson(w, i, version)).toBe(JSON.stringify(buildContact(w, i, version)));
    }
  });
});
