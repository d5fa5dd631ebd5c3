// Django's auth migration 0005_alter_user_last_login_null: last_login may be empty (a user who never logged in).
import { fields, migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0004_alter_user_username_opts']],
  operations: [
    new migrations.AlterField({
      modelName: 'User',
      name: 'last_login',
      field: fields.DateTimeField({ null: true, blank: true, verboseName: 'last login' }),
    }),
  ],
});
