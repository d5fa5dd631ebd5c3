// Django's auth migration 0004_alter_user_username_opts: the username's validators and messages (no database change).
import { fields, migrations } from '../../db/index.js';
import { unicodeUsernameValidator } from '../models/username-validator.js';

export default migrations.migration({
  dependencies: [['auth', '0003_alter_user_email_max_length']],
  operations: [
    new migrations.AlterField({
      modelName: 'User',
      name: 'username',
      field: fields.CharField({ maxLength: 30, unique: true, verboseName: 'username', validators: [unicodeUsernameValidator] }),
    }),
  ],
});
