import { activityLogReaders } from './activity-logs';
import { companyReaders } from './companies';
import { contactReaders } from './contacts';
import { conversationReaders } from './conversations';
import { eventReaders } from './events';
import { helpCenterReaders } from './help-center';
import { endpointOf, simpleReaders } from './simple';
import { ticketReaders } from './tickets';
import type { ReaderKeys, Readers, StreamDefinition } from '../engine/contract';

/**
 * Every stream, parents before their children. The only barrel of streams: discovery, selection and
 * the engine iterate this list. Read functions live in one file per stream family and are attached here.
 */
const defs: Array<Omit<StreamDefinition, ReaderKeys>> = [
  { name: 'admins', keyProperties: ['id'], replication: { method: 'FULL_TABLE' }, selectedByDefault: true, endpoint: endpointOf('admins') },
  { name: 'teams', keyProperties: ['id'], replication: { method: 'FULL_TABLE' }, selectedByDefault: true, endpoint: endpointOf('teams') },
  { name: 'tags', keyProperties: ['id'], replication: { method: 'FULL_TABLE' }, selectedByDefault: true, endpoint: endpointOf('tags') },
  { name: 'segments', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: true, endpoint: endpointOf('segments') },
  { name: 'company_segments', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: true, endpoint: endpointOf('company_segments') },
  { name: 'company_attributes', keyProperties: ['_sdc_record_hash'], replication: { method: 'FULL_TABLE' }, selectedByDefault: true, endpoint: endpointOf('company_attributes') },
  { name: 'contact_attributes', keyProperties: ['_sdc_record_hash'], replication: { method: 'FULL_TABLE' }, selectedByDefault: true, endpoint: endpointOf('contact_attributes') },
  { name: 'contacts', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: true, endpoint: 'POST /contacts/search', customAttributes: 'contact', scope: 'read_users' },
  { name: 'contact_companies', keyProperties: ['contact_id', 'id'], replication: { method: 'INCREMENTAL', keys: [] }, selectedByDefault: false, endpoint: 'GET /contacts/{id}/companies', parent: 'contacts' },
  { name: 'contact_tags', keyProperties: ['contact_id', 'id'], replication: { method: 'INCREMENTAL', keys: [] }, selectedByDefault: false, endpoint: 'GET /contacts/{id}/tags', parent: 'contacts' },
  { name: 'contact_segments', keyProperties: ['contact_id', 'id'], replication: { method: 'INCREMENTAL', keys: [] }, selectedByDefault: false, endpoint: 'GET /contacts/{id}/segments', parent: 'contacts' },
  { name: 'notes', keyProperties: ['contact_id', 'id'], replication: { method: 'INCREMENTAL', keys: [] }, selectedByDefault: false, endpoint: 'GET /contacts/{id}/notes', parent: 'contacts' },
  { name: 'companies', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: true, endpoint: 'GET /companies/scroll', customAttributes: 'company', scope: 'read_companies', childrenAfterParents: true },
  { name: 'company_contacts', keyProperties: ['company_id', 'contact_id'], replication: { method: 'INCREMENTAL', keys: [] }, selectedByDefault: false, endpoint: 'GET /companies/{id}/contacts', parent: 'companies' },
  { name: 'conversations', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at', 'id'] }, selectedByDefault: true, endpoint: 'POST /conversations/search', scope: 'read_conversations' },
  { name: 'conversation_parts', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: true, endpoint: 'GET /conversations/{id}', parent: 'conversations', scope: 'read_conversations' },
  { name: 'tickets', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: false, endpoint: 'POST /tickets/search', scope: 'read_tickets' },
  { name: 'activity_logs', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['created_at'] }, selectedByDefault: false, endpoint: 'GET /admins/activity_logs', scope: 'read_admins' },
  { name: 'events', keyProperties: ['intercom_user_id', 'created_at', 'event_name'], replication: { method: 'INCREMENTAL', keys: ['created_at'] }, selectedByDefault: false, endpoint: 'GET /events', scope: 'read_events' },
  { name: 'counts', keyProperties: ['type'], replication: { method: 'FULL_TABLE' }, selectedByDefault: false, endpoint: endpointOf('counts') },
  { name: 'help_center_collections', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: false, endpoint: 'GET /help_center/collections', scope: 'read_articles' },
  { name: 'help_center_articles', keyProperties: ['id'], replication: { method: 'INCREMENTAL', keys: ['updated_at'] }, selectedByDefault: false, endpoint: 'GET /articles', scope: 'read_articles' },
];

const readers: Readers = {
  ...simpleReaders,
  ...contactReaders,
  ...companyReaders,
  ...conversationReaders,
  ...ticketReaders,
  ...activityLogReaders,
  ...eventReaders,
  ...helpCenterReaders,
};

export const STREAMS: readonly StreamDefinition[] = defs.map((def) => ({ ...def, ...readers[def.name] }));

export function findStream(name: string): StreamDefinition | undefined {
  return STREAMS.find((s) => s.name === name);
}
