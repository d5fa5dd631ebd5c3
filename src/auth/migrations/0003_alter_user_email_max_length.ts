// Django's auth migration 0003_alter_user_email_max_length: email addresses up to 254 characters.
import { fields, migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0002_alter_permission_name_max_length']],
  operations: [
    new migrations.AlterField({
      modelName: 'User',
      name: 'email',
      field: fields.EmailField({ maxLength: 254, blank: true, verboseName: 'email address' }),
    }),
  ],
});
