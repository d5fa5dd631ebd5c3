// Django's auth migration 0008_alter_user_username_max_length: usernames up to 150 characters.
import { fields, migrations } from '../../db/index.js';
import { unicodeUsernameValidator } from '../models/username-validator.js';

export default migrations.migration({
  dependencies: [['auth', '0007_alter_validators_add_error_messages']],
  operations: [
    new migrations.AlterField({
      modelName: 'User',
      name: 'username',
      field: fields.CharField({ maxLength: 150, unique: true, verboseName: 'username', validators: [unicodeUsernameValidator] }),
    }),
  ],
});
