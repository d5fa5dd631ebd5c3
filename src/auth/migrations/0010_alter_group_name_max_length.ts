// Django's auth migration 0010_alter_group_name_max_length: group names up to 150 characters.
import { fields, migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0009_alter_user_last_name_max_length']],
  operations: [
    new migrations.AlterField({
      modelName: 'Group',
      name: 'name',
      field: fields.CharField({ maxLength: 150, unique: true, verboseName: 'name' }),
    }),
  ],
});
