/* Generated from schemas/ by `npm run gen:types`. Do not edit. */
/**
 * Admin activity logs (GET /admins/activity_logs). Incremental on created_at.
 */
export interface ActivityLogsRecord {
type?: (null | string)
id: string
created_at?: (null | string)
activity_type?: (null | string)
activity_description?: (null | string)
performed_by?: (null | {
type?: (null | string)
id?: (null | string)
email?: (null | string)
ip?: (null | string)
[k: string]: unknown | undefined
})
metadata?: (null | {
last_activity_at?: (null | string)
expired_at?: (null | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
}

/**
 * Teammates (GET /admins). Full table. Field names and types are a superset of singer-io/tap-intercom.
 */
export interface AdminsRecord {
type?: (null | string)
id: string
name?: (null | string)
email?: (null | string)
job_title?: (null | string)
away_mode_enabled?: (null | boolean)
away_mode_reassign?: (null | boolean)
away_status_reason_id?: (null | number)
has_inbox_seat?: (null | boolean)
team_ids?: (null | number[])
/**
 * Legacy field of singer-io/tap-intercom; Intercom no longer sends it.
 */
admin_ids?: (null | number[])
/**
 * An object {type, image_url} in API 2.11 (singer-io shape); a URL string in 2.16.
 */
avatar?: (null | {
type?: (null | string)
image_url?: (null | string)
[k: string]: unknown | undefined
} | string)
team_priority_level?: (null | {
primary_team_ids?: (null | number[])
secondary_team_ids?: (null | number[])
[k: string]: unknown | undefined
})
role?: (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
}

/**
 * Companies (GET /companies/scroll, or POST /companies/list with companies_endpoint list). Incremental on updated_at with a client-side filter: Intercom cannot filter companies by date, so every run reads every company and keeps those changed since the bookmark. A superset of singer-io/tap-intercom.
 */
export interface CompaniesRecord {
type?: (null | string)
id: string
company_id?: (null | string)
app_id?: (null | string)
name?: (null | string)
plan?: (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})
created_at?: (null | string)
updated_at?: (null | string)
remote_created_at?: (null | string)
last_request_at?: (null | string)
size?: (null | number)
website?: (null | string)
industry?: (null | string)
monthly_spend?: (null | number)
session_count?: (null | number)
user_count?: (null | number)
/**
 * Custom attributes of the company. Typed properties are added at discovery from GET /data_attributes; unknown ones pass through.
 */
custom_attributes?: (null | {
[k: string]: unknown | undefined
})
/**
 * Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
tags?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})[])
/**
 * Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
segments?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
person_type?: (null | string)
count?: (null | number)
[k: string]: unknown | undefined
})[])
/**
 * Notes embedded in the company (API 2.16), as Intercom sends them.
 */
notes?: (null | {
type?: (null | string)
notes?: (null | (null | {
type?: (null | string)
id?: (null | string)
created_at?: (null | string)
body?: (null | string)
company?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
author?: (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
email?: (null | string)
job_title?: (null | string)
away_mode_enabled?: (null | boolean)
away_mode_reassign?: (null | boolean)
away_status_reason_id?: (null | number)
has_inbox_seat?: (null | boolean)
team_ids?: (null | number[])
avatar?: (null | {
[k: string]: unknown | undefined
} | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
}

/**
 * Company data attributes (GET /data_attributes?model=company). Full table.
 */
export interface CompanyAttributesRecord {
/**
 * Primary key: SHA-256 hex of str(id) + name + description (singer-io/tap-intercom rule; a missing value counts as an empty string).
 */
_sdc_record_hash: string
type?: (null | string)
/**
 * Present for custom attributes only.
 */
id?: (null | number)
model?: (null | string)
name?: (null | string)
full_name?: (null | string)
label?: (null | string)
description?: (null | string)
data_type?: (null | string)
options?: (null | (null | string)[])
api_writable?: (null | boolean)
messenger_writable?: (null | boolean)
ui_writable?: (null | boolean)
custom?: (null | boolean)
archived?: (null | boolean)
admin_id?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
[k: string]: unknown | undefined
}

/**
 * Contacts of each company (GET /companies/{id}/contacts). Child of companies; key company_id + contact_id; id is the contact id too.
 */
export interface CompanyContactsRecord {
/**
 * Intercom id of the parent company.
 */
company_id: string
/**
 * Intercom id of the contact (same as id).
 */
contact_id: string
/**
 * Intercom id of the contact.
 */
id?: (null | string)
type?: (null | string)
workspace_id?: (null | string)
external_id?: (null | string)
role?: (null | string)
email?: (null | string)
email_domain?: (null | string)
phone?: (null | string)
formatted_phone?: (null | string)
name?: (null | string)
/**
 * singer-io type: a string. Intercom sends {type, image_url}; an object value is serialised to a JSON string unless the stream maps it first.
 */
avatar?: (null | string)
/**
 * Integer as in singer-io; API 2.16 sends a numeric string, which the transform converts.
 */
owner_id?: (null | number)
social_profiles?: (null | {
type?: (null | string)
data?: (null | (null | {
type?: (null | string)
name?: (null | string)
username?: (null | string)
url?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
has_hard_bounced?: (null | boolean)
marked_email_as_spam?: (null | boolean)
unsubscribed_from_emails?: (null | boolean)
created_at?: (null | string)
updated_at?: (null | string)
signed_up_at?: (null | string)
last_seen_at?: (null | string)
last_replied_at?: (null | string)
last_contacted_at?: (null | string)
last_email_opened_at?: (null | string)
last_email_clicked_at?: (null | string)
language_override?: (null | string)
browser?: (null | string)
browser_version?: (null | string)
browser_language?: (null | string)
os?: (null | string)
location?: (null | {
type?: (null | string)
country?: (null | string)
region?: (null | string)
city?: (null | string)
country_code?: (null | string)
continent_code?: (null | string)
[k: string]: unknown | undefined
})
android_app_name?: (null | string)
android_app_version?: (null | string)
android_device?: (null | string)
android_os_version?: (null | string)
android_sdk_version?: (null | string)
android_last_seen_at?: (null | string)
ios_app_name?: (null | string)
ios_app_version?: (null | string)
ios_device?: (null | string)
ios_os_version?: (null | string)
ios_sdk_version?: (null | string)
ios_last_seen_at?: (null | string)
/**
 * Custom attributes of the contact. Typed properties are added at discovery from GET /data_attributes; unknown ones pass through.
 */
custom_attributes?: (null | {
[k: string]: unknown | undefined
})
/**
 * Tags embedded in the contact (at most 10; the contact_tags stream has all). Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
tags?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
url?: (null | string)
applied_at?: (null | string)
applied_by?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})[])
/**
 * Notes embedded in the contact (at most 10; the notes stream has all), as Intercom sends them.
 */
notes?: (null | {
type?: (null | string)
data?: (null | (null | {
type?: (null | string)
id?: (null | string)
url?: (null | string)
[k: string]: unknown | undefined
})[])
url?: (null | string)
total_count?: (null | number)
has_more?: (null | boolean)
[k: string]: unknown | undefined
})
/**
 * Companies embedded in the contact (at most 10; the contact_companies stream has all). Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
companies?: (null | (null | {
type?: (null | string)
id?: (null | string)
url?: (null | string)
name?: (null | string)
company_id?: (null | string)
[k: string]: unknown | undefined
})[])
merge_history?: (null | (null | {
type?: (null | string)
source_contact_id?: (null | string)
source_contact_role?: (null | string)
merged_at?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
}

/**
 * Company segments (GET /segments?type=company&include_count=true). Incremental on updated_at.
 */
export interface CompanySegmentsRecord {
type?: (null | string)
id: string
name?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
person_type?: (null | string)
count?: (null | number)
[k: string]: unknown | undefined
}

/**
 * Contact data attributes (GET /data_attributes?model=contact). Full table.
 */
export interface ContactAttributesRecord {
/**
 * Primary key: SHA-256 hex of str(id) + name + description (singer-io/tap-intercom rule; a missing value counts as an empty string).
 */
_sdc_record_hash: string
type?: (null | string)
/**
 * Present for custom attributes only.
 */
id?: (null | number)
model?: (null | string)
name?: (null | string)
full_name?: (null | string)
label?: (null | string)
description?: (null | string)
data_type?: (null | string)
options?: (null | (null | string)[])
api_writable?: (null | boolean)
messenger_writable?: (null | boolean)
ui_writable?: (null | boolean)
custom?: (null | boolean)
archived?: (null | boolean)
admin_id?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
[k: string]: unknown | undefined
}

/**
 * Companies of each contact, as links (contact_id, id, type): from the list the contact embeds when it is complete, else from GET /contacts/{id}/companies. The company details live in the companies stream. Child of contacts; key contact_id + id.
 */
export interface ContactCompaniesRecord {
/**
 * Id of the parent contact.
 */
contact_id: string
/**
 * Intercom id of the company.
 */
id: string
/**
 * Intercom's object type ("company").
 */
type?: (null | string)
[k: string]: unknown | undefined
}

/**
 * Segments of each contact (GET /contacts/{id}/segments). Child of contacts; key contact_id + id.
 */
export interface ContactSegmentsRecord {
/**
 * Id of the parent contact.
 */
contact_id: string
type?: (null | string)
id: string
name?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
person_type?: (null | string)
count?: (null | number)
[k: string]: unknown | undefined
}

/**
 * Tags of each contact, as links (contact_id, id, type): from the list the contact embeds when it is complete, else from GET /contacts/{id}/tags. The tag names live in the tags stream. Child of contacts; key contact_id + id.
 */
export interface ContactTagsRecord {
/**
 * Id of the parent contact.
 */
contact_id: string
/**
 * Intercom id of the tag.
 */
id: string
/**
 * Intercom's object type ("tag").
 */
type?: (null | string)
[k: string]: unknown | undefined
}

/**
 * Contacts (POST /contacts/search sorted by updated_at). Incremental on updated_at. A superset of singer-io/tap-intercom.
 */
export interface ContactsRecord {
type?: (null | string)
id: string
workspace_id?: (null | string)
external_id?: (null | string)
role?: (null | string)
email?: (null | string)
email_domain?: (null | string)
phone?: (null | string)
formatted_phone?: (null | string)
name?: (null | string)
/**
 * singer-io type: a string. Intercom sends {type, image_url}; an object value is serialised to a JSON string unless the stream maps it first.
 */
avatar?: (null | string)
/**
 * Integer as in singer-io; API 2.16 sends a numeric string, which the transform converts.
 */
owner_id?: (null | number)
social_profiles?: (null | {
type?: (null | string)
data?: (null | (null | {
type?: (null | string)
name?: (null | string)
username?: (null | string)
url?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
has_hard_bounced?: (null | boolean)
marked_email_as_spam?: (null | boolean)
unsubscribed_from_emails?: (null | boolean)
created_at?: (null | string)
updated_at?: (null | string)
signed_up_at?: (null | string)
last_seen_at?: (null | string)
last_replied_at?: (null | string)
last_contacted_at?: (null | string)
last_email_opened_at?: (null | string)
last_email_clicked_at?: (null | string)
language_override?: (null | string)
browser?: (null | string)
browser_version?: (null | string)
browser_language?: (null | string)
os?: (null | string)
location?: (null | {
type?: (null | string)
country?: (null | string)
region?: (null | string)
city?: (null | string)
country_code?: (null | string)
continent_code?: (null | string)
[k: string]: unknown | undefined
})
android_app_name?: (null | string)
android_app_version?: (null | string)
android_device?: (null | string)
android_os_version?: (null | string)
android_sdk_version?: (null | string)
android_last_seen_at?: (null | string)
ios_app_name?: (null | string)
ios_app_version?: (null | string)
ios_device?: (null | string)
ios_os_version?: (null | string)
ios_sdk_version?: (null | string)
ios_last_seen_at?: (null | string)
/**
 * Custom attributes of the contact. Typed properties are added at discovery from GET /data_attributes; unknown ones pass through.
 */
custom_attributes?: (null | {
[k: string]: unknown | undefined
})
/**
 * Tags embedded in the contact (at most 10; the contact_tags stream has all). Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
tags?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
url?: (null | string)
applied_at?: (null | string)
applied_by?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})[])
/**
 * Notes embedded in the contact (at most 10; the notes stream has all), as Intercom sends them.
 */
notes?: (null | {
type?: (null | string)
data?: (null | (null | {
type?: (null | string)
id?: (null | string)
url?: (null | string)
[k: string]: unknown | undefined
})[])
url?: (null | string)
total_count?: (null | number)
has_more?: (null | boolean)
[k: string]: unknown | undefined
})
/**
 * Companies embedded in the contact (at most 10; the contact_companies stream has all). Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
companies?: (null | (null | {
type?: (null | string)
id?: (null | string)
url?: (null | string)
name?: (null | string)
company_id?: (null | string)
[k: string]: unknown | undefined
})[])
merge_history?: (null | (null | {
type?: (null | string)
source_contact_id?: (null | string)
source_contact_role?: (null | string)
merged_at?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
}

/**
 * Parts of each conversation (GET /conversations/{id}, the 500 newest). Incremental on updated_at. A superset of singer-io/tap-intercom.
 */
export interface ConversationPartsRecord {
type?: (null | string)
id: string
part_type?: (null | string)
body?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
notified_at?: (null | string)
/**
 * singer-io type: a string. Intercom sends {type, id}; an object value is serialised to a JSON string unless the stream maps it first.
 */
assigned_to?: (null | string)
author?: (null | {
id?: (null | string)
type?: (null | string)
name?: (null | string)
email?: (null | string)
from_ai_agent?: (null | boolean)
is_ai_answer?: (null | boolean)
[k: string]: unknown | undefined
})
attachments?: (null | (null | {
type?: (null | string)
name?: (null | string)
url?: (null | string)
content_type?: (null | string)
filesize?: (null | number)
width?: (null | number)
height?: (null | number)
[k: string]: unknown | undefined
})[])
external_id?: (null | string)
redacted?: (null | boolean)
/**
 * Id of the parent conversation (singer-io field).
 */
conversation_id?: (null | string)
/**
 * created_at of the parent conversation (singer-io field).
 */
conversation_created_at?: (null | string)
/**
 * updated_at of the parent conversation (singer-io field).
 */
conversation_updated_at?: (null | string)
/**
 * conversation_parts.total_count of the parent conversation (singer-io field).
 */
conversation_total_parts?: (null | number)
state?: (null | string)
tags?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})[])
app_package_code?: (null | string)
event_details?: (null | {
[k: string]: unknown | undefined
})
email_message_metadata?: (null | {
subject?: (null | string)
message_id?: (null | string)
email_address_headers?: (null | (null | {
type?: (null | string)
email_address?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
metadata?: (null | {
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
}

/**
 * Conversations (POST /conversations/search on updated_at). Incremental on updated_at. A superset of singer-io/tap-intercom.
 */
export interface ConversationsRecord {
type?: (null | string)
id: string
title?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
waiting_since?: (null | string)
snoozed_until?: (null | string)
/**
 * Legacy singer-io field.
 */
sent_at?: (null | string)
open?: (null | boolean)
state?: (null | string)
read?: (null | boolean)
priority?: (null | string)
admin_assignee_id?: (null | number)
team_assignee_id?: (null | number)
source?: (null | {
type?: (null | string)
id?: (null | string)
delivered_as?: (null | string)
subject?: (null | string)
body?: (null | string)
url?: (null | string)
redacted?: (null | boolean)
author?: (null | {
id?: (null | string)
type?: (null | string)
name?: (null | string)
email?: (null | string)
[k: string]: unknown | undefined
})
attachments?: (null | (null | {
type?: (null | string)
name?: (null | string)
url?: (null | string)
content_type?: (null | string)
filesize?: (null | number)
width?: (null | number)
height?: (null | number)
[k: string]: unknown | undefined
})[])
recipients?: (null | (null | {
type?: (null | string)
email?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})[])
reply_to?: (null | (null | {
type?: (null | string)
email?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
/**
 * Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
contacts?: (null | (null | {
type?: (null | string)
id?: (null | string)
external_id?: (null | string)
[k: string]: unknown | undefined
})[])
teammates?: (null | {
type?: (null | string)
/**
 * singer-io name (legacy).
 */
admins?: (null | (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})[])
/**
 * API 2.x name.
 */
teammates?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
email?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
first_contact_reply?: (null | {
type?: (null | string)
url?: (null | string)
created_at?: (null | string)
[k: string]: unknown | undefined
})
/**
 * Legacy singer-io field.
 */
conversation_message?: (null | {
type?: (null | string)
id?: (null | string)
subject?: (null | string)
body?: (null | string)
delivered_as?: (null | string)
url?: (null | string)
author?: (null | {
id?: (null | string)
type?: (null | string)
name?: (null | string)
email?: (null | string)
[k: string]: unknown | undefined
})
attachments?: (null | (null | {
type?: (null | string)
name?: (null | string)
url?: (null | string)
content_type?: (null | string)
filesize?: (null | number)
width?: (null | number)
height?: (null | number)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
conversation_rating?: (null | {
rating?: (null | number)
remark?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
customer?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
contact?: (null | {
type?: (null | string)
id?: (null | string)
external_id?: (null | string)
[k: string]: unknown | undefined
})
teammate?: (null | {
/**
 * Integer as in singer-io (numeric strings converted).
 */
id?: (null | number)
type?: (null | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})
/**
 * Legacy singer-io field.
 */
customer_first_reply?: (null | {
type?: (null | string)
url?: (null | string)
created_at?: (null | string)
[k: string]: unknown | undefined
})
/**
 * Legacy singer-io field.
 */
customers?: (null | (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})[])
user?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
sla_applied?: (null | {
type?: (null | string)
sla_name?: (null | string)
sla_status?: (null | string)
[k: string]: unknown | undefined
})
statistics?: (null | {
type?: (null | string)
time_to_assignment?: (null | number)
time_to_admin_reply?: (null | number)
time_to_first_close?: (null | number)
time_to_last_close?: (null | number)
median_time_to_reply?: (null | number)
first_contact_reply_at?: (null | string)
first_assignment_at?: (null | string)
first_admin_reply_at?: (null | string)
first_close_at?: (null | string)
last_assignment_at?: (null | string)
last_assignment_admin_reply_at?: (null | string)
last_contact_reply_at?: (null | string)
last_admin_reply_at?: (null | string)
last_close_at?: (null | string)
/**
 * Integer as in singer-io; API 2.16 sends a numeric string, which the transform converts.
 */
last_closed_by_id?: (null | number)
count_reopens?: (null | number)
count_assignments?: (null | number)
count_conversation_parts?: (null | number)
last_closed_by?: (null | {
id?: (null | string)
name?: (null | string)
email?: (null | string)
type?: (null | string)
[k: string]: unknown | undefined
})
assigned_team_first_response_time?: (null | (null | {
team_id?: (null | number)
team_name?: (null | string)
response_time?: (null | number)
[k: string]: unknown | undefined
})[])
assigned_team_first_response_time_in_office_hours?: (null | (null | {
team_id?: (null | number)
team_name?: (null | string)
response_time?: (null | number)
[k: string]: unknown | undefined
})[])
handling_time?: (null | number)
adjusted_handling_time?: (null | number)
[k: string]: unknown | undefined
})
/**
 * Intercom sends a list object; the transform keeps its item array (singer-io shape).
 */
tags?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
url?: (null | string)
applied_at?: (null | string)
applied_by?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})[])
custom_attributes?: (null | {
[k: string]: unknown | undefined
})
company?: (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
company_id?: (null | string)
app_id?: (null | string)
[k: string]: unknown | undefined
})
linked_objects?: (null | {
type?: (null | string)
total_count?: (null | number)
has_more?: (null | boolean)
data?: (null | (null | {
type?: (null | string)
id?: (null | string)
category?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
ai_agent_participated?: (null | boolean)
ai_agent?: (null | {
source_type?: (null | string)
source_title?: (null | string)
last_answer_type?: (null | string)
resolution_state?: (null | string)
rating?: (null | number)
rating_remark?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
content_sources?: (null | {
type?: (null | string)
total_count?: (null | number)
content_sources?: (null | (null | {
content_type?: (null | string)
url?: (null | string)
title?: (null | string)
locale?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})
sales_agent_participated?: (null | boolean)
sales_agent?: (null | {
outcome?: (null | string)
routing_outcome?: (null | string)
collected_data?: (null | {
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})
channel?: (null | {
initial?: (null | string)
current?: (null | string)
[k: string]: unknown | undefined
})
external_references?: (null | (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})[])
monitor_evaluations?: (null | (null | {
monitor_id?: (null | string)
monitor_name?: (null | string)
monitor_type?: (null | string)
result?: (null | string)
explanation?: (null | string)
[k: string]: unknown | undefined
})[])
scorecards?: (null | (null | {
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
}

/**
 * Workspace counts (legacy GET /counts, not in the OpenAPI specs). Full table. Flattened to one record per counted thing: {type: "company"|"user"|"lead"|"tag"|"segment", count}; GET /counts?type=conversation gives {type: "conversation", count: open + closed, open, closed, assigned, unassigned}.
 */
export interface CountsRecord {
type: string
count?: (null | number)
open?: (null | number)
closed?: (null | number)
assigned?: (null | number)
unassigned?: (null | number)
[k: string]: unknown | undefined
}

/**
 * Data events of each contact (GET /events?type=user&intercom_user_id=…, the last 90 days). Key intercom_user_id + created_at + event_name; incremental on created_at.
 */
export interface EventsRecord {
type?: (null | string)
id?: (null | string)
event_name: string
created_at: string
user_id?: (null | string)
intercom_user_id: string
email?: (null | string)
metadata?: (null | {
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
}

/**
 * Help Center articles (GET /articles). Incremental on updated_at.
 */
export interface HelpCenterArticlesRecord {
type?: (null | string)
id: string
workspace_id?: (null | string)
title?: (null | string)
description?: (null | string)
body?: (null | string)
body_markdown?: (null | string)
author_id?: (null | number)
state?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
url?: (null | string)
parent_id?: (null | number)
parent_ids?: (null | (null | number)[])
parent_type?: (null | string)
default_locale?: (null | string)
translated_content?: (null | {
[k: string]: unknown | undefined
})
tags?: (null | {
type?: (null | string)
tags?: (null | (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
has_unpublished_changes?: (null | boolean)
draft_updated_at?: (null | string)
ai_chatbot_availability?: (null | boolean)
ai_copilot_availability?: (null | boolean)
ai_sales_agent_availability?: (null | boolean)
created_by_id?: (null | number)
updated_by_id?: (null | number)
exclude_from_article_suggestions?: (null | boolean)
help_center_audience?: (null | string)
scheduled_publish_at?: (null | string)
scheduled_unpublish_at?: (null | string)
statistics?: (null | {
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
}

/**
 * Help Center collections (GET /help_center/collections). Incremental on updated_at.
 */
export interface HelpCenterCollectionsRecord {
type?: (null | string)
id: string
workspace_id?: (null | string)
name?: (null | string)
description?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
url?: (null | string)
icon?: (null | string)
order?: (null | number)
default_locale?: (null | string)
translated_content?: (null | {
[k: string]: unknown | undefined
})
parent_id?: (null | string)
help_center_id?: (null | number)
[k: string]: unknown | undefined
}

/**
 * Notes of each contact (GET /contacts/{id}/notes). Child of contacts; key contact_id + id.
 */
export interface NotesRecord {
/**
 * Id of the parent contact.
 */
contact_id: string
type?: (null | string)
id: string
created_at?: (null | string)
body?: (null | string)
contact?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
company?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
author?: (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
email?: (null | string)
job_title?: (null | string)
away_mode_enabled?: (null | boolean)
away_mode_reassign?: (null | boolean)
away_status_reason_id?: (null | number)
has_inbox_seat?: (null | boolean)
team_ids?: (null | number[])
avatar?: (null | {
type?: (null | string)
image_url?: (null | string)
[k: string]: unknown | undefined
} | string)
role?: (null | {
type?: (null | string)
id?: (null | string)
name?: (null | string)
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
})
[k: string]: unknown | undefined
}

/**
 * Segments (GET /segments?include_count=true). Incremental on updated_at.
 */
export interface SegmentsRecord {
type?: (null | string)
id: string
name?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
person_type?: (null | string)
count?: (null | number)
[k: string]: unknown | undefined
}

/**
 * Tags (GET /tags). Full table. `id` is an integer as in singer-io/tap-intercom (Intercom sends a numeric string; the transform converts it).
 */
export interface TagsRecord {
type?: (null | string)
id: number
name?: (null | string)
[k: string]: unknown | undefined
}

/**
 * Teams (GET /teams). Full table.
 */
export interface TeamsRecord {
type?: (null | string)
id: string
name?: (null | string)
admin_ids?: (null | number[])
admin_priority_level?: (null | {
primary_admin_ids?: (null | number[])
secondary_admin_ids?: (null | number[])
[k: string]: unknown | undefined
})
assignment_limit?: (null | number)
distribution_method?: (null | string)
[k: string]: unknown | undefined
}

/**
 * Tickets (POST /tickets/search on updated_at). Incremental on updated_at.
 */
export interface TicketsRecord {
type?: (null | string)
id: string
ticket_id?: (null | string)
category?: (null | string)
title?: (null | string)
ticket_attributes?: (null | {
[k: string]: unknown | undefined
})
/**
 * An object in API 2.16; a string in 2.11.
 */
ticket_state?: (null | {
type?: (null | string)
id?: (null | string)
category?: (null | string)
internal_label?: (null | string)
external_label?: (null | string)
[k: string]: unknown | undefined
} | string)
ticket_state_internal_label?: (null | string)
ticket_state_external_label?: (null | string)
ticket_type?: (null | {
type?: (null | string)
id?: (null | string)
category?: (null | string)
name?: (null | string)
description?: (null | string)
icon?: (null | string)
workspace_id?: (null | string)
archived?: (null | boolean)
created_at?: (null | string)
updated_at?: (null | string)
[k: string]: unknown | undefined
})
contacts?: (null | {
type?: (null | string)
contacts?: (null | (null | {
type?: (null | string)
id?: (null | string)
external_id?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
/**
 * Integer (API 2.16); numeric strings from 2.11 are converted.
 */
admin_assignee_id?: (null | number)
/**
 * Integer (API 2.16); numeric strings from 2.11 are converted.
 */
team_assignee_id?: (null | number)
created_at?: (null | string)
updated_at?: (null | string)
open?: (null | boolean)
snoozed_until?: (null | string)
linked_objects?: (null | {
type?: (null | string)
total_count?: (null | number)
has_more?: (null | boolean)
data?: (null | (null | {
type?: (null | string)
id?: (null | string)
category?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
ticket_parts?: (null | {
type?: (null | string)
total_count?: (null | number)
ticket_parts?: (null | (null | {
type?: (null | string)
id?: (null | string)
part_type?: (null | string)
body?: (null | string)
previous_ticket_state?: (null | string)
ticket_state?: (null | string)
created_at?: (null | string)
updated_at?: (null | string)
assigned_to?: (null | {
type?: (null | string)
id?: (null | string)
[k: string]: unknown | undefined
})
author?: (null | {
id?: (null | string)
type?: (null | string)
name?: (null | string)
email?: (null | string)
from_ai_agent?: (null | boolean)
is_ai_answer?: (null | boolean)
[k: string]: unknown | undefined
})
attachments?: (null | (null | {
type?: (null | string)
name?: (null | string)
url?: (null | string)
content_type?: (null | string)
filesize?: (null | number)
width?: (null | number)
height?: (null | number)
[k: string]: unknown | undefined
})[])
external_id?: (null | string)
redacted?: (null | boolean)
app_package_code?: (null | string)
[k: string]: unknown | undefined
})[])
[k: string]: unknown | undefined
})
is_shared?: (null | boolean)
previous_ticket_state_id?: (null | string)
[k: string]: unknown | undefined
}
