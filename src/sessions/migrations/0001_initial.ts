// The sessions app's table, as Django's sessions migration 0001_initial makes it.
import { fields, migrations } from '../../db/index.js';

export default migrations.migration({
  initial: true,
  dependencies: [],
  operations: [
    new migrations.CreateModel({
      name: 'Session',
      fields: {
        sessionKey: fields.CharField({ maxLength: 40, primaryKey: true, dbColumn: 'session_key' }),
        sessionData: fields.TextField({ dbColumn: 'session_data' }),
        expireDate: fields.DateTimeField({ dbIndex: true, dbColumn: 'expire_date' }),
      },
      options: { dbTable: 'django_session' },
    }),
  ],
});
