// Django's auth migration 0009_alter_user_last_name_max_length: last names up to 150 characters.
import { fields, migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0008_alter_user_username_max_length']],
  operations: [
    new migrations.AlterField({
      modelName: 'User',
      name: 'last_name',
      field: fields.CharField({ maxLength: 150, blank: true, verboseName: 'last name' }),
    }),
  ],
});
