import { defineModel, fields } from '../db/index.js';

/**
 * A stored session: Django's django.contrib.sessions.models.Session, same table and columns,
 * so Canter and Django can share it.
 */
export class Session extends defineModel('sessions.Session', {
  sessionKey: fields.CharField({ maxLength: 40, primaryKey: true, dbColumn: 'session_key' }),
  sessionData: fields.TextField({ dbColumn: 'session_data' }),
  expireDate: fields.DateTimeField({ dbIndex: true, dbColumn: 'expire_date' }),
}, { dbTable: 'django_session' }) {}
