// Django's auth migration 0007_alter_validators_add_error_messages: the username's validators and error messages (no database change).
import { fields, migrations } from '../../db/index.js';
import { unicodeUsernameValidator } from '../models/username-validator.js';

export default migrations.migration({
  dependencies: [['auth', '0006_require_contenttypes_0002']],
  operations: [
    new migrations.AlterField({
      modelName: 'User',
      name: 'username',
      field: fields.CharField({ maxLength: 30, unique: true, verboseName: 'username', validators: [unicodeUsernameValidator] }),
    }),
  ],
});
